package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.docs.ShellExamples;
import dev.totpmfa.docs.ShellExamples.Command;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code curl} and {@code kcadm.sh} example of README.md and docs/*.md, run as written against a real Keycloak,
 * so a renamed path or field fails the build (see CONTRIBUTING, "Docs that are run"). The commands are read from the
 * Markdown ({@link ShellExamples}), never copied here, and run in one bash in the order a reader meets them, with the
 * assignments and functions around them ({@code kc_token}). The reader's own variables ({@code KC}, {@code REALM},
 * {@code ADMIN_PASSWORD}, {@code PASSWORD}) are set here for this server: a fresh realm with Keycloak's stock flows and
 * a user {@code alice} with a device of Keycloak's own OTP. Commands that install or start a server (copying the jar,
 * {@code kc.sh}, {@code mvn}) are the harness's job and are not run.
 */
@KeycloakIT
class DocsExamplesIT {

    /**
     * Commands the docs show that this test does not run, by a piece of their text, with the reason. Each must still
     * occur in the docs, so the list cannot outlive what it excuses.
     */
    private static final Map<String, String> NOT_RUN = Map.of(
            "docker compose -f docker/compose.yml up --build",
            "starts Keycloak and PostgreSQL in containers, a second Keycloak beside the test server; ComposeJourneyIT"
                    + " runs docker/compose.yml the same way (up --build) under the machine lock where DOCKER_HOST"
                    + " is set, and this test checks that the files the command names exist");

    private static final String ALICE_PASSWORD = "Docs-Examples-Alice-1";
    private static final Pattern STATUS_LINE = Pattern.compile("^@@HTTP (\\d{3})$", Pattern.MULTILINE);
    private static final Pattern FILE_ARGUMENT = Pattern.compile("(?:^|\\s)((?:docker|docs|bin)/[\\w./-]+)");

    private static final KeycloakTarget server = KeycloakTargets.current();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static String realm;

    @TempDir
    static Path work;

    @BeforeAll
    static void createRealm() {
        realm = "it-docs-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ObjectNode representation = admin.json().createObjectNode().put("realm", realm).put("enabled", true);
        admin.realms().createRealm(representation);
        admin.users().createUserWithBuiltInTotp(realm, "alice", ALICE_PASSWORD, "12345678901234567890", "HmacSHA1", 6,
                30);
    }

    @AfterAll
    static void deleteRealm() {
        if (realm != null) {
            admin.realms().deleteRealm(realm);
        }
    }

    @Test
    void everyServerExampleAnswersAsDocumented() throws Exception {
        assertThat(server.adminUser()).as("the docs sign in as admin").isEqualTo("admin");
        List<Command> commands = new ArrayList<>();
        ShellExamples.documents(Path.of("")).forEach(document -> commands.addAll(ShellExamples.read(document)));
        List<Command> run = commands.stream()
                .filter(command -> !command.setsReaderVariable() && !command.usesDocker())
                .filter(command -> command.callsServer() || command.defines())
                .toList();
        assertThat(run.stream().filter(Command::callsServer)).as("server examples found in the docs")
                .hasSizeGreaterThan(10);

        Path script = writeScript(run);
        Process bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("bash.log").toFile()).directory(Path.of("").toAbsolutePath().toFile())
                .start();
        bash.getOutputStream().close();
        assertThat(bash.waitFor(5, TimeUnit.MINUTES)).as("the examples finish within five minutes").isTrue();

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < run.size(); i++) {
            check(softly, run.get(i), i);
        }
        checkNotRun(softly, commands);
        softly.assertAll();
    }

    private Path writeScript(List<Command> run) throws IOException {
        Path home = Files.createDirectories(work.resolve("home"));
        StringBuilder script = new StringBuilder()
                .append("set -o pipefail\n")
                .append("export HOME=").append(quote(home.toString())).append('\n')
                .append("export PATH=").append(quote(keycloakBin() + ":")).append("\"$PATH\"\n")
                .append("KC=").append(quote(server.baseUrl())).append('\n')
                .append("REALM=").append(quote(realm)).append('\n')
                .append("ADMIN_PASSWORD=").append(quote(server.adminPassword())).append('\n')
                .append("PASSWORD=").append(quote(ALICE_PASSWORD)).append('\n')
                // Every HTTP status goes to stderr, out of the way of what the example reads from stdout.
                .append("curl() { command curl -w '%{stderr}\\n@@HTTP %{http_code}\\n' \"$@\"; }\n");
        for (int i = 0; i < run.size(); i++) {
            Path out = work.resolve(i + ".out");
            Path err = work.resolve(i + ".err");
            script.append("{ ").append(run.get(i).text()).append("\n} >").append(quote(out.toString()))
                    .append(" 2>").append(quote(err.toString())).append("; echo $? >")
                    .append(quote(work.resolve(i + ".rc").toString())).append('\n');
        }
        Path file = work.resolve("examples.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }

    private void check(SoftAssertions softly, Command command, int index) {
        String where = command.where() + " `" + command.text() + "`";
        String out = read(index + ".out");
        String err = read(index + ".err");
        softly.assertThat(read(index + ".rc").strip()).as(where + " exit status; stderr: " + err).isEqualTo("0");
        List<Integer> statuses = new ArrayList<>();
        Matcher status = STATUS_LINE.matcher(err);
        while (status.find()) {
            statuses.add(Integer.parseInt(status.group(1)));
        }
        boolean callsCurl = command.text().matches("(?s).*(^|[\\s($])curl\\s.*") && !command.text().contains("() {");
        if (callsCurl) {
            softly.assertThat(statuses).as(where + " made no HTTP request; stderr: " + err).isNotEmpty();
        }
        if (!statuses.isEmpty()) {
            int last = statuses.get(statuses.size() - 1);
            for (int earlier : statuses.subList(0, statuses.size() - 1)) {
                softly.assertThat(earlier).as(where + " (a request before the last); output: " + out)
                        .isBetween(200, 299);
            }
            command.expectedStatus().ifPresentOrElse(
                    expected -> softly.assertThat(last).as(where + " status; output: " + out).isEqualTo(expected),
                    () -> softly.assertThat(last).as(where + " status; output: " + out).isBetween(200, 299));
        }
        List<String> answered = ShellExamples.fieldNames(out);
        softly.assertThat(answered).as(where + ": fields the docs show in its answer; the real answer: " + out)
                .containsAll(command.documentedFields());
    }

    private static void checkNotRun(SoftAssertions softly, List<Command> commands) {
        for (Command command : commands) {
            if (command.usesDocker()) {
                softly.assertThat(NOT_RUN.keySet().stream().anyMatch(command.text()::contains))
                        .as(command.where() + " `" + command.text() + "` is a Docker example: run it or say in"
                                + " NOT_RUN why not")
                        .isTrue();
                Matcher file = FILE_ARGUMENT.matcher(command.text());
                while (file.find()) {
                    softly.assertThat(Path.of(file.group(1))).as(command.where() + " names a file").exists();
                }
            }
        }
        for (String excused : NOT_RUN.keySet()) {
            softly.assertThat(commands.stream().anyMatch(command -> command.text().contains(excused)))
                    .as("NOT_RUN lists `" + excused + "`, which no doc shows any more").isTrue();
        }
    }

    private static String keycloakBin() {
        String home = System.getProperty("keycloak.home");
        assertThat(home).as("system property keycloak.home (set by Failsafe)").isNotBlank();
        return Path.of(home, "bin").toAbsolutePath().toString();
    }

    private static String read(String name) {
        try {
            return Files.readString(work.resolve(name));
        } catch (IOException e) {
            return "(nothing: the script stopped before this command; see " + work.resolve("bash.log") + ")";
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}

package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker/compose.yml} run the way README tells admins to: {@code docker compose -f docker/compose.yml up
 * --build} (or Debian's {@code docker-compose} where the CLI has no compose plugin) builds the image, starts
 * PostgreSQL and Keycloak and imports the demo realm. Free ports (the file's variables) and a project name of its
 * own keep it apart from anything else on the machine; it holds the one-Keycloak lock while it runs, and
 * {@link #stop()} removes its containers and its database volume.
 */
public final class ComposeKeycloak extends LockedKeycloak {

    private static final String PROJECT = "keycloak-totp-mfa-it";
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(Long.getLong("it.startTimeoutSeconds", 300));

    private final Path composeFile = Path.of(System.getProperty("it.projectRoot", ".")).toAbsolutePath()
            .resolve("docker/compose.yml");
    private final Path logDir = Path.of(System.getProperty("it.logDir", "target/it-logs"));
    private final int postgresPort = FreePorts.any();
    private final String adminPassword = "admin-" + TestRealm.randomHex(8);
    private final List<String> compose = composeCommand();

    private boolean up;

    public ComposeKeycloak() {
        super(FreePorts.any(), FreePorts.any());
    }

    @Override
    public synchronized void ensureStartedWithDefaults() {
        if (up) {
            return;
        }
        start("docker/compose.yml", () -> {
            holdMachineLock();
            Files.createDirectories(logDir);
            up = true;
            Instant begin = Instant.now();
            run(UP_TIMEOUT, "up", "--detach", "--build");
            waitUntilHealthy();
            System.out.printf("[it] docker/compose.yml up (%s) and Keycloak healthy on %s after %d s%n",
                    String.join(" ", compose), baseUrl(), Duration.between(begin, Instant.now()).toSeconds());
        });
    }

    /** {@code docker compose} where the CLI has the plugin, else {@code docker-compose} (Debian's package). */
    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
                process.destroyForcibly();
            } catch (IOException notInstalled) {
                // try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Neither `docker compose` nor `docker-compose` works here; the compose"
                + " journey needs one (Debian: apt-get install docker-compose)");
    }

    /** Waits for the healthcheck of compose.yml itself, so the test also proves that it works. */
    private void waitUntilHealthy() throws InterruptedException {
        String container = lastLine(run(Duration.ofMinutes(1), "ps", "-q", "keycloak"));
        Instant deadline = Instant.now().plus(HEALTHY_TIMEOUT);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = lastLine(docker("inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", container));
            if (status.equals("running healthy")) {
                return;
            }
            if (!status.startsWith("running") || status.endsWith("unhealthy")) {
                break;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("Keycloak of docker/compose.yml is not healthy (" + status + "); last lines:\n"
                + String.join("\n", serverLogTail(80)));
    }

    /** The answer of a command whose output may start with warnings. */
    private static String lastLine(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private String run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("--project-name", PROJECT, "--file", composeFile.toString()));
        command.addAll(List.of(arguments));
        return exec(command, timeout);
    }

    private String docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return exec(command, Duration.ofMinutes(1));
    }

    /** Runs a command with this run's ports and password in its environment; its output, also kept in compose.log. */
    private String exec(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile(logDir, "compose-command", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putAll(Map.of(
                        "KC_HTTP_PORT", String.valueOf(httpPort()),
                        "KC_HTTP_MANAGEMENT_PORT", String.valueOf(managementPort()),
                        "POSTGRES_PORT", String.valueOf(postgresPort),
                        "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword));
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.destroy();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                Files.writeString(logDir.resolve("compose.log"), "$ " + String.join(" ", command) + "\n" + text,
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (!finished || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + (finished ? " failed" : " timed out")
                            + ":\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    void stopServer() {
        try {
            if (up) {
                up = false;
                Files.writeString(logDir.resolve("compose-services.log"), run(Duration.ofMinutes(2), "logs",
                        "--no-color"), StandardCharsets.UTF_8);
                run(Duration.ofMinutes(3), "down", "--volumes", "--remove-orphans", "--timeout", "30");
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[it] docker/compose.yml down failed: " + e);
        }
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String serverLog() {
        return run(Duration.ofMinutes(2), "logs", "--no-color", "keycloak");
    }
}

package dev.totpmfa.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.docs.ShellExamples.Command;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the docs' shell blocks are read: the rules DocsExamplesIT relies on, checked without a server. */
class ShellExamplesTest {

    @Test
    void aCommandGoesOnAfterABackslashAndKeepsTheAnswerAfterIt() {
        List<Command> commands = ShellExamples.parse("X.md", List.of(
                "Text",
                "   ```bash",
                "   KC=http://localhost:8080   # your Keycloak",
                "   curl -s -H \"Authorization: Bearer $(kc_token)\" \\",
                "       \"$KC/admin/realms/$REALM/totp-mfa/summary\"",
                "   # {\"users\":12,",
                "   #   \"enrolled\":4}",
                "   ```",
                "```java",
                "curl -s not-a-shell-block",
                "```"));

        assertThat(commands).hasSize(2);
        assertThat(commands.get(0).setsReaderVariable()).isTrue();
        Command summary = commands.get(1);
        assertThat(summary.text()).isEqualTo(
                "curl -s -H \"Authorization: Bearer $(kc_token)\"  \"$KC/admin/realms/$REALM/totp-mfa/summary\"");
        assertThat(summary.where()).isEqualTo("X.md:4");
        assertThat(summary.callsServer()).isTrue();
        assertThat(summary.documentedFields()).containsExactly("users", "enrolled");
        assertThat(summary.expectedStatus()).isEmpty();
    }

    @Test
    void theAnswerCommentMayNameTheStatus() {
        Command grant = ShellExamples.parse("G.md", List.of("```sh", "curl -s -d otp=1 \"$KC/t\"",
                "# HTTP 400 {\"error\":\"invalid_grant\"}", "```")).get(0);

        assertThat(grant.expectedStatus()).contains(400);
        assertThat(grant.documentedFields()).containsExactly("error");
    }

    @Test
    void definitionsRunAndInstallStepsDoNot() {
        List<Command> commands = ShellExamples.parse("I.md", List.of("```bash",
                "kc_token() { curl -s \"$KC/token\" | jq -r .access_token; }",
                "USER_ID=$(kcadm.sh get users -r \"$REALM\")",
                "cp keycloak-totp-mfa-$VERSION.jar /opt/keycloak/providers/",
                "docker compose -f docker/compose.yml up --build",
                "```"));

        assertThat(commands.get(0).defines()).isTrue();
        assertThat(commands.get(1).defines()).isTrue();
        assertThat(commands.get(1).callsServer()).isTrue();
        assertThat(commands.get(2).defines()).isFalse();
        assertThat(commands.get(2).callsServer()).isFalse();
        assertThat(commands.get(3).usesDocker()).isTrue();
    }

    @Test
    void theReadmeAndTheAdminApiHaveServerExamples() {
        assertThat(ShellExamples.read(Path.of("README.md"))).filteredOn(Command::callsServer).hasSizeGreaterThan(2);
        assertThat(ShellExamples.read(Path.of("docs", "ADMIN-API.md"))).filteredOn(Command::callsServer)
                .hasSizeGreaterThan(8);
        assertThat(ShellExamples.documents(Path.of(""))).first().isEqualTo(Path.of("README.md"));
    }
}

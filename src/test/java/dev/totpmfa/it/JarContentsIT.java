package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar an admin drops into providers/ must hold only our code and resources: Keycloak ships zxing, FreeMarker,
 * Micrometer and itself, and a second copy of any of them on its class path breaks it in ways that are hard to
 * diagnose.
 */
class JarContentsIT {

    @Test
    void holdsOnlyOurClassesAndResources() throws IOException {
        Path jar = Path.of(System.getProperty("extension.jar", "target/keycloak-totp-mfa-0.2.0-SNAPSHOT.jar"));
        List<String> entries;
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).filter(name -> !name.endsWith("/")).toList();
        }

        assertThat(entries).filteredOn(name -> name.endsWith(".class"))
                .isNotEmpty()
                .allMatch(name -> name.startsWith("dev/totpmfa/"), "class under dev/totpmfa/");
        assertThat(entries).noneMatch(name -> name.startsWith("org/keycloak/") || name.startsWith("com/google/zxing/")
                || name.startsWith("freemarker/") || name.startsWith("io/micrometer/") || name.endsWith(".jar"));
        assertThat(entries).contains(
                "META-INF/services/org.keycloak.authentication.AuthenticatorFactory",
                "META-INF/services/org.keycloak.authentication.RequiredActionFactory",
                "META-INF/services/org.keycloak.credential.CredentialProviderFactory",
                "META-INF/services/org.keycloak.events.EventListenerProviderFactory",
                "theme-resources/templates/totp-mfa-setup.ftl",
                "theme-resources/templates/totp-mfa-recovery-codes.ftl",
                "theme-resources/templates/totp-mfa-login.ftl",
                "theme-resources/messages/messages_en.properties");
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jar must load on a stock Keycloak (the pom's keycloak.version) with nothing beside it: if a factory is missing from
 * META-INF/services or fails to initialise, every flow test fails in a confusing way, so this says it plainly.
 *
 * <p>Each check reads only log lines it is about (the current run's startup, or what its own requests caused), so
 * errors other classes provoke on purpose (an unreadable secret after a key was retired, say) never reach it,
 * whichever classes ran before or after.
 */
@KeycloakIT
class ServerSmokeIT {

    /** Quarkus' last startup line, e.g. "Keycloak 26.7.3 on JVM (powered by Quarkus 3.27.1) started in 9.1s." */
    private static final Pattern STARTED = Pattern.compile("Keycloak \\S+ .*started in ");

    @Test
    void serverRunsTheTargetVersion(AdminApi admin) {
        JsonNode info = admin.serverInfo();
        assertThat(info.path("systemInfo").path("version").asText())
                .isEqualTo(KeycloakTargets.keycloakVersion());
    }

    @Test
    void ourProvidersAreLoaded(AdminApi admin) {
        JsonNode providers = admin.serverInfo().path("providers");
        assertThat(providers.path("authenticator").path("providers").has(ProviderIds.LOGIN_FORM))
                .as("authenticator totp-mfa-form").isTrue();
        assertThat(providers.path("required-action").path("providers").has(ProviderIds.SETUP_ACTION))
                .as("required action totp-mfa-setup").isTrue();
        assertThat(providers.path("credential").path("providers").has(ProviderIds.TOTP_CREDENTIAL))
                .as("credential provider totp-mfa").isTrue();
    }

    /**
     * The server runs with the default options (the extension restarts it if an earlier class changed them); its
     * current run's log up to the "started" line is the startup of exactly that configuration.
     */
    @Test
    void startupLogShowsNoErrorFromOurPackage(KeycloakTarget keycloak) {
        List<String> run = keycloak.currentRunLog().lines().toList();
        int started = 0;
        while (started < run.size() && !STARTED.matcher(run.get(started)).find()) {
            started++;
        }
        assertThat(started).as("line saying Keycloak started, in:%n%s", String.join("\n", run))
                .isLessThan(run.size());
        assertThat(run.subList(0, started + 1)).filteredOn(ServerSmokeIT::isErrorFromUs).isEmpty();
    }

    /** Server info asks each of our factories for its metadata (config properties, help texts, display types). */
    @Test
    void describingOurProvidersLogsNoErrorFromOurPackage(KeycloakTarget keycloak, AdminApi admin) {
        int before = keycloak.currentRunLog().length();

        admin.serverInfo();

        String after = keycloak.currentRunLog();
        assertThat(after.substring(Math.min(before, after.length())).lines())
                .filteredOn(ServerSmokeIT::isErrorFromUs).isEmpty();
    }

    private static boolean isErrorFromUs(String line) {
        return line.contains("ERROR") && line.contains("dev.totpmfa");
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import org.junit.jupiter.api.Test;

/**
 * The jar must load on a stock Keycloak 26.7.3 with nothing beside it: if a factory is missing from
 * META-INF/services or fails to initialise, every flow test fails in a confusing way, so this says it plainly.
 */
@KeycloakIT
class ServerSmokeIT {

    @Test
    void serverRunsTheTargetVersion(AdminApi admin) {
        JsonNode info = admin.serverInfo();
        assertThat(info.path("systemInfo").path("version").asText()).isEqualTo(System.getProperty("keycloak.version", "26.7.3"));
    }

    @Test
    void ourProvidersAreLoaded(AdminApi admin) {
        JsonNode providers = admin.serverInfo().path("providers");
        assertThat(providers.path("authenticator").path("providers").has("totp-mfa-form"))
                .as("authenticator totp-mfa-form").isTrue();
        assertThat(providers.path("required-action").path("providers").has("totp-mfa-setup"))
                .as("required action totp-mfa-setup").isTrue();
        assertThat(providers.path("credential").path("providers").has("totp-mfa"))
                .as("credential provider totp-mfa").isTrue();
    }

    @Test
    void serverLogShowsNoErrorFromOurPackage(KeycloakTarget keycloak) {
        assertThat(keycloak.serverLog().lines().filter(line -> line.contains("ERROR") && line.contains("dev.totpmfa")))
                .isEmpty();
    }
}

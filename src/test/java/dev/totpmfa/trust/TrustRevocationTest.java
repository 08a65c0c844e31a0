package dev.totpmfa.trust;

import static dev.totpmfa.testing.KeycloakEvents.adminEvent;
import static dev.totpmfa.testing.KeycloakEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class TrustRevocationTest {

    @Test
    void aChangedPasswordRevokes() {
        assertThat(TrustRevocation.userOf(event(EventType.UPDATE_PASSWORD, Map.of()))).contains("user-1");
        assertThat(TrustRevocation.userOf(event(EventType.RESET_PASSWORD, Map.of()))).contains("user-1");
        assertThat(TrustRevocation.userOf(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password"))))
                .contains("user-1");
    }

    @Test
    void anAddedOrRemovedFactorRevokes() {
        for (String type : new String[] {ProviderIds.TOTP_CREDENTIAL, ProviderIds.RECOVERY_CODES_CREDENTIAL, "otp"}) {
            assertThat(TrustRevocation.userOf(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", type))))
                    .as(type).contains("user-1");
            assertThat(TrustRevocation.userOf(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", type))))
                    .as(type).contains("user-1");
        }
    }

    /** Trusting or removing one browser, a login, a device moved from Keycloak's OTP form, a failure: none. */
    @Test
    void otherEventsDoNot() {
        assertThat(TrustRevocation.userOf(event(EventType.UPDATE_CREDENTIAL,
                Map.of("credential_type", ProviderIds.TRUSTED_BROWSER_CREDENTIAL)))).isEmpty();
        assertThat(TrustRevocation.userOf(event(EventType.REMOVE_CREDENTIAL,
                Map.of("credential_type", ProviderIds.TRUSTED_BROWSER_CREDENTIAL)))).isEmpty();
        assertThat(TrustRevocation.userOf(event(EventType.UPDATE_CREDENTIAL,
                Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL, EventDetails.MIGRATED_FROM, "otp")))).isEmpty();
        assertThat(TrustRevocation.userOf(event(EventType.LOGIN, Map.of()))).isEmpty();
        Event failed = event(EventType.UPDATE_PASSWORD, Map.of());
        failed.setError("password_rejected");
        assertThat(TrustRevocation.userOf(failed)).isEmpty();
        Event anonymous = event(EventType.RESET_PASSWORD, Map.of());
        anonymous.setUserId(null);
        assertThat(TrustRevocation.userOf(anonymous)).isEmpty();
        Event noDetails = event(EventType.UPDATE_CREDENTIAL, null);
        assertThat(TrustRevocation.userOf(noDetails)).isEmpty();
    }

    @Test
    void anAdminSettingThePasswordOrRemovingAFactorRevokes() {
        assertThat(TrustRevocation.userOf(adminEvent("users/user-7/reset-password", Map.of()))).contains("user-7");
        assertThat(TrustRevocation.userOf(adminEvent("users/user-7/credentials/c-1",
                Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL)))).contains("user-7");
        assertThat(TrustRevocation.userOf(adminEvent("users/user-7/credentials/c-1",
                Map.of("credential_type", ProviderIds.RECOVERY_CODES_CREDENTIAL)))).contains("user-7");
    }

    @Test
    void otherAdminEventsDoNot() {
        assertThat(TrustRevocation.userOf(adminEvent("users/user-7/credentials/c-1",
                Map.of("credential_type", ProviderIds.TRUSTED_BROWSER_CREDENTIAL)))).isEmpty();
        assertThat(TrustRevocation.userOf(adminEvent("users/user-7/credentials/c-1/userLabel",
                Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL)))).isEmpty();
        assertThat(TrustRevocation.userOf(adminEvent("users/user-7/reset-password-email", Map.of()))).isEmpty();
        AdminEvent failed = adminEvent("users/user-7/reset-password", Map.of());
        failed.setError("unknown_error");
        assertThat(TrustRevocation.userOf(failed)).isEmpty();
        AdminEvent update = adminEvent("users/user-7/reset-password", Map.of());
        update.setOperationType(OperationType.UPDATE);
        assertThat(TrustRevocation.userOf(update)).isEmpty();
        AdminEvent client = adminEvent("users/user-7/reset-password", Map.of());
        client.setResourceType(ResourceType.CLIENT);
        assertThat(TrustRevocation.userOf(client)).isEmpty();
    }

}

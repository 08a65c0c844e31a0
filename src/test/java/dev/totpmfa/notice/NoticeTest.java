package dev.totpmfa.notice;

import static dev.totpmfa.testing.KeycloakEvents.adminEvent;
import static dev.totpmfa.testing.KeycloakEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.config.NoticeSettings.Kind;
import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class NoticeTest {

    @Test
    void deviceAddedAndRemovedCarryTheLabel() {
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL,
                "credential_user_label", "Pixel")))).contains(new Notice(Kind.DEVICE_ADDED, "Pixel", 0));
        assertThat(
                Notice.of(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL))))
                .contains(new Notice(Kind.DEVICE_REMOVED, "", 0));
    }

    @Test
    void aNewlyTrustedBrowserIsNoticedWithItsLabel() {
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL,
                Map.of("credential_type", ProviderIds.TRUSTED_BROWSER_CREDENTIAL,
                        "credential_user_label", "Firefox on Linux"))))
                .contains(new Notice(Kind.BROWSER_TRUSTED, "Firefox on Linux", 0));
        assertThat(Notice.of(
                event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", ProviderIds.TRUSTED_BROWSER_CREDENTIAL))))
                .as("removing one is the user's own doing, shown in the account console").isEmpty();
    }

    @Test
    void recoveryCodeUseAndNewSetsAreNoticed() {
        assertThat(Notice.of(event(EventType.LOGIN, Map.of(EventDetails.RECOVERY_CODES_REMAINING, "4"))))
                .contains(new Notice(Kind.RECOVERY_CODE_USED, "", 4));
        assertThat(Notice.of(
                event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", ProviderIds.RECOVERY_CODES_CREDENTIAL))))
                .contains(new Notice(Kind.RECOVERY_CODES_GENERATED, "", 0));
    }

    /** A device moved over from Keycloak's own OTP form is not new to the user. */
    @Test
    void migrationsPasswordChangesErrorsAndOtherLoginsAreNot() {
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL,
                EventDetails.MIGRATED_FROM, "otp")))).isEmpty();
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password")))).isEmpty();
        assertThat(Notice.of(event(EventType.LOGIN, Map.of()))).isEmpty();
        Event failed = event(EventType.LOGIN, Map.of(EventDetails.RECOVERY_CODES_REMAINING, "4"));
        failed.setError("invalid_user_credentials");
        assertThat(Notice.of(failed)).isEmpty();
    }

    @Test
    void recoveryCodesRemovedByTheUserAreNoticed() {
        assertThat(Notice.of(
                event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", ProviderIds.RECOVERY_CODES_CREDENTIAL))))
                .contains(new Notice(Kind.RECOVERY_CODES_REMOVED, "", 0));
        assertThat(Notice.of(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "otp")))).isEmpty();
    }

    /** The login step marks the failure that locked the factor; only that failure is mailed, once per lockout. */
    @Test
    void theFailureThatLocksOrReachesTheCeilingIsNoticed() {
        assertThat(Notice.of(loginError(Map.of(EventDetails.LOCKOUT, EventDetails.LOCKOUT_LOCKED))))
                .contains(new Notice(Kind.FACTOR_LOCKED, "", 0));
        assertThat(Notice.of(loginError(Map.of(EventDetails.LOCKOUT, EventDetails.LOCKOUT_CEILING))))
                .contains(new Notice(Kind.CEILING_REACHED, "", 0));
        assertThat(Notice.of(loginError(Map.of()))).as("an ordinary wrong code").isEmpty();
        assertThat(Notice.of(loginError(Map.of(EventDetails.LOCKOUT, "waiting")))).isEmpty();
        Event success = event(EventType.LOGIN, Map.of(EventDetails.LOCKOUT, EventDetails.LOCKOUT_LOCKED));
        assertThat(Notice.of(success)).as("only on a LOGIN_ERROR").isEmpty();
        Event otherError =
                event(EventType.UPDATE_CREDENTIAL_ERROR, Map.of(EventDetails.LOCKOUT, EventDetails.LOCKOUT_CEILING));
        otherError.setError("invalid_user_credentials");
        assertThat(Notice.of(otherError)).isEmpty();
        Event noUser = loginError(Map.of(EventDetails.LOCKOUT, EventDetails.LOCKOUT_LOCKED));
        noUser.setUserId(null);
        assertThat(Notice.of(noUser)).isEmpty();
    }

    /** Keycloak 26.7.3 reports an admin's credential removal only as an admin event with the credential's details. */
    @Test
    void anAdminRemovingOurCredentialsIsNoticedForTheUserInThePath() {
        AdminEvent device = adminEvent("users/user-7/credentials/cred-1",
                Map.of("credential_id", "cred-1", "credential_type", ProviderIds.TOTP_CREDENTIAL,
                        "credential_user_label", "Pixel"));
        assertThat(Notice.of(device)).contains(new Notice(Kind.DEVICE_REMOVED_BY_ADMIN, "Pixel", 0));
        assertThat(Notice.userIdOf(device)).contains("user-7");
        assertThat(Notice.of(adminEvent("users/user-7/credentials/cred-2",
                Map.of("credential_type", ProviderIds.RECOVERY_CODES_CREDENTIAL))))
                .contains(new Notice(Kind.RECOVERY_CODES_REMOVED_BY_ADMIN, "", 0));
    }

    @Test
    void otherAdminEventsAreNot() {
        assertThat(Notice.of(adminEvent("users/user-7/credentials/cred-1", Map.of("credential_type", "password"))))
                .isEmpty();
        assertThat(Notice.of(adminEvent("users/user-7/reset-password", Map.of()))).isEmpty();
        assertThat(Notice.of(adminEvent("users/user-7/credentials/cred-1/userLabel",
                Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL)))).isEmpty();
        AdminEvent failed =
                adminEvent("users/user-7/credentials/cred-1", Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL));
        failed.setError("unknown_error");
        assertThat(Notice.of(failed)).isEmpty();
        AdminEvent deleteUser =
                adminEvent("users/user-7/credentials/cred-1", Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL));
        deleteUser.setOperationType(OperationType.DELETE);
        assertThat(Notice.of(deleteUser)).isEmpty();
        AdminEvent client =
                adminEvent("users/user-7/credentials/cred-1", Map.of("credential_type", ProviderIds.TOTP_CREDENTIAL));
        client.setResourceType(ResourceType.CLIENT);
        assertThat(Notice.of(client)).isEmpty();
        AdminEvent noDetails = adminEvent("users/user-7/credentials/cred-1", null);
        assertThat(Notice.of(noDetails)).isEmpty();
    }

    @Test
    void adminChangesCloseWithTheirOwnLine() {
        assertThat(new Notice(Kind.DEVICE_REMOVED_BY_ADMIN, "", 0).closingMessageKey())
                .isEqualTo("totpMfaNoticeNotRequested");
        assertThat(new Notice(Kind.FACTOR_LOCKED, "", 0).closingMessageKey()).isEqualTo("totpMfaNoticeNotYou");
    }

    @Test
    void messageKeysFollowTheKind() {
        assertThat(new Notice(Kind.RECOVERY_CODES_GENERATED, "", 0).messageKeyPrefix())
                .isEqualTo("totpMfaNoticeRecoveryCodesGenerated");
    }

    private static Event loginError(Map<String, String> details) {
        Event event = event(EventType.LOGIN_ERROR, details);
        event.setError("invalid_user_credentials");
        return event;
    }

}

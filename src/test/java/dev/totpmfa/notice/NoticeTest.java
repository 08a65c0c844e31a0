package dev.totpmfa.notice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.config.NoticeSettings.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

class NoticeTest {

    @Test
    void deviceAddedAndRemovedCarryTheLabel() {
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "totp-mfa",
                "credential_user_label", "Pixel")))).contains(new Notice(Kind.DEVICE_ADDED, "Pixel", 0));
        assertThat(Notice.of(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "totp-mfa"))))
                .contains(new Notice(Kind.DEVICE_REMOVED, "", 0));
    }

    @Test
    void recoveryCodeUseAndNewSetsAreNoticed() {
        assertThat(Notice.of(event(EventType.LOGIN, Map.of("recovery_codes_remaining", "4"))))
                .contains(new Notice(Kind.RECOVERY_CODE_USED, "", 4));
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "totp-mfa-recovery-codes"))))
                .contains(new Notice(Kind.RECOVERY_CODES_GENERATED, "", 0));
    }

    /** A device moved over from Keycloak's own OTP form is not new to the user. */
    @Test
    void migrationsPasswordChangesErrorsAndOtherLoginsAreNot() {
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "totp-mfa",
                "migrated_from", "otp")))).isEmpty();
        assertThat(Notice.of(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password")))).isEmpty();
        assertThat(Notice.of(event(EventType.LOGIN, Map.of()))).isEmpty();
        Event failed = event(EventType.LOGIN, Map.of("recovery_codes_remaining", "4"));
        failed.setError("invalid_user_credentials");
        assertThat(Notice.of(failed)).isEmpty();
    }

    @Test
    void messageKeysFollowTheKind() {
        assertThat(new Notice(Kind.RECOVERY_CODES_GENERATED, "", 0).messageKeyPrefix())
                .isEqualTo("totpMfaNoticeRecoveryCodesGenerated");
    }

    private static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setUserId("user-1");
        event.setRealmId("realm-1");
        event.setDetails(details);
        return event;
    }
}

package dev.totpmfa.notice;

import dev.totpmfa.config.NoticeSettings.Kind;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.TotpCredentialModel;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/**
 * An e-mail worth sending for a user event, with what its text needs: the device's label or the number of
 * recovery codes left. Never a secret or a code: events do not carry them.
 */
record Notice(Kind kind, String deviceLabel, int remaining) {

    static final String REMAINING_DETAIL = "recovery_codes_remaining";
    static final String MIGRATED_FROM_DETAIL = "migrated_from";

    static Optional<Notice> of(Event event) {
        if (event.getUserId() == null || event.getError() != null) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        String type = details.get(Details.CREDENTIAL_TYPE);
        String label = details.getOrDefault(Details.CREDENTIAL_USER_LABEL, "");
        EventType eventType = event.getType();
        if (eventType == EventType.UPDATE_CREDENTIAL && TotpCredentialModel.TYPE.equals(type)
                && !details.containsKey(MIGRATED_FROM_DETAIL)) {
            return Optional.of(new Notice(Kind.DEVICE_ADDED, label, 0));
        }
        if (eventType == EventType.REMOVE_CREDENTIAL && TotpCredentialModel.TYPE.equals(type)) {
            return Optional.of(new Notice(Kind.DEVICE_REMOVED, label, 0));
        }
        if (eventType == EventType.UPDATE_CREDENTIAL && RecoveryCodesCredentialModel.TYPE.equals(type)) {
            return Optional.of(new Notice(Kind.RECOVERY_CODES_GENERATED, "", 0));
        }
        if (eventType == EventType.LOGIN && details.containsKey(REMAINING_DETAIL)) {
            try {
                return Optional.of(new Notice(Kind.RECOVERY_CODE_USED, "",
                        Integer.parseInt(details.get(REMAINING_DETAIL))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Message keys: {@code totpMfaNoticeDeviceAddedSubject}, {@code …Body}, and so on. */
    String messageKeyPrefix() {
        StringBuilder key = new StringBuilder("totpMfaNotice");
        for (String word : kind.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            key.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return key.toString();
    }
}

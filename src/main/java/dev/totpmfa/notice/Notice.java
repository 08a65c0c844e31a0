package dev.totpmfa.notice;

import dev.totpmfa.config.NoticeSettings.Kind;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TrustedBrowserCredentialModel;
import dev.totpmfa.names.EventDetails;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * An e-mail worth sending for a user or admin event, with what its text needs: the device's label or the number
 * of recovery codes left. Never a secret or a code: events do not carry them.
 */
record Notice(Kind kind, String deviceLabel, int remaining) {

    /**
     * Set by the login step on the {@code LOGIN_ERROR} event of the failed code that locked the factor:
     * {@value #LOCKED} for the first wait of a run of failures, {@value #CEILING} when the failures reached the
     * ceiling. Later refusals during the same lockout carry no such detail, so each is mailed once.
     */
    static final String LOCKOUT_DETAIL = EventDetails.LOCKOUT;
    static final String LOCKED = EventDetails.LOCKOUT_LOCKED;
    static final String CEILING = EventDetails.LOCKOUT_CEILING;

    /** Keycloak's admin REST API path of one credential of a user, as {@code AdminEvent.getResourcePath()} holds it. */
    private static final Pattern CREDENTIAL_PATH = Pattern.compile("users/([^/]+)/credentials/([^/]+)");

    static Optional<Notice> of(Event event) {
        if (event.getUserId() == null) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getError() != null) {
            return event.getType() == EventType.LOGIN_ERROR ? lockout(details.get(LOCKOUT_DETAIL)) : Optional.empty();
        }
        String type = details.get(Details.CREDENTIAL_TYPE);
        String label = details.getOrDefault(Details.CREDENTIAL_USER_LABEL, "");
        EventType eventType = event.getType();
        if (eventType == EventType.UPDATE_CREDENTIAL && TotpCredentialModel.TYPE.equals(type)
                && !details.containsKey(EventDetails.MIGRATED_FROM)) {
            return Optional.of(new Notice(Kind.DEVICE_ADDED, label, 0));
        }
        if (eventType == EventType.UPDATE_CREDENTIAL && TrustedBrowserCredentialModel.TYPE.equals(type)) {
            return Optional.of(new Notice(Kind.BROWSER_TRUSTED, label, 0));
        }
        if (eventType == EventType.REMOVE_CREDENTIAL) {
            return removed(type, label, Kind.DEVICE_REMOVED, Kind.RECOVERY_CODES_REMOVED);
        }
        if (eventType == EventType.UPDATE_CREDENTIAL && RecoveryCodesCredentialModel.TYPE.equals(type)) {
            return Optional.of(new Notice(Kind.RECOVERY_CODES_GENERATED, "", 0));
        }
        if (eventType == EventType.LOGIN && details.containsKey(EventDetails.RECOVERY_CODES_REMAINING)) {
            try {
                return Optional.of(new Notice(Kind.RECOVERY_CODE_USED, "",
                        Integer.parseInt(details.get(EventDetails.RECOVERY_CODES_REMAINING))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * An admin's {@code DELETE /admin/realms/{realm}/users/{id}/credentials/{credentialId}}: Keycloak reports it only
     * as an admin event (operation ACTION on the user, with the removed credential's type and label as details), and
     * hands it to every global listener whether or not the realm stores admin events.
     */
    static Optional<Notice> of(AdminEvent event) {
        if (event.getError() != null || event.getOperationType() != OperationType.ACTION
                || !ResourceType.USER.name().equals(event.getResourceTypeAsString()) || userIdOf(event).isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        return removed(details.get(Details.CREDENTIAL_TYPE), details.getOrDefault(Details.CREDENTIAL_USER_LABEL, ""),
                Kind.DEVICE_REMOVED_BY_ADMIN, Kind.RECOVERY_CODES_REMOVED_BY_ADMIN);
    }

    /** The user whose credential an admin event is about, when it is about one credential of a user. */
    static Optional<String> userIdOf(AdminEvent event) {
        Matcher path = CREDENTIAL_PATH.matcher(event.getResourcePath() == null ? "" : event.getResourcePath());
        return path.matches() ? Optional.of(path.group(1)) : Optional.empty();
    }

    private static Optional<Notice> removed(String type, String label, Kind device, Kind recoveryCodes) {
        if (TotpCredentialModel.TYPE.equals(type)) {
            return Optional.of(new Notice(device, label, 0));
        }
        if (RecoveryCodesCredentialModel.TYPE.equals(type)) {
            return Optional.of(new Notice(recoveryCodes, "", 0));
        }
        return Optional.empty();
    }

    private static Optional<Notice> lockout(String value) {
        if (LOCKED.equals(value)) {
            return Optional.of(new Notice(Kind.FACTOR_LOCKED, "", 0));
        }
        if (CEILING.equals(value)) {
            return Optional.of(new Notice(Kind.CEILING_REACHED, "", 0));
        }
        return Optional.empty();
    }

    /** Message keys: {@code totpMfaNoticeDeviceAddedSubject}, {@code …Body}, and so on. */
    String messageKeyPrefix() {
        StringBuilder key = new StringBuilder("totpMfaNotice");
        for (String word : kind.name().toLowerCase(Locale.ROOT).split("_")) {
            key.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return key.toString();
    }

    /** The closing line: an admin's change was not the user's doing, so "if this was not you" would not fit. */
    String closingMessageKey() {
        return kind == Kind.DEVICE_REMOVED_BY_ADMIN || kind == Kind.RECOVERY_CODES_REMOVED_BY_ADMIN
                ? "totpMfaNoticeNotRequested" : "totpMfaNoticeNotYou";
    }
}

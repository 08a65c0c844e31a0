package dev.totpmfa.trust;

import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Which events end the trust of every browser of a user: a change of what proves who they are (password, an
 * authenticator app, recovery codes) by them or by an admin, so that a browser trusted before the change, perhaps
 * by whoever caused it, does not outlive it (a device moved from Keycloak's OTP form is not new). Removing one
 * trusted browser only removes that one. A used recovery code revokes where it is consumed ({@code RecoveryCodeLogin}).
 */
public final class TrustRevocation {

    /** Credential types whose change revokes: ours, Keycloak's OTP and the password. */
    private static final Set<String> FACTOR_TYPES = Set.of(ProviderIds.TOTP_CREDENTIAL,
            ProviderIds.RECOVERY_CODES_CREDENTIAL, "otp", "password");
    private static final Pattern CREDENTIAL_PATH = Pattern.compile("users/([^/]+)/credentials/[^/]+");
    private static final Pattern RESET_PASSWORD_PATH = Pattern.compile("users/([^/]+)/reset-password");

    private TrustRevocation() {
    }

    /** The user whose trusted browsers this user event revokes. */
    public static Optional<String> userOf(Event event) {
        if (event.getUserId() == null || event.getError() != null) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        String type = details.get(Details.CREDENTIAL_TYPE);
        EventType eventType = event.getType();
        boolean revokes = switch (eventType) {
            case UPDATE_PASSWORD, RESET_PASSWORD -> true;
            case UPDATE_CREDENTIAL ->
                isFactor(type) && !details.containsKey(EventDetails.MIGRATED_FROM);
            case REMOVE_CREDENTIAL -> isFactor(type);
            default -> false;
        };
        return revokes ? Optional.of(event.getUserId()) : Optional.empty();
    }

    /**
     * The user whose trusted browsers this admin event revokes: an admin set their password, or removed one of
     * their factors ({@code DELETE users/{id}/credentials/{credentialId}}, reported as an ACTION naming its type).
     */
    public static Optional<String> userOf(AdminEvent event) {
        if (event.getError() != null || event.getOperationType() != OperationType.ACTION
                || !ResourceType.USER.name().equals(event.getResourceTypeAsString())) {
            return Optional.empty();
        }
        String path = event.getResourcePath() == null ? "" : event.getResourcePath();
        Matcher reset = RESET_PASSWORD_PATH.matcher(path);
        if (reset.matches()) {
            return Optional.of(reset.group(1));
        }
        Matcher credential = CREDENTIAL_PATH.matcher(path);
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (credential.matches() && isFactor(details.get(Details.CREDENTIAL_TYPE))) {
            return Optional.of(credential.group(1));
        }
        return Optional.empty();
    }

    /** Null-safe: {@code Set.of(...).contains(null)} throws, and events without a credential type are common. */
    private static boolean isFactor(String credentialType) {
        return credentialType != null && FACTOR_TYPES.contains(credentialType);
    }
}

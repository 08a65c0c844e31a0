package dev.totpmfa.login;

import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.trust.TrustDecisions;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.saml.SamlProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Whether this sign-in must prove the second factor now, so that a remembered one (a trusted browser) may not answer
 * it. Decided from what Keycloak itself writes into the authentication session, not from request parameters:
 * <ul>
 * <li>the client note {@code kc_action}: an application-initiated action (ours or Keycloak's, such as
 * {@code delete_credential}) changes the account, and is asked afresh;</li>
 * <li>the auth note {@code FORCED_REAUTHENTICATION}: Keycloak's cookie step found a live session but the protocol wants
 * a new sign-in (OIDC {@code prompt=login}, an elapsed {@code max_age}, a {@code kc_action} older than its
 * {@code max_auth_age}, SAML {@code ForceAuthn});</li>
 * <li>the auth note {@code SAML_LOGIN_REQUEST_FORCEAUTHN}: an AuthnRequest with {@code ForceAuthn="true"}, also when
 * there was no session to re-authenticate;</li>
 * <li>the client notes {@code prompt=login} and {@code max_age=0}, also without a session;</li>
 * <li>one of our required actions pending for this sign-in: it adds a device or makes recovery codes, which the
 * password and a cookie alone must never do.</li>
 * </ul>
 */
final class FreshSignIn {

    private static final Set<String> FACTOR_CHANGES = Set.of(ProviderIds.SETUP_ACTION,
            ProviderIds.RECOVERY_CODES_ACTION);

    private FreshSignIn() {
    }

    /** What the decision reads, as Keycloak left it (each note null when absent). */
    record Request(String prompt, String maxAge, String kcAction, String forcedReauthentication,
            String samlForceAuthn, Set<String> pendingActions) {
    }

    static boolean requested(AuthenticationSessionModel authSession, UserModel user) {
        return requested(read(authSession, user));
    }

    static boolean requested(Request request) {
        return TrustDecisions.freshSignInRequested(request.prompt(), request.maxAge())
                || request.kcAction() != null
                || "true".equals(request.forcedReauthentication())
                || SamlProtocol.SAML_FORCEAUTHN_REQUIREMENT.equals(request.samlForceAuthn())
                || request.pendingActions().stream().anyMatch(FACTOR_CHANGES::contains);
    }

    static Request read(AuthenticationSessionModel authSession, UserModel user) {
        Set<String> pending = new HashSet<>(authSession.getRequiredActions());
        if (user != null) {
            pending.addAll(user.getRequiredActionsStream().collect(Collectors.toSet()));
        }
        return new Request(authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM),
                authSession.getClientNote(OIDCLoginProtocol.MAX_AGE_PARAM),
                authSession.getClientNote(Constants.KC_ACTION),
                authSession.getAuthNote(AuthenticationManager.FORCED_REAUTHENTICATION),
                authSession.getAuthNote(SamlProtocol.SAML_LOGIN_REQUEST_FORCEAUTHN), pending);
    }
}

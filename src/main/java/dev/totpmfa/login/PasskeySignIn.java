package dev.totpmfa.login;

import dev.totpmfa.credential.CredentialCategories;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.credential.CredentialTypeMetadata;

/**
 * Whether the user signed in with a passkey in this authentication session: Keycloak notes the type of each
 * credential a step accepted ({@code AuthenticatorUtil.getAuthnCredentials}, the same record its <i>Condition -
 * credential</i> reads), and a passkey is one whose provider declares it passwordless (Keycloak's
 * {@code webauthn-passwordless}, from its passwordless WebAuthn step or the passkeys of its username form). Such a
 * sign-in already proved possession and user verification on the authenticator, so it counts as both factors.
 */
final class PasskeySignIn {

    private PasskeySignIn() {
    }

    static boolean appliesTo(AuthenticationFlowContext context) {
        return AuthenticatorUtil.getAuthnCredentials(context.getAuthenticationSession()).stream()
                .anyMatch(type -> CredentialCategories.of(context.getSession(), context.getUser(), type)
                        .filter(CredentialTypeMetadata.Category.PASSWORDLESS::equals).isPresent());
    }
}

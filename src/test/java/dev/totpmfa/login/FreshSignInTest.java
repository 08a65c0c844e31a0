package dev.totpmfa.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.ProviderIds;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.Constants;
import org.keycloak.protocol.saml.SamlProtocol;
import org.keycloak.services.managers.AuthenticationManager;

/** Which sign-ins a trusted browser may answer, from the notes Keycloak leaves in the authentication session. */
class FreshSignInTest {

    private static final FreshSignIn.Request ORDINARY = new FreshSignIn.Request(null, null, null, null, null,
            Set.of());

    @Test
    void anOrdinarySignInMayBeAnsweredByTrust() {
        assertThat(FreshSignIn.requested(ORDINARY)).isFalse();
        assertThat(FreshSignIn.requested(new FreshSignIn.Request("consent", "3600", null, null, null,
                Set.of("UPDATE_PASSWORD", "VERIFY_EMAIL")))).as("other prompts, a max_age, Keycloak's actions")
                .isFalse();
    }

    @Test
    void promptLoginAndMaxAgeZeroStayFresh() {
        assertThat(FreshSignIn.requested(new FreshSignIn.Request("login", null, null, null, null, Set.of())))
                .isTrue();
        assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, "0", null, null, null, Set.of()))).isTrue();
    }

    /** Ours, Keycloak's, with or without a parameter: any application-initiated action. */
    @Test
    void everyApplicationInitiatedActionIsFresh() {
        for (String action : new String[] {ProviderIds.SETUP_ACTION, ProviderIds.RECOVERY_CODES_ACTION,
                "delete_credential",
                "UPDATE_PASSWORD", "webauthn-register"}) {
            assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, null, action, null, null, Set.of())))
                    .as(action).isTrue();
        }
    }

    /** Keycloak's cookie step sets it for prompt=login, an elapsed max_age or max_auth_age, and SAML ForceAuthn. */
    @Test
    void aReauthenticationForcedByKeycloakIsFresh() {
        assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, "3600", null, "true", null, Set.of())))
                .isTrue();
        assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, null, null, "false", null, Set.of())))
                .isFalse();
    }

    @Test
    void samlForceAuthnIsFreshAlsoWithoutASession() {
        assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, null, null, null,
                SamlProtocol.SAML_FORCEAUTHN_REQUIREMENT, Set.of()))).isTrue();
    }

    @Test
    void oneOfOurActionsPendingIsFresh() {
        assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, null, null, null, null,
                Set.of(ProviderIds.SETUP_ACTION)))).isTrue();
        assertThat(FreshSignIn.requested(new FreshSignIn.Request(null, null, null, null, null,
                Set.of("VERIFY_EMAIL", ProviderIds.RECOVERY_CODES_ACTION)))).isTrue();
    }

    /** The notes are Keycloak's names; a rename in a later Keycloak must fail here, not silently pass trust. */
    @Test
    void theNotesAreTheOnesKeycloakWrites() {
        assertThat(Constants.KC_ACTION).isEqualTo("kc_action");
        assertThat(AuthenticationManager.FORCED_REAUTHENTICATION).isEqualTo("FORCED_REAUTHENTICATION");
        assertThat(SamlProtocol.SAML_LOGIN_REQUEST_FORCEAUTHN).isEqualTo("SAML_LOGIN_REQUEST_FORCEAUTHN");
        assertThat(SamlProtocol.SAML_FORCEAUTHN_REQUIREMENT).isEqualTo("true");
    }
}

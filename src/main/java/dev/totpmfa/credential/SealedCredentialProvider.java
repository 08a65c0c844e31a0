package dev.totpmfa.credential;

import dev.totpmfa.trust.TrustedSignIn;
import java.time.Clock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What our three credential providers share: each keeps its rows in the user's credential store with a secret
 * sealed by the shared {@link SecretVault}, reads a row back as its own model, and is listed in the account console
 * as a two-factor credential the user may remove (not on a session a trusted browser alone passed).
 */
abstract class SealedCredentialProvider<M extends CredentialModel> implements CredentialProvider<M> {

    protected final KeycloakSession session;
    protected final SecretVault vault;
    protected final Clock clock;
    private final String type;
    private final Function<CredentialModel, M> fromModel;

    SealedCredentialProvider(String type, Function<CredentialModel, M> fromModel, KeycloakSession session,
                             SecretVault vault, Clock clock) {
        this.type = type;
        this.fromModel = fromModel;
        this.session = session;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public final String getType() {
        return type;
    }

    @Override
    public final M createCredential(RealmModel realm, UserModel user, M credential) {
        return fromModel.apply(user.credentialManager().createStoredCredential(credential));
    }

    @Override
    public final boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public final M getCredentialFromModel(CredentialModel model) {
        return fromModel.apply(model);
    }

    /** The user's rows of this type, as stored. */
    protected final Stream<CredentialModel> storedRows(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(type);
    }

    /**
     * Whether the user may remove a row of this type in the current request: not on a session whose second factor was
     * only a trusted browser, so that the password and the owner's browser cannot take away the owner's factor.
     * Keycloak asks this before its {@code delete_credential} action and its account REST API remove a row
     * ({@code CredentialDeleteHelper}) and answers "Credential type cannot be removed"; the admin API does not ask.
     *
     * <p>In a sign-in, only an application-initiated action ({@code kc_action}, such as {@code delete_credential})
     * removes a row; any other sign-in removes nothing, and is not asked. That matters for speed: Keycloak builds the
     * metadata of every credential type at each step of every sign-in (its "Try another way" selections), and the
     * answer reads the user session, which for a sign-in without one is a database query that finds nothing.
     */
    private boolean removableNow() {
        AuthenticationSessionModel signIn = session.getContext().getAuthenticationSession();
        if (signIn != null && signIn.getClientNote(Constants.KC_ACTION) == null) {
            return true;
        }
        return !TrustedSignIn.trustedBrowserOnlyNow(session);
    }

    /**
     * The account console's entry for this type, in the two-factor category, removable unless a trusted browser alone
     * passed this request's sign-in ({@link #removableNow}); the caller adds actions.
     */
    protected final CredentialTypeMetadata.CredentialTypeMetadataBuilder twoFactorMetadata(String displayName,
                                                                                           String helpText,
                                                                                           String iconCssClass) {
        return CredentialTypeMetadata.builder()
                .type(type)
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(displayName)
                .helpText(helpText)
                .iconCssClass(iconCssClass)
                .removeable(removableNow());
    }
}

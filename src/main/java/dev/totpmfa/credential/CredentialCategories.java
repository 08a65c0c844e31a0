package dev.totpmfa.credential;

import java.util.Optional;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * What kind of factor a credential type is, as the realm's own credential provider declares it in its metadata
 * (the category the account console sorts by: basic authentication, two-factor, passwordless). Asking the provider
 * instead of listing types here keeps a factor of any extension recognised, not only Keycloak's WebAuthn.
 */
public final class CredentialCategories {

    private CredentialCategories() {
    }

    /** The category of {@code type}; empty when no deployed provider stores that type (nothing can check it). */
    public static Optional<CredentialTypeMetadata.Category> of(KeycloakSession session, UserModel user, String type) {
        return provider(session, type).map(provider -> declared(session, user, provider)
                // A provider whose metadata cannot be read counts as a second factor: refusing is safer than enrolling.
                .orElse(CredentialTypeMetadata.Category.TWO_FACTOR));
    }

    /**
     * Whether the provider of {@code type} declares it a second factor. Unlike {@link #of}, a provider that says
     * nothing readable does not count: this answers "may a step of that type stand in for ours", where the safe
     * answer to doubt is no.
     */
    public static boolean declaredTwoFactor(KeycloakSession session, UserModel user, String type) {
        return provider(session, type).flatMap(provider -> declared(session, user, provider))
                .filter(CredentialTypeMetadata.Category.TWO_FACTOR::equals).isPresent();
    }

    private static Optional<CredentialProvider<?>> provider(KeycloakSession session, String type) {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(CredentialProvider.class)
                .filter(CredentialProviderFactory.class::isInstance)
                .<CredentialProvider<?>>map(factory -> session.getProvider(CredentialProvider.class, factory.getId()))
                .filter(provider -> provider != null && type.equals(provider.getType()))
                .findFirst();
    }

    private static Optional<CredentialTypeMetadata.Category> declared(KeycloakSession session, UserModel user,
                                                                      CredentialProvider<?> provider) {
        try {
            CredentialTypeMetadata metadata = provider.getCredentialTypeMetadata(
                    CredentialTypeMetadataContext.builder().user(user).build(session));
            return Optional.ofNullable(metadata).map(CredentialTypeMetadata::getCategory);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

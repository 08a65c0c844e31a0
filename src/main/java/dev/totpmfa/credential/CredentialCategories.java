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
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(CredentialProvider.class)
                .filter(CredentialProviderFactory.class::isInstance)
                .map(factory -> session.getProvider(CredentialProvider.class, factory.getId()))
                .filter(provider -> provider != null && type.equals(provider.getType()))
                .findFirst()
                .map(provider -> category(session, user, provider));
    }

    /** A provider whose metadata cannot be read counts as a second factor: refusing is safer than enrolling. */
    private static CredentialTypeMetadata.Category category(KeycloakSession session, UserModel user,
                                                            CredentialProvider<?> provider) {
        try {
            CredentialTypeMetadata metadata = provider.getCredentialTypeMetadata(
                    CredentialTypeMetadataContext.builder().user(user).build(session));
            return metadata == null || metadata.getCategory() == null
                    ? CredentialTypeMetadata.Category.TWO_FACTOR
                    : metadata.getCategory();
        } catch (RuntimeException e) {
            return CredentialTypeMetadata.Category.TWO_FACTOR;
        }
    }
}

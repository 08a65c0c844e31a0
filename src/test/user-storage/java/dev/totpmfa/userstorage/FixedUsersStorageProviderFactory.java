package dev.totpmfa.userstorage;

import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProviderFactory;

/**
 * A user storage provider for the tests only, and not LDAP: it serves the users listed in its component's config
 * ({@value #USERS}: {@code username:password}, one value each), read-only, without import and without registration,
 * as the smallest custom User Storage SPI provider an admin might deploy. Built into a jar of its own, which the
 * integration tests' Keycloak loads beside ours; never part of the release jar.
 */
public final class FixedUsersStorageProviderFactory implements UserStorageProviderFactory<FixedUsersStorageProvider> {

    public static final String ID = "totp-mfa-test-fixed-users";
    static final String USERS = "users";

    @Override
    public FixedUsersStorageProvider create(KeycloakSession session, ComponentModel model) {
        return new FixedUsersStorageProvider(session, model, FixedUsers.parse(model.getConfig().getList(USERS)));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Test only: read-only users from this component's config (username:password)";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create().property().name(USERS).label("Users")
                .helpText("username:password, one a value").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add().build();
    }
}

package dev.totpmfa.userstorage;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.UserCredentialManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.storage.adapter.AbstractUserAdapter;

/**
 * A user of the provider: read-only (Keycloak's {@link AbstractUserAdapter} refuses every attribute, required action,
 * group or role change), with a complete profile so that Keycloak's profile check has nothing to ask. Credentials
 * other than the password are kept by Keycloak in its federated storage, through its credential manager.
 */
final class FixedUser extends AbstractUserAdapter {

    static final String MAIL_DOMAIN = "@fixed-users.test";
    private static final String GIVEN_NAME = "Fixed";
    private static final String FAMILY_NAME = "User";

    private final String username;

    FixedUser(KeycloakSession session, RealmModel realm, ComponentModel model, String username) {
        super(session, realm, model);
        this.username = username;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public SubjectCredentialManager credentialManager() {
        return new UserCredentialManager(session, realm, this);
    }

    @Override
    public String getEmail() {
        return username + MAIL_DOMAIN;
    }

    @Override
    public boolean isEmailVerified() {
        return true;
    }

    @Override
    public String getFirstName() {
        return GIVEN_NAME;
    }

    @Override
    public String getLastName() {
        return FAMILY_NAME;
    }

    /** What Keycloak's user profile reads: username, e-mail and names (the adapter alone has the username only). */
    @Override
    public Map<String, List<String>> getAttributes() {
        return Map.of(USERNAME, List.of(username), EMAIL, List.of(getEmail()), FIRST_NAME, List.of(GIVEN_NAME),
                LAST_NAME, List.of(FAMILY_NAME));
    }

    @Override
    public String getFirstAttribute(String name) {
        return getAttributeStream(name).findFirst().orElse(null);
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        return getAttributes().getOrDefault(name, List.of()).stream();
    }
}

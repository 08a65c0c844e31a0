package dev.totpmfa.userstorage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

/**
 * A user of the provider: username, e-mail and names are the provider's and fixed (a complete profile, so that
 * Keycloak's profile check has nothing to ask); whatever else Keycloak stores of the user (required actions,
 * attributes, roles, credentials besides the password) it keeps in its federated storage, as for an LDAP user
 * without import.
 *
 * <p>Why not Keycloak's read-only {@code AbstractUserAdapter}, which refuses every write: Keycloak 26.7.3 removes a
 * required action from the user after every required action that succeeds ({@code LoginActionsService}), its own
 * (e.g. configure OTP) as ours, so such a user can finish none (ReadOnlyException, HTTP 500).
 */
final class FixedUser extends AbstractUserAdapterFederatedStorage {

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
    public void setUsername(String username) {
        throw new ReadOnlyException("the username is the provider's");
    }

    @Override
    public boolean isEmailVerified() {
        return true;
    }

    /** The provider's own attributes over what Keycloak stored. */
    @Override
    public Map<String, List<String>> getAttributes() {
        Map<String, List<String>> attributes = new HashMap<>(super.getAttributes());
        attributes.putAll(fixed());
        return attributes;
    }

    @Override
    public String getFirstAttribute(String name) {
        List<String> own = fixed().get(name);
        return own != null ? own.get(0) : super.getFirstAttribute(name);
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        List<String> own = fixed().get(name);
        return own != null ? own.stream() : super.getAttributeStream(name);
    }

    private Map<String, List<String>> fixed() {
        return Map.of(USERNAME, List.of(username), EMAIL, List.of(username + MAIL_DOMAIN), FIRST_NAME,
                List.of(GIVEN_NAME), LAST_NAME, List.of(FAMILY_NAME));
    }
}

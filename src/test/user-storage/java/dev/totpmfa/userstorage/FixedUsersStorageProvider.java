package dev.totpmfa.userstorage;

import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;

/**
 * Finds the listed users (by id, username or e-mail) and checks their passwords; nothing more: no search, no import,
 * no registration; the user's own fields are fixed ({@link FixedUser}).
 */
final class FixedUsersStorageProvider implements UserStorageProvider, UserLookupProvider, CredentialInputValidator {

    private final KeycloakSession session;
    private final ComponentModel model;
    private final FixedUsers users;

    FixedUsersStorageProvider(KeycloakSession session, ComponentModel model, FixedUsers users) {
        this.session = session;
        this.model = model;
        this.users = users;
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        return getUserByUsername(realm, StorageId.externalId(id));
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        return users.exists(username) ? new FixedUser(session, realm, model, username) : null;
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return email != null && email.endsWith(FixedUser.MAIL_DOMAIN)
                ? getUserByUsername(realm, email.substring(0, email.length() - FixedUser.MAIL_DOMAIN.length()))
                : null;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && users.exists(user.getUsername());
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return supportsCredentialType(input.getType())
                && users.passwordMatches(user.getUsername(), input.getChallengeResponse());
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

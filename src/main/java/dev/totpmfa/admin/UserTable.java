package dev.totpmfa.admin;

/**
 * The two places where Keycloak's database holds a realm's users, and the JPQL that reaches each: its user table
 * (local users and users a federation provider imported), and, for users a provider keeps without import (LDAP with
 * <i>Import users</i> off, a custom User Storage SPI provider), the federated-storage tables. Keycloak writes a row of
 * {@code FederatedUser} for such a user the first time it stores anything of theirs (a credential, our state row, an
 * attribute, a role or group), and keeps their credentials in {@code FederatedUserCredentialEntity} by user id; a user
 * it stored nothing for is known only to the provider, and no query here can find them.
 *
 * <p>Every query names the user {@code u}; a credential or attribute entity is given its alias.
 */
enum UserTable {

    LOCAL("UserEntity u", "u.realmId = :realm and u.serviceAccountClientLink is null", "CredentialEntity",
            "UserAttributeEntity", ".user.id", true),
    /**
     * Keycloak may leave an index row for a user it has since imported (its removal of a provider's links deletes
     * those too); such a user is listed once, from the user table.
     */
    FEDERATED("FederatedUser u", "u.realmId = :realm and not exists (select x.id from UserEntity x where x.id = u.id)",
            "FederatedUserCredentialEntity", "FederatedUserAttributeEntity", ".userId", false);

    private final String users;
    private final String usersWhere;
    private final String credentials;
    private final String attributes;
    private final String userIdPath;
    private final boolean hasUsername;

    UserTable(String users, String usersWhere, String credentials, String attributes, String userIdPath,
              boolean hasUsername) {
        this.users = users;
        this.usersWhere = usersWhere;
        this.credentials = credentials;
        this.attributes = attributes;
        this.userIdPath = userIdPath;
        this.hasUsername = hasUsername;
    }

    /** The user entity with its alias {@code u}, for a {@code from} clause. */
    String users() {
        return users;
    }

    /** The condition that keeps the realm's users (bound to {@code :realm}), without service accounts. */
    String usersWhere() {
        return usersWhere;
    }

    /** The entity of these users' credentials. */
    String credentials() {
        return credentials;
    }

    /** The entity of these users' attributes. */
    String attributes() {
        return attributes;
    }

    /** The user id of a credential or attribute row with that alias. */
    String userIdOf(String alias) {
        return alias + userIdPath;
    }

    /** Whether the database holds these users' usernames; without import only the provider knows them. */
    boolean hasUsername() {
        return hasUsername;
    }

    /** What a list selects of each user: the id, and the username where the database has it. */
    String rowSelection() {
        return hasUsername ? "u.id, u.username" : "u.id";
    }

    /** The order of a list: by username where there is one, else by id. */
    String order() {
        return hasUsername ? " order by u.username, u.id" : " order by u.id";
    }

    /** {@code exists} a credential of this type (bound to {@code :parameter}) of user {@code u}. */
    String hasCredential(String parameter) {
        return "exists (select c.id from " + credentials + " c where " + userIdOf("c") + " = u.id and c.type = :"
                + parameter + ")";
    }
}

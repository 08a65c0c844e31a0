package dev.totpmfa.it.support;

/** A user created by {@link TestRealm#createUser()}; {@code id} is Keycloak's user id. */
public record TestUser(String id, String username, String password) {
}

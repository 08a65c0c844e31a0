package dev.totpmfa.credential;

/**
 * A user's state row, locked by this transaction ({@link UserStateRows#lock}): the state as committed, and the write
 * of a new one, which Hibernate makes at commit, while the lock is still held.
 */
public final class LockedUserState {

    /** Keycloak's credential entity of the row, read with the lock by this transaction. */
    private final Object row;
    private UserState state;

    LockedUserState(Object row, UserState state) {
        this.row = row;
        this.state = state;
    }

    /** The state as committed when the lock was taken, with this transaction's writes. */
    public UserState state() {
        return state;
    }

    /**
     * Writes the state into the locked row, past Keycloak's user cache (nothing cached reads it): set on the entity,
     * which Hibernate writes at commit, while the lock is still held.
     */
    public void write(UserState next) {
        KeycloakJpa.invoke(row, "setCredentialData", next.format());
        state = next;
    }
}

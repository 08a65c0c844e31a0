package dev.totpmfa.credential;

import jakarta.persistence.EntityManager;

/**
 * A user's state row, locked by this transaction ({@link UserStateRows#lock}): the state as committed, and the write
 * of a new one, which Hibernate makes at commit, while the lock is still held.
 */
public final class LockedUserState {

    private final EntityManager em;
    private final String entity;
    private final String rowId;
    private UserState state;

    LockedUserState(EntityManager em, String entity, String rowId, UserState state) {
        this.em = em;
        this.entity = entity;
        this.rowId = rowId;
        this.state = state;
    }

    /** The state as committed when the lock was taken, with this transaction's writes. */
    public UserState state() {
        return state;
    }

    /** Writes the state into the locked row, past Keycloak's user cache (nothing cached reads it). */
    public void write(UserState next) {
        Object row = KeycloakJpa.findCommitted(em, entity, rowId);
        if (row == null) {
            throw new IllegalStateException("the locked totp-mfa user state row " + rowId + " is gone");
        }
        KeycloakJpa.invoke(row, "setCredentialData", next.format());
        state = next;
    }
}

package dev.totpmfa.credential;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Claims in Keycloak's single-use store (one code, once, on every node) that are given back when the request's
 * transaction rolls back. The store is not part of the database transaction: without the release, a code whose use
 * was never committed (the database stopped in the middle of the check, say) would stay refused until the claim
 * expired, although the database still holds it as unused. (The same as {@code setup/PendingClaim} does for a
 * pending enrolment.)
 */
final class SingleUseClaims {

    private SingleUseClaims() {
    }

    /** True when this request now holds {@code key}; released if the transaction does not commit. */
    static boolean claim(KeycloakSession session, String key, long lifespanSeconds) {
        if (!session.singleUseObjects().putIfAbsent(key, lifespanSeconds)) {
            return false;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // Used: the claim stays until it expires.
            }

            @Override
            protected void rollbackImpl() {
                session.singleUseObjects().remove(key);
            }
        });
        return true;
    }
}

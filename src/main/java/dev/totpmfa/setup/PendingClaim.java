package dev.totpmfa.setup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * A cluster-wide, single-use claim on something pending in an authentication session (a secret shown for enrolment,
 * a set of recovery codes shown for acknowledgement), so that two posts of the same page at the same moment (a
 * double click, a replayed request) store it once: the second finds the claim taken.
 *
 * <p>The key is a SHA-256 digest of the pending value, so neither a secret nor a code reaches the single-use store.
 * The claim stays after a commit (the note is gone by then, and a twin that read it before must still lose), and
 * is given back when the transaction rolls back or the caller decides not to store after all.
 */
final class PendingClaim {

    private static final String PREFIX = "totp-mfa-pending:";
    /** Far longer than a request: a twin request read the note before the winner committed. */
    private static final long CLAIM_SECONDS = 600;

    private final KeycloakSession session;
    private final String key;

    private PendingClaim(KeycloakSession session, String key) {
        this.session = session;
        this.key = key;
    }

    /** @return the claim, or empty when another request holds it */
    static Optional<PendingClaim> take(KeycloakSession session, String kind, String pendingValue) {
        PendingClaim claim = new PendingClaim(session, PREFIX + kind + ":" + digest(pendingValue));
        if (!session.singleUseObjects().putIfAbsent(claim.key, CLAIM_SECONDS)) {
            return Optional.empty();
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // Kept: see the class comment.
            }

            @Override
            protected void rollbackImpl() {
                claim.release();
            }
        });
        return Optional.of(claim);
    }

    /** Gives the claim back when nothing was stored, so the same page can be posted again. */
    void release() {
        session.singleUseObjects().remove(key);
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

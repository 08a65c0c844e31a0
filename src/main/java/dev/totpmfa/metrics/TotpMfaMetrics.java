package dev.totpmfa.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Our counters in Keycloak's Micrometer registry, the one {@code --metrics-enabled=true} exposes on the management
 * port's {@code /metrics} (Micrometer's global registry, where Keycloak's own user-event metrics are too). Every
 * meter name and tag is declared here; callers say what happened, in one call per event.
 *
 * <p>A counter moves only when the request's transaction commits, as Keycloak's event metrics do: an enrolment or a
 * failure that was rolled back did not happen. Tags are bounded: the realm's name and fixed words, never a user,
 * client or anything typed. With metrics off no registry is attached and a call returns after one check.
 */
public final class TotpMfaMetrics {

    /** Prometheus: {@code totp_mfa_code_checks_total{realm, factor, outcome}}. */
    static final String CODE_CHECKS = "totp.mfa.code.checks";
    /** Prometheus: {@code totp_mfa_lockouts_total{realm, kind}}. */
    static final String LOCKOUTS = "totp.mfa.lockouts";
    /** Prometheus: {@code totp_mfa_enrolments_total{realm}}. */
    static final String ENROLMENTS = "totp.mfa.enrolments";
    /** Prometheus: {@code totp_mfa_migrations_total{realm}}. */
    static final String MIGRATIONS = "totp.mfa.migrations";
    /** Prometheus: {@code totp_mfa_trusted_browser_logins_total{realm}}. */
    static final String TRUSTED_BROWSER_LOGINS = "totp.mfa.trusted.browser.logins";
    /** Prometheus: {@code totp_mfa_setups_postponed_total{realm}}. */
    static final String SETUPS_POSTPONED = "totp.mfa.setups.postponed";

    static final String REALM_TAG = "realm";
    static final String FACTOR_TAG = "factor";
    static final String OUTCOME_TAG = "outcome";
    static final String KIND_TAG = "kind";

    /** What was typed: a code of an authenticator app (ours or Keycloak's OTP device) or a recovery code. */
    public enum Factor {
        TOTP,
        RECOVERY
    }

    /**
     * What came of a typed code: accepted, rejected (evaluated and wrong, reused or malformed), locked (refused
     * unchecked by our lockout or the realm's brute-force detection), busy (another code of the user was being
     * checked).
     */
    public enum Outcome {
        ACCEPTED,
        REJECTED,
        LOCKED,
        BUSY
    }

    /** Which lockout a failure started: the first wait of a run of failures, or the guess budget's ceiling. */
    public enum Lockout {
        WAIT,
        CEILING
    }

    private static final CompositeMeterRegistry REGISTRY = Metrics.globalRegistry;

    private final KeycloakSession session;
    private final RealmModel realm;

    private TotpMfaMetrics(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Counts for {@code realm}, once {@code session}'s transaction has committed. */
    public static TotpMfaMetrics of(KeycloakSession session, RealmModel realm) {
        return new TotpMfaMetrics(session, realm);
    }

    public void codeChecked(Factor factor, Outcome outcome) {
        count(CODE_CHECKS, "Second-factor codes checked at login, by factor and outcome",
                Tags.of(FACTOR_TAG, word(factor), OUTCOME_TAG, word(outcome)));
    }

    public void lockoutStarted(Lockout kind) {
        count(LOCKOUTS, "Lockouts of the second factor started by a failed code", Tags.of(KIND_TAG, word(kind)));
    }

    /** A new authenticator app stored by the setup action (at login or application-initiated). */
    public void deviceEnrolled() {
        count(ENROLMENTS, "Authenticator apps enrolled", Tags.empty());
    }

    /** A device of Keycloak's own OTP form moved into ours at its first accepted code. */
    public void deviceMigrated() {
        count(MIGRATIONS, "Devices of Keycloak's OTP form migrated into totp-mfa", Tags.empty());
    }

    /** A login step passed by a trusted browser, without a code. */
    public void trustedBrowserLogin() {
        count(TRUSTED_BROWSER_LOGINS, "Logins that skipped the code on a trusted browser", Tags.empty());
    }

    /** A user chose "Set up later" on the setup page (grace period). */
    public void setupPostponed() {
        count(SETUPS_POSTPONED, "Enrolments postponed within the grace period", Tags.empty());
    }

    private void count(String name, String description, Tags tags) {
        if (REGISTRY.getRegistries().isEmpty()) {
            return;
        }
        Tags all = tags.and(REALM_TAG, realm.getName());
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                Counter.builder(name).description(description).tags(all).register(REGISTRY).increment();
            }

            @Override
            protected void rollbackImpl() {
                // Nothing happened: nothing counted.
            }
        });
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}

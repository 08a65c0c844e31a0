package dev.totpmfa.lockout;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.Version;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Reports a failed second factor to the realm's brute-force detection in the form the running Keycloak knows
 * ({@link KeycloakRelease#countsFailureCategories()}): with the failure's category from 26.6 on, without one (as
 * a failed login) before, which is what those releases do for a wrong code of their own OTP form too.
 */
final class RealmBruteForce {

    private static final Logger LOG = Logger.getLogger(RealmBruteForce.class);
    private static final boolean WITH_CATEGORIES = KeycloakRelease.of(Version.VERSION).countsFailureCategories();
    private static final AtomicBoolean REPORTED_WITHOUT_CATEGORIES = new AtomicBoolean();

    private RealmBruteForce() {
    }

    static void reportFailure(KeycloakSession session, RealmModel realm, UserModel user, String category) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        ClientConnection connection = session.getContext().getConnection();
        UriInfo uri = session.getContext().getUri();
        if (WITH_CATEGORIES) {
            protector.failedLogin(realm, user, connection, uri, Set.of(category));
            return;
        }
        if (REPORTED_WITHOUT_CATEGORIES.compareAndSet(false, true)) {
            LOG.infof("keycloak-totp-mfa: Keycloak %s's brute-force detection takes no failure categories (before"
                    + " 26.6); failed codes count as failed logins, as with Keycloak's own OTP form", Version.VERSION);
        }
        // Reflection: the jar is compiled against 26.7, whose BruteForceProtector no longer has this signature.
        try {
            BruteForceProtector.class.getMethod("failedLogin", RealmModel.class, UserModel.class,
                    ClientConnection.class, UriInfo.class).invoke(protector, realm, user, connection, uri);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("No failedLogin method on " + protector.getClass().getName(), e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

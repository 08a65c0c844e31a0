package dev.totpmfa.login;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Reports a failed second factor to the realm's brute-force detection in the form the running Keycloak knows.
 * Keycloak 26.6 and later take the failure's category ({@code otp}, {@code recovery-authn-codes}) and count it
 * apart from password failures; earlier 26.x releases only have the call without one and count it as a failed
 * login, which is what they do for a wrong code of their own OTP form too.
 */
final class RealmBruteForce {

    private static final Logger LOG = Logger.getLogger(RealmBruteForce.class);
    private static final AtomicBoolean WITHOUT_CATEGORIES = new AtomicBoolean();

    private RealmBruteForce() {
    }

    static void reportFailure(KeycloakSession session, RealmModel realm, UserModel user, String category) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        ClientConnection connection = session.getContext().getConnection();
        UriInfo uri = session.getContext().getUri();
        if (!WITHOUT_CATEGORIES.get()) {
            try {
                protector.failedLogin(realm, user, connection, uri, Set.of(category));
                return;
            } catch (NoSuchMethodError | AbstractMethodError e) {
                if (WITHOUT_CATEGORIES.compareAndSet(false, true)) {
                    LOG.info("keycloak-totp-mfa: this Keycloak's brute-force detection takes no failure categories"
                            + " (before 26.6); failed codes count as failed logins, as with Keycloak's own OTP form");
                }
            }
        }
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

package dev.totpmfa.credential;

import dev.totpmfa.names.ProviderIds;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.ReadOnlyException;

/**
 * The one lock of a user: their state row, a credential row of our own type ({@value ProviderIds#USER_STATE_CREDENTIAL})
 * that holds the {@link UserState}. Every change that must not race with another of the same user (a code check and
 * its failure count, an enrolment, a new recovery-code set, a trusted browser, a postponement, an admin's reset or
 * unlock) locks it first ({@code SELECT … FOR UPDATE}), so those changes happen one after another on every node, and
 * what is read after the lock is what the previous holder committed.
 *
 * <p>Why a credential row: Keycloak keeps the credentials of every user in its own database, whatever the user store
 * (its credential table for local and imported users, the federated-storage table for users of a provider without
 * import), and writes them even where the user store is read-only. User attributes and the user's row, which this
 * state used before, are neither: a read-only LDAP refuses attributes, and a user without import has no row to lock.
 *
 * <p>The row is created at a user's first use, in a transaction of its own that commits before the lock is taken,
 * carrying over the attributes that held this state before ({@value #LEGACY_LOCKOUT}, {@value #LEGACY_GRACE}). Two
 * first uses at the same moment may create two rows; every lock takes all of them in id order, so at least one of the
 * two sees both and waits for the other, and the first to hold both merges them into one ({@link UserState#merge}).
 * Held for the rest of the request's transaction: the lock is taken once per request and user.
 */
public final class UserStateRows {

    private static final Logger LOG = Logger.getLogger(UserStateRows.class);
    public static final String TYPE = ProviderIds.USER_STATE_CREDENTIAL;
    /** The user attribute that held the lockout record before this row (read and removed at the first use). */
    public static final String LEGACY_LOCKOUT = "totp-mfa-lockout";
    /** The user attribute that held the postponement count before this row. */
    public static final String LEGACY_GRACE = "totp-mfa-grace-used";
    private static final String HELD = "totp-mfa-user-state-held:";

    private UserStateRows() {
    }

    /**
     * Locks the user's state row until the transaction ends (creating it first when the user has none) and reads it
     * as committed; the second call of a request for the same user answers from the first.
     *
     * @return empty when it cannot be locked (no JPA store): the caller refuses what needed the lock
     */
    public static Optional<LockedUserState> lock(KeycloakSession session, RealmModel realm, UserModel user) {
        Object held = session.getAttribute(HELD + user.getId());
        if (held instanceof LockedUserState state) {
            return Optional.of(state);
        }
        Optional<EntityManager> jpa = KeycloakJpa.entityManager(session);
        if (jpa.isEmpty()) {
            return Optional.empty();
        }
        String entity = KeycloakJpa.credentialEntityOf(user);
        List<Object[]> rows = lockedRows(jpa.get(), entity, user);
        if (rows.isEmpty()) {
            create(session, realm, user);
            rows = lockedRows(jpa.get(), entity, user);
            if (rows.isEmpty()) {
                LOG.errorf("keycloak-totp-mfa: cannot create the state row of user %s in realm %s (user storage %s)",
                        user.getId(), realm.getName(), storageOf(user));
                return Optional.empty();
            }
        }
        LockedUserState state = new LockedUserState(jpa.get(), entity, (String) rows.get(0)[0], merged(rows));
        if (rows.size() > 1) {
            rows.stream().skip(1).forEach(row -> user.credentialManager().removeStoredCredentialById((String) row[0]));
            state.write(state.state());
        }
        session.setAttribute(HELD + user.getId(), state);
        return Optional.of(state);
    }

    /**
     * The user's state as committed, without a lock: for what is only shown (a page, a count), never for a decision
     * that changes it. A user without a state row yet has the state their old attributes held.
     */
    public static UserState peek(KeycloakSession session, UserModel user) {
        Optional<EntityManager> jpa = KeycloakJpa.entityManager(session);
        if (jpa.isEmpty()) {
            return LegacyUserState.read(user);
        }
        String entity = KeycloakJpa.credentialEntityOf(user);
        List<String> rows = jpa.get().createQuery("select c.credentialData from " + entity + " c where "
                + KeycloakJpa.userCondition(entity) + " and c.type = :type order by c.id", String.class)
                .setParameter("user", user.getId())
                .setParameter("type", TYPE)
                .getResultList();
        return rows.isEmpty() ? LegacyUserState.read(user)
                : UserState.merge(rows.stream().map(UserState::parse).toList());
    }

    /**
     * Holds the user's state row for the rest of the transaction, for a change of the user's credentials that must
     * not race with another (an enrolment, a new recovery-code set, a trusted browser, a reset). Without a JPA store
     * nothing is locked (logged once, as an error, by {@link KeycloakJpa}).
     */
    public static void hold(KeycloakSession session, RealmModel realm, UserModel user) {
        lock(session, realm, user);
    }

    /** The user store, for log lines: {@code local} or the id of the user storage provider. */
    public static String storageOf(UserModel user) {
        return user.getFederationLink() == null ? "local" : user.getFederationLink();
    }

    /** {@code SELECT id, data … FOR UPDATE} of every state row of the user, in id order (the same order for all). */
    private static List<Object[]> lockedRows(EntityManager em, String entity, UserModel user) {
        return em.createQuery("select c.id, c.credentialData from " + entity + " c where "
                + KeycloakJpa.userCondition(entity) + " and c.type = :type order by c.id", Object[].class)
                .setParameter("user", user.getId())
                .setParameter("type", TYPE)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    private static UserState merged(List<Object[]> rows) {
        List<UserState> states = new ArrayList<>();
        for (Object[] row : rows) {
            states.add(UserState.parse((String) row[1]));
        }
        return states.size() == 1 ? states.get(0) : UserState.merge(states);
    }

    /**
     * Creates the row in a transaction of its own, committed before this one goes on, so that a concurrent first use
     * on another node sees it when it locks. Carries over the attributes that held this state before, and removes
     * them where the user store lets us.
     */
    private static void create(KeycloakSession session, RealmModel realm, UserModel user) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
            RealmModel ownRealm = own.realms().getRealm(realm.getId());
            own.getContext().setRealm(ownRealm);
            UserModel ownUser = own.users().getUserById(ownRealm, user.getId());
            if (ownUser == null) {
                return;
            }
            CredentialModel row = new CredentialModel();
            row.setType(TYPE);
            row.setCreatedDate(Time.currentTimeMillis());
            row.setCredentialData(LegacyUserState.read(ownUser).format());
            row.setSecretData("{}");
            ownUser.credentialManager().createStoredCredential(row);
            LegacyUserState.remove(ownUser, ownRealm);
        });
    }

    /** The attributes that held this state before the state row. */
    private static final class LegacyUserState {

        static UserState read(UserModel user) {
            return UserState.fromLegacy(user.getFirstAttribute(LEGACY_LOCKOUT), user.getFirstAttribute(LEGACY_GRACE));
        }

        static void remove(UserModel user, RealmModel realm) {
            for (String name : List.of(LEGACY_LOCKOUT, LEGACY_GRACE)) {
                if (user.getFirstAttribute(name) == null) {
                    continue;
                }
                try {
                    user.removeAttribute(name);
                } catch (ReadOnlyException e) {
                    // Carried over all the same; the state row decides from now on, and the attribute is never read.
                    LOG.warnf("keycloak-totp-mfa: user %s in realm %s keeps the attribute %s (user storage %s is"
                            + " read-only); its value was carried over into the user's state row", user.getId(),
                            realm.getName(), name, storageOf(user));
                }
            }
        }
    }
}

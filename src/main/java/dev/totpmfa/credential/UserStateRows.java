package dev.totpmfa.credential;

import dev.totpmfa.names.ProviderIds;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * <p>One row per user, by construction: its id is derived from the user's id ({@link #rowId}), so the lock is a
 * primary-key lookup, and two first uses at the same moment (on two nodes) cannot make two rows. The row is created
 * at a user's first use, in a transaction of its own that commits before the lock is taken (the second of two such
 * inserts fails on the key, and its caller then locks the row the first one made), carrying over the attributes
 * that held this state before ({@value #LEGACY_LOCKOUT}, {@value #LEGACY_GRACE}). Held for the rest of the request's
 * transaction: the lock is taken once per request and user.
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
     * @return empty when it cannot be locked (no JPA store, or the row could not be created): the caller refuses what
     *         needed the lock
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
        String rowId = rowId(user);
        List<String> row = lockedRow(jpa.get(), entity, rowId);
        if (row.isEmpty()) {
            RuntimeException notCreated = create(session, realm, user);
            row = lockedRow(jpa.get(), entity, rowId);
            if (row.isEmpty()) {
                LOG.errorf(notCreated, "keycloak-totp-mfa: cannot create the state row of user %s in realm %s (user"
                        + " storage %s)", user.getId(), realm.getName(), storageOf(user));
                return Optional.empty();
            }
        }
        LockedUserState state = new LockedUserState(jpa.get(), entity, rowId, UserState.parse(row.get(0)));
        session.setAttribute(HELD + user.getId(), state);
        return Optional.of(state);
    }

    /**
     * The id of the user's state row: a name-based UUID of the user's id, which is unique in Keycloak (a local UUID, or
     * {@code f:<provider>:<external id>} for a user without import) and kept by a realm's export and import.
     */
    static String rowId(UserModel user) {
        return UUID.nameUUIDFromBytes((TYPE + ":" + user.getId()).getBytes(StandardCharsets.UTF_8)).toString();
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
        List<String> row = jpa.get().createQuery("select c.credentialData from "
                + KeycloakJpa.credentialEntityOf(user) + " c where c.id = :id", String.class)
                .setParameter("id", rowId(user))
                .getResultList();
        return row.isEmpty() ? LegacyUserState.read(user) : UserState.parse(row.get(0));
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

    /** {@code SELECT data … FOR UPDATE} of the user's state row, by its key: one row or none. */
    private static List<String> lockedRow(EntityManager em, String entity, String rowId) {
        return em.createQuery("select c.credentialData from " + entity + " c where c.id = :id", String.class)
                .setParameter("id", rowId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /**
     * Creates the row in a transaction of its own, committed before this one goes on, so that a first use on another
     * node at the same moment finds it (its own insert fails on the key). Carries over the attributes that held this
     * state before, and any state row of a build that gave them random ids, and removes both where the user store
     * lets us.
     *
     * @return why it failed (another node's insert of the same key, or the database), or null
     */
    private static RuntimeException create(KeycloakSession session, RealmModel realm, UserModel user) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                RealmModel ownRealm = own.realms().getRealm(realm.getId());
                own.getContext().setRealm(ownRealm);
                UserModel ownUser = own.users().getUserById(ownRealm, user.getId());
                if (ownUser == null) {
                    return;
                }
                List<CredentialModel> earlier = ownUser.credentialManager().getStoredCredentialsByTypeStream(TYPE)
                        .toList();
                List<UserState> states = new ArrayList<>();
                states.add(LegacyUserState.read(ownUser));
                earlier.forEach(row -> states.add(UserState.parse(row.getCredentialData())));
                CredentialModel row = new CredentialModel();
                row.setId(rowId(ownUser));
                row.setType(TYPE);
                row.setCreatedDate(Time.currentTimeMillis());
                row.setCredentialData(UserState.merge(states).format());
                row.setSecretData("{}");
                ownUser.credentialManager().createStoredCredential(row);
                earlier.forEach(old -> ownUser.credentialManager().removeStoredCredentialById(old.getId()));
                LegacyUserState.remove(ownUser, ownRealm);
            });
            return null;
        } catch (RuntimeException e) {
            return e;
        }
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

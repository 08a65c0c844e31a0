package dev.totpmfa.credential;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * Row locks and fresh reads in Keycloak's database, for the few places where two requests must not both act on
 * what they read: recording a used step, enrolling a device, replacing a recovery-code set.
 *
 * <p>Why: reads of a user's credentials may come from the user cache, filled before a concurrent transaction
 * committed, so a check made on them (is this step newer? is this label free?) can be stale. Keycloak 26's
 * credential row has a version column, but it only turns a lost update into a failed commit, and only when the row
 * was loaded before the other transaction committed. {@code SELECT … FOR UPDATE}
 * (through JPA, so Hibernate writes it for each database) makes the second of two transactions wait until the
 * first has committed, and a query issued after that sees the committed rows, on every node of a cluster.
 *
 * <p>Keycloak's JPA module is not published with a usable POM, so the entity manager is looked up by the class name
 * of its provider and the entities are known by name only (in JPQL and in the metamodel). Where it is missing, the
 * callers still work, with the unlocked reads they had before (logged once). The lookups by name are made once per
 * server, not per login: the provider class and its method when this class loads, each entity and accessor the first
 * time they are needed (see {@link Entities}).
 */
public final class CredentialRows {

    private static final Logger LOG = Logger.getLogger(CredentialRows.class);
    private static final String JPA_PROVIDER = "org.keycloak.connections.jpa.JpaConnectionProvider";
    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();
    private static final JpaAccess JPA = JpaAccess.lookUp();
    /** Where Keycloak keeps credentials: users of its own database, and users of a federation provider. */
    private static final List<String> CREDENTIAL_ENTITIES =
            List.of("CredentialEntity", "FederatedUserCredentialEntity");
    private static final Map<Class<?>, Map<String, Method>> ACCESSORS = new ConcurrentHashMap<>();
    private static volatile Entities entities;

    private final KeycloakSession session;

    public CredentialRows(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Locks one credential row until the transaction ends and reads it as committed.
     *
     * @param stale the credential as read earlier (identity, type and user); its data are replaced by the row's
     * @return the row as it is now, empty when it was deleted meanwhile (or without JPA: {@code stale} itself)
     */
    Optional<CredentialModel> lockAndRead(CredentialModel stale) {
        Optional<EntityManager> jpa = entityManager();
        if (jpa.isEmpty()) {
            return Optional.of(stale);
        }
        EntityManager em = jpa.get();
        for (String entity : CREDENTIAL_ENTITIES) {
            Optional<Object> row = lockRow(em, entity, stale.getId());
            if (row.isPresent()) {
                CredentialModel fresh = new CredentialModel();
                fresh.setId(stale.getId());
                fresh.setType(stale.getType());
                fresh.setCreatedDate(stale.getCreatedDate());
                fresh.setFederationLink(stale.getFederationLink());
                fresh.setCredentialData(property(row.get(), "getCredentialData"));
                fresh.setSecretData(property(row.get(), "getSecretData"));
                fresh.setUserLabel(property(row.get(), "getUserLabel"));
                return Optional.of(fresh);
            }
        }
        return Optional.empty();
    }

    /**
     * The row as an entity of this transaction, locked and read again ({@code refresh} with a lock is one
     * {@code SELECT … FOR UPDATE}): the transaction may hold the entity from before another one committed, and its
     * version column must be the committed one, or Keycloak's update of the row fails its optimistic check at commit.
     * Empty when there is no such row (or no such entity in this Keycloak).
     */
    private static Optional<Object> lockRow(EntityManager em, String entityName, String id) {
        Optional<EntityType<?>> type = entityType(em, entityName);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        // No SQL when the transaction already holds the entity; otherwise a plain read, which finds no row without
        // an exception (an exception would mark the transaction for rollback).
        Object entity = em.find(type.get().getJavaType(), id);
        if (entity == null) {
            return Optional.empty();
        }
        em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
        return Optional.of(entity);
    }

    private static Optional<EntityType<?>> entityType(EntityManager em, String name) {
        return Entities.of(em).type(name);
    }

    /**
     * Writes new credential data into a row that {@link #lockAndRead} locked and read in this transaction, past
     * Keycloak's user cache, which then keeps the user it holds (with the data as they were). For data whose cached
     * copy may lag behind the row without harm. The data are set on the row's entity, which that read left in this
     * transaction: Hibernate writes it at commit with the statement it prepared for the entity, as it does Keycloak's
     * own updates (a JPQL update would be translated anew at every login).
     *
     * @return false when nothing was written (no JPA, or no such row): the caller writes through the credential
     *         manager instead
     */
    boolean writeDataPastUserCache(CredentialModel credential) {
        Optional<EntityManager> jpa = entityManager();
        if (jpa.isEmpty()) {
            return false;
        }
        for (String entityName : CREDENTIAL_ENTITIES) {
            Optional<EntityType<?>> type = entityType(jpa.get(), entityName);
            // No SQL: the entity is the one lockAndRead loaded and locked.
            Object entity = type.isEmpty() ? null : jpa.get().find(type.get().getJavaType(), credential.getId());
            if (entity != null) {
                invoke(entity, "setCredentialData", credential.getCredentialData());
                return true;
            }
        }
        return false;
    }

    private static String property(Object entity, String getter) {
        Object value = invoke(entity, getter);
        if (value != null && !(value instanceof String)) {
            throw new IllegalStateException("Keycloak's " + entity.getClass().getSimpleName() + "." + getter
                    + " is not a string");
        }
        return (String) value;
    }

    /** Calls a public getter (no argument) or setter (one string) of one of Keycloak's entities. */
    private static Object invoke(Object entity, String name, String... argument) {
        Method method = ACCESSORS.computeIfAbsent(entity.getClass(), type -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, missing -> accessor(entity.getClass(), missing, argument.length));
        try {
            return method.invoke(entity, (Object[]) argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Keycloak's " + entity.getClass().getSimpleName() + "." + name
                    + " failed", e);
        }
    }

    private static Method accessor(Class<?> type, String name, int arguments) {
        try {
            return arguments == 0 ? type.getMethod(name) : type.getMethod(name, String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Keycloak's " + type.getSimpleName() + " has no " + name, e);
        }
    }

    /**
     * Locks the user's row until the transaction ends, so that changes to the user's set of credentials (an
     * enrolment, a new recovery-code set) happen one after another, cluster-wide. A user kept only in a user
     * federation provider has no row; nothing is locked then.
     */
    public void lockUser(UserModel user) {
        entityManager().ifPresent(em -> lockedUserRow(em, user));
    }

    /**
     * As {@link #lockUser}, for a change of the user's own attributes: the user's entity is also re-read once locked.
     * This transaction may hold it from before another one committed, and Keycloak writes an attribute by changing
     * the value it holds (or adding a row where it holds none): with a stale entity the other transaction's row would
     * be missed and a second row of the same name added beside it.
     */
    public void lockUserForUpdate(UserModel user) {
        entityManager().ifPresent(em -> lockedUserRow(em, user).forEach(em::refresh));
    }

    /** {@code SELECT … FOR UPDATE} of the user's row: one entity, or none for a user kept only in a federation. */
    private static List<?> lockedUserRow(EntityManager em, UserModel user) {
        return em.createQuery("select u from UserEntity u where u.id = :id")
                .setParameter("id", user.getId())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /**
     * The ids of the user's credentials of one type as committed (call after {@link #lockUser}); without JPA, as the
     * credential manager sees them.
     */
    public List<String> committedIds(UserModel user, String type) {
        return committed(user, type, "id", CredentialModel::getId);
    }

    /** The labels of the user's credentials of one type as committed; see {@link #committedIds}. */
    List<String> committedLabels(UserModel user, String type) {
        return committed(user, type, "userLabel", CredentialModel::getUserLabel);
    }

    private List<String> committed(UserModel user, String type, String attribute,
                                   Function<CredentialModel, String> seenValue) {
        Optional<EntityManager> jpa = entityManager();
        if (jpa.isEmpty()) {
            return user.credentialManager().getStoredCredentialsByTypeStream(type).map(seenValue).toList();
        }
        EntityManager em = jpa.get();
        List<String> local = em.createQuery("select c." + attribute
                + " from CredentialEntity c where c.user.id = :user and c.type = :type", String.class)
                .setParameter("user", user.getId()).setParameter("type", type).getResultList();
        List<String> federated = em.createQuery("select c." + attribute
                + " from FederatedUserCredentialEntity c where c.userId = :user and c.type = :type", String.class)
                .setParameter("user", user.getId()).setParameter("type", type).getResultList();
        return Stream.of(local, federated).flatMap(List::stream).distinct().toList();
    }

    /**
     * One attribute of a user as committed, read past the user cache: the cached user of this request may have
     * been loaded before another request (of the same user, on any node) committed its change. Without JPA, or for
     * a user kept only in a federation provider, the value the user model gives.
     */
    public Optional<String> committedAttribute(UserModel user, String name) {
        Optional<EntityManager> jpa = entityManager();
        if (jpa.isEmpty() || user.getFederationLink() != null) {
            return Optional.ofNullable(user.getFirstAttribute(name));
        }
        return jpa.get().createQuery("select a.value from UserAttributeEntity a where a.user.id = :user"
                + " and a.name = :name", String.class)
                .setParameter("user", user.getId()).setParameter("name", name)
                .setMaxResults(1)
                .getResultList().stream().findFirst();
    }

    /** Keycloak's JPA entity manager of this session, empty where the server has none (logged once). */
    public Optional<EntityManager> entityManager() {
        if (JPA.missing() != null) {
            return unavailable(JPA.missing());
        }
        Provider provider = session.getProvider(JPA.providerType());
        if (provider == null) {
            return unavailable("no " + JPA_PROVIDER);
        }
        try {
            return Optional.of((EntityManager) JPA.getEntityManager().invoke(provider));
        } catch (IllegalAccessException | InvocationTargetException | ClassCastException e) {
            return unavailable(e.toString());
        }
    }

    /** Keycloak's JPA provider type and its {@code getEntityManager}, or why this Keycloak has none. */
    private record JpaAccess(Class<? extends Provider> providerType, Method getEntityManager, String missing) {

        static JpaAccess lookUp() {
            try {
                Class<? extends Provider> type = Class.forName(JPA_PROVIDER, true,
                        KeycloakSession.class.getClassLoader()).asSubclass(Provider.class);
                return new JpaAccess(type, type.getMethod("getEntityManager"), null);
            } catch (ClassNotFoundException | NoSuchMethodException | ClassCastException e) {
                return new JpaAccess(null, null, e.toString());
            }
        }
    }

    /**
     * The entities of Keycloak's metamodel that this class uses, found by name once (the metamodel does not change
     * while the server runs; a new one, in tests that start another persistence unit, starts a new lookup).
     */
    private record Entities(Metamodel metamodel, Map<String, Optional<EntityType<?>>> types) {

        static Entities of(EntityManager em) {
            Metamodel metamodel = em.getMetamodel();
            Entities known = entities;
            if (known == null || known.metamodel() != metamodel) {
                known = new Entities(metamodel, new ConcurrentHashMap<>());
                entities = known;
            }
            return known;
        }

        Optional<EntityType<?>> type(String name) {
            return types.computeIfAbsent(name, missing -> metamodel.getEntities().stream()
                    .filter(entity -> missing.equals(entity.getName())).findFirst().map(entity -> entity));
        }
    }

    private static Optional<EntityManager> unavailable(String why) {
        if (UNAVAILABLE_LOGGED.compareAndSet(false, true)) {
            LOG.warnf("keycloak-totp-mfa: no JPA entity manager (%s); concurrent requests are guarded by the"
                    + " single-use store only", why);
        }
        return Optional.empty();
    }
}

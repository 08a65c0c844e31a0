package dev.totpmfa.credential;

import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.keycloak.storage.StorageId;

/**
 * Finds Keycloak's persistence layer: the JPA entity manager of a session, the credential entities and their
 * accessors. Keycloak's JPA module is not published with a usable POM, so the entity manager is looked up by the
 * class name of its provider and the entities are known by name only (in JPQL and in the metamodel). The lookups by
 * name are made once per server, not per login: the provider class and its method when this class loads, each entity
 * and accessor the first time it is needed.
 */
public final class KeycloakJpa {

    private static final Logger LOG = Logger.getLogger(KeycloakJpa.class);
    private static final String JPA_PROVIDER = "org.keycloak.connections.jpa.JpaConnectionProvider";
    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();
    private static final JpaAccess JPA = JpaAccess.lookUp();
    /** Credentials of users in Keycloak's own user table (local and imported users). */
    static final String LOCAL_CREDENTIAL = "CredentialEntity";
    /** Credentials of users kept only by a user storage provider (LDAP without import, a custom provider). */
    static final String FEDERATED_CREDENTIAL = "FederatedUserCredentialEntity";
    private static final Map<Class<?>, Map<String, Method>> ACCESSORS = new ConcurrentHashMap<>();
    private static volatile Entities entities;

    private KeycloakJpa() {
    }

    /**
     * The entity that holds this user's credentials, as Keycloak's credential manager chooses it: its own table for a
     * user with a local id, the federated-storage table for a user whose id names a storage provider.
     */
    static String credentialEntityOf(UserModel user) {
        return StorageId.isLocalStorage(user.getId()) ? LOCAL_CREDENTIAL : FEDERATED_CREDENTIAL;
    }

    /** The JPQL condition on a credential entity {@code c} for one user, bound to {@code :user}. */
    static String userCondition(String credentialEntity) {
        return LOCAL_CREDENTIAL.equals(credentialEntity) ? "c.user.id = :user" : "c.userId = :user";
    }

    /** Keycloak's JPA entity manager of this session, empty where the server has none (logged once). */
    public static Optional<EntityManager> entityManager(KeycloakSession session) {
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

    static Optional<EntityType<?>> entityType(EntityManager em, String name) {
        return Entities.of(em).type(name);
    }

    /**
     * The entity of this transaction with that id, as committed: a transaction that held the entity already may hold
     * it from before another one committed, and Keycloak's credential entity has a version column, so a write to a
     * stale copy would fail its optimistic check at commit. An entity this transaction did not hold is read once;
     * one it held is read again. Null when there is no such row.
     */
    static Object findCommitted(EntityManager em, String entityName, String id) {
        Optional<EntityType<?>> type = entityType(em, entityName);
        if (type.isEmpty()) {
            return null;
        }
        Object held = em.getReference(type.get().getJavaType(), id);
        if (em.getEntityManagerFactory().getPersistenceUnitUtil().isLoaded(held)) {
            em.refresh(held);
            return held;
        }
        // Not held: getReference made a proxy without SQL; find reads the row, or answers null without an exception
        // (which would mark the transaction for rollback).
        em.detach(held);
        return em.find(type.get().getJavaType(), id);
    }

    static String property(Object entity, String getter) {
        Object value = invoke(entity, getter);
        if (value != null && !(value instanceof String)) {
            throw new IllegalStateException("Keycloak's " + entity.getClass().getSimpleName() + "." + getter
                    + " is not a string");
        }
        return (String) value;
    }

    /** Calls a public getter (no argument) or setter (one string) of one of Keycloak's entities. */
    static Object invoke(Object entity, String name, String... argument) {
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
            LOG.errorf("keycloak-totp-mfa: no JPA entity manager (%s); a user's second-factor state cannot be locked,"
                    + " so code checks are refused", why);
        }
        return Optional.empty();
    }
}

package dev.totpmfa.credential;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * A user's credential rows (devices, recovery-code sets, trusted browsers) as committed, read past Keycloak's user
 * cache, for the places where a decision must not rest on a stale copy: recording a used step, enrolling a device,
 * replacing a recovery-code set.
 *
 * <p>Why: reads of a user's credentials may come from the user cache, filled before a concurrent transaction
 * committed. These reads are made while the transaction holds the user's state row ({@link UserStateRows}), which
 * every writer of these rows takes first, so what they return stays true until the transaction ends. An entity this
 * transaction already held is read again ({@link KeycloakJpa#findCommitted}); the lists of ids and labels are
 * projections, which JPA always reads from the database. Without JPA, the callers get what the credential manager
 * sees.
 */
public final class CredentialRows {

    private final KeycloakSession session;
    /** The entities {@link #readCommitted} read as committed, by id: a write to one of them needs no read. */
    private final Map<String, Object> readInThisTransaction = new HashMap<>();

    public CredentialRows(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The devices as committed (call while holding the user's state row).
     *
     * @param stale the credentials as read earlier (identity, type and user); their data are replaced by the rows'
     * @return the rows that still exist, in the order given (without JPA: {@code stale} itself)
     */
    List<CredentialModel> readCommitted(UserModel user, List<? extends CredentialModel> stale) {
        Optional<EntityManager> jpa = KeycloakJpa.entityManager(session);
        if (jpa.isEmpty()) {
            return List.copyOf(stale);
        }
        String entityName = KeycloakJpa.credentialEntityOf(user);
        List<CredentialModel> rows = new ArrayList<>();
        for (CredentialModel credential : stale) {
            Object entity = KeycloakJpa.findCommitted(jpa.get(), entityName, credential.getId());
            if (entity == null) {
                continue;
            }
            readInThisTransaction.put(credential.getId(), entity);
            CredentialModel fresh = new CredentialModel();
            fresh.setId(credential.getId());
            fresh.setType(credential.getType());
            fresh.setCreatedDate(credential.getCreatedDate());
            fresh.setFederationLink(credential.getFederationLink());
            fresh.setCredentialData(KeycloakJpa.property(entity, "getCredentialData"));
            fresh.setSecretData(KeycloakJpa.property(entity, "getSecretData"));
            fresh.setUserLabel(KeycloakJpa.property(entity, "getUserLabel"));
            rows.add(fresh);
        }
        return rows;
    }

    /**
     * Writes new credential data into a row past Keycloak's user cache, which then keeps the user it holds (with the
     * data as they were). For data whose cached copy may lag behind the row without harm, written while holding the
     * user's state row. The data are set on the row's entity (the one {@link #readCommitted} read, with no SQL):
     * Hibernate writes it at commit with the statement it prepared for the entity, as it does Keycloak's own updates
     * (a JPQL update would be translated anew at every login).
     *
     * @return false when nothing was written (no JPA, or no such row): the caller writes through the credential
     *         manager instead
     */
    boolean writeDataPastUserCache(UserModel user, CredentialModel credential) {
        Optional<EntityManager> jpa = KeycloakJpa.entityManager(session);
        if (jpa.isEmpty()) {
            return false;
        }
        Object entity = readInThisTransaction.get(credential.getId());
        if (entity == null) {
            entity = KeycloakJpa.findCommitted(jpa.get(), KeycloakJpa.credentialEntityOf(user), credential.getId());
        }
        if (entity == null) {
            return false;
        }
        KeycloakJpa.invoke(entity, "setCredentialData", credential.getCredentialData());
        return true;
    }

    /**
     * The ids of the user's credentials of one type as committed (call while holding the user's state row); without
     * JPA, as the credential manager sees them.
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
        Optional<EntityManager> jpa = KeycloakJpa.entityManager(session);
        if (jpa.isEmpty()) {
            return user.credentialManager().getStoredCredentialsByTypeStream(type).map(seenValue).toList();
        }
        String entity = KeycloakJpa.credentialEntityOf(user);
        return jpa.get().createQuery("select c." + attribute + " from " + entity + " c where "
                + KeycloakJpa.userCondition(entity) + " and c.type = :type", String.class)
                .setParameter("user", user.getId()).setParameter("type", type).getResultList();
    }
}

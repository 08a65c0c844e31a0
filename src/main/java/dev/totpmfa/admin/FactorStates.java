package dev.totpmfa.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.config.EnrolmentGrace;
import dev.totpmfa.credential.BuiltInRecoveryCodes;
import dev.totpmfa.credential.UserState;
import dev.totpmfa.credential.UserStateRows;
import dev.totpmfa.lockout.LockoutPolicy;
import dev.totpmfa.lockout.LockoutStatus;
import dev.totpmfa.names.ProviderIds;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * Where the realm's users stand with their second factor, answered by the database: counts and pages are JPQL
 * queries over Keycloak's user and credential tables (ordered by username, paged with offset and limit), so a
 * realm of any size is never loaded into memory. Only two things are decided in Java: whether a lockout record
 * still locks (it depends on the time and the realm's policy; only users with a record are read, i.e. those with a
 * failure since their last success), and, under fine-grained admin permissions, which users this admin may see.
 *
 * <p>Users kept only in a user federation provider (not imported) have no rows here and are not listed.
 */
final class FactorStates {

    /** A state row with a lockout record: its JSON has the field only then. */
    private static final String LOCKOUT_IN_STATE = "%\"lockout\"%";
    /** Rows read at a time where Java must filter (lockout, fine-grained permissions). */
    private static final int CHUNK = 500;

    private final EntityManager em;
    private final RealmModel realm;
    private final List<String> lowPatterns;
    private final LockoutStatus lockout;
    private final Instant now;
    private final EnrolmentGrace grace;

    FactorStates(EntityManager em, RealmModel realm, Instant now) {
        this.em = em;
        this.realm = realm;
        this.lowPatterns = RemainingCodesPattern.atMost(RecoveryWarning.threshold(realm));
        this.lockout = LockoutStatus.of(realm);
        this.now = now;
        this.grace = SetupGrace.of(realm);
    }

    /** One user of a list, before the details of the page are read. */
    private record Row(String id, String username) {
    }

    FactorSummary summary() {
        return new FactorSummary(count(null), count(FactorState.ENROLLED), count(FactorState.BUILT_IN),
                count(FactorState.NONE), count(FactorState.LOW_CODES), lockedCandidates().stream()
                        .filter(candidate -> candidate.locked(lockout, now)).count());
    }

    /**
     * @param state   null for every user
     * @param visible null when the admin may see every user, else the test of each user (fine-grained permissions)
     */
    List<UserFactors> page(FactorState state, Paging paging, Predicate<String> visible) {
        List<Row> rows;
        if (state == FactorState.LOCKED) {
            rows = skipAndTake(lockedCandidates().stream()
                    .filter(candidate -> candidate.locked(lockout, now))
                    .filter(candidate -> visible == null || visible.test(candidate.row().id()))
                    .map(LockoutCandidate::row).toList(), paging);
        } else if (visible == null) {
            rows = rows(state).setFirstResult(paging.first()).setMaxResults(paging.max()).getResultList().stream()
                    .map(FactorStates::row).toList();
        } else {
            rows = scanVisible(state, paging, visible);
        }
        return details(rows);
    }

    private List<Row> scanVisible(FactorState state, Paging paging, Predicate<String> visible) {
        List<Row> kept = new ArrayList<>();
        int skipped = 0;
        for (int offset = 0;; offset += CHUNK) {
            List<Object[]> chunk = rows(state).setFirstResult(offset).setMaxResults(CHUNK).getResultList();
            for (Object[] result : chunk) {
                Row row = row(result);
                if (!visible.test(row.id())) {
                    continue;
                }
                if (skipped < paging.first()) {
                    skipped++;
                } else {
                    kept.add(row);
                    if (kept.size() == paging.max()) {
                        return kept;
                    }
                }
            }
            if (chunk.size() < CHUNK) {
                return kept;
            }
        }
    }

    private static List<Row> skipAndTake(List<Row> rows, Paging paging) {
        if (paging.first() >= rows.size()) {
            return List.of();
        }
        return rows.subList(paging.first(), Math.min(rows.size(), paging.first() + paging.max()));
    }

    private static Row row(Object[] result) {
        return new Row((String) result[0], (String) result[1]);
    }

    private long count(FactorState state) {
        Query query = where(state);
        TypedQuery<Long> count = em.createQuery("select count(u.id)" + query.jpql(), Long.class);
        query.parameters().forEach(count::setParameter);
        return count.getSingleResult();
    }

    private TypedQuery<Object[]> rows(FactorState state) {
        Query query = where(state);
        TypedQuery<Object[]> rows = em.createQuery("select u.id, u.username" + query.jpql()
                + " order by u.username, u.id", Object[].class);
        query.parameters().forEach(rows::setParameter);
        return rows;
    }

    /** The JPQL after {@code select …}, and its parameters. */
    private record Query(String jpql, Map<String, Object> parameters) {
    }

    private Query where(FactorState state) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("realm", realm.getId());
        StringBuilder jpql = new StringBuilder(
                " from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null");
        if (state == null) {
            return new Query(jpql.toString(), parameters);
        }
        switch (state) {
            case NONE -> jpql.append(" and not ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL))
                    .append(" and not ").append(has("otp", parameters, OTPCredentialModel.TYPE))
                    .append(" and not ").append(has("builtInCodes", parameters, BuiltInRecoveryCodes.TYPE));
            case BUILT_IN -> jpql.append(" and not ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL))
                    .append(" and (").append(has("otp", parameters, OTPCredentialModel.TYPE))
                    .append(" or ").append(has("builtInCodes", parameters, BuiltInRecoveryCodes.TYPE)).append(')');
            case ENROLLED -> jpql.append(" and ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL));
            case LOW_CODES -> {
                jpql.append(" and ").append(has("ours", parameters, ProviderIds.TOTP_CREDENTIAL));
                parameters.put("codes", ProviderIds.RECOVERY_CODES_CREDENTIAL);
                jpql.append(" and not exists (select c.id from CredentialEntity c where c.user = u"
                        + " and c.type = :codes");
                for (int i = 0; i < lowPatterns.size(); i++) {
                    parameters.put("low" + i, lowPatterns.get(i));
                    jpql.append(" and c.credentialData not like :low").append(i);
                }
                jpql.append(')');
            }
            case LOCKED -> {
                parameters.put("state", ProviderIds.USER_STATE_CREDENTIAL);
                parameters.put("lockoutKey", LOCKOUT_IN_STATE);
                parameters.put("legacyLockout", UserStateRows.LEGACY_LOCKOUT);
                jpql.append(" and (exists (select c.id from CredentialEntity c where c.user = u and c.type = :state"
                        + " and c.credentialData like :lockoutKey) or (exists (select a.id from UserAttributeEntity a"
                        + " where a.user = u and a.name = :legacyLockout) and not exists (select s.id from"
                        + " CredentialEntity s where s.user = u and s.type = :state)))");
            }
        }
        return new Query(jpql.toString(), parameters);
    }

    private static String has(String name, Map<String, Object> parameters, String type) {
        parameters.put(name, type);
        return "exists (select c.id from CredentialEntity c where c.user = u and c.type = :" + name + ")";
    }

    /** A user with a lockout record: whether it locks is decided here, with the realm's policy and the time. */
    private record LockoutCandidate(Row row, String record, int devices) {

        boolean locked(LockoutStatus status, Instant now) {
            return !(status.stateOf(record, devices, now) instanceof LockoutPolicy.Open);
        }
    }

    /**
     * Users with a lockout record: in their state row, or (not used since the state row came) in the attribute that
     * held it before; ordered by username as the other lists.
     */
    private List<LockoutCandidate> lockedCandidates() {
        String devices = " (select count(c.id) from CredentialEntity c where c.user = u and c.type = :ours)";
        List<LockoutCandidate> candidates = new ArrayList<>();
        candidates.addAll(candidates("select u.id, u.username, s.credentialData," + devices
                + " from CredentialEntity s join s.user u where s.type = :state and s.credentialData like :lockoutKey"
                + " and u.realmId = :realm and u.serviceAccountClientLink is null",
                Map.of("lockoutKey",
                        LOCKOUT_IN_STATE),
                data -> UserState.parse(data).lockout()));
        candidates.addAll(candidates("select u.id, u.username, a.value," + devices
                + " from UserAttributeEntity a join a.user u where a.name = :lockout and u.realmId = :realm"
                + " and u.serviceAccountClientLink is null and not exists (select s.id from CredentialEntity s"
                + " where s.user = u and s.type = :state)", Map.of("lockout", UserStateRows.LEGACY_LOCKOUT),
                value -> value));
        candidates.sort(Comparator.comparing((LockoutCandidate candidate) -> candidate.row().username())
                .thenComparing(candidate -> candidate.row().id()));
        return candidates;
    }

    private List<LockoutCandidate> candidates(String jpql, Map<String, Object> parameters,
                                              Function<String, String> record) {
        List<LockoutCandidate> candidates = new ArrayList<>();
        for (int offset = 0;; offset += CHUNK) {
            TypedQuery<Object[]> query = em.createQuery(jpql + " order by u.username, u.id", Object[].class)
                    .setParameter("ours", ProviderIds.TOTP_CREDENTIAL)
                    .setParameter("state", ProviderIds.USER_STATE_CREDENTIAL)
                    .setParameter("realm", realm.getId());
            parameters.forEach(query::setParameter);
            List<Object[]> chunk = query.setFirstResult(offset).setMaxResults(CHUNK).getResultList();
            for (Object[] result : chunk) {
                candidates.add(new LockoutCandidate(row(result), record.apply((String) result[2]),
                        ((Number) result[3]).intValue()));
            }
            if (chunk.size() < CHUNK) {
                return candidates;
            }
        }
    }

    /** The page's devices, recovery codes, lockouts and postponements: four queries for the whole page. */
    private List<UserFactors> details(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(Row::id).toList();
        Map<String, Integer> devices = new HashMap<>();
        Map<String, Integer> builtIn = new HashMap<>();
        for (Object[] result : em.createQuery("select c.user.id, c.type, count(c.id) from CredentialEntity c"
                + " where c.user.id in :ids and c.type in (:ours, :otp) group by c.user.id, c.type", Object[].class)
                .setParameter("ids", ids)
                .setParameter("ours", ProviderIds.TOTP_CREDENTIAL)
                .setParameter("otp", OTPCredentialModel.TYPE)
                .getResultList()) {
            (ProviderIds.TOTP_CREDENTIAL.equals(result[1]) ? devices : builtIn)
                    .put((String) result[0], ((Number) result[2]).intValue());
        }
        Map<String, Integer> codes = new HashMap<>();
        for (Object[] result : em.createQuery("select c.user.id, c.credentialData from CredentialEntity c"
                + " where c.user.id in :ids and c.type = :codes", Object[].class)
                .setParameter("ids", ids)
                .setParameter("codes", ProviderIds.RECOVERY_CODES_CREDENTIAL)
                .getResultList()) {
            remaining((String) result[1]).ifPresent(left -> codes.merge((String) result[0], left, Integer::sum));
        }
        Map<String, UserState> states = states(ids);
        Map<String, UserFactors> page = new LinkedHashMap<>();
        for (Row row : rows) {
            int userDevices = devices.getOrDefault(row.id(), 0);
            UserState userState = states.getOrDefault(row.id(), UserState.EMPTY);
            LockoutPolicy.State state = lockout.stateOf(userState.lockout(), userDevices, now);
            String until = state instanceof LockoutPolicy.Waiting waiting ? waiting.until().toString() : null;
            int used = userState.graceUsed();
            EnrolmentGrace.Standing grace = this.grace.standing(used, now);
            page.put(row.id(), new UserFactors(row.id(), row.username(), userDevices,
                    builtIn.getOrDefault(row.id(), 0), codes.get(row.id()),
                    !(state instanceof LockoutPolicy.Open), until, Math.max(0, used),
                    grace.left().isPresent() ? grace.left().getAsInt() : null));
        }
        return List.copyOf(page.values());
    }

    /**
     * The users' states (lockout record, postponements): from their state rows, or for a user without one yet, from
     * the attributes that held them before.
     */
    private Map<String, UserState> states(List<String> ids) {
        Map<String, List<UserState>> rows = new HashMap<>();
        for (Object[] result : em.createQuery("select c.user.id, c.credentialData from CredentialEntity c"
                + " where c.user.id in :ids and c.type = :state order by c.id", Object[].class)
                .setParameter("ids", ids)
                .setParameter("state", ProviderIds.USER_STATE_CREDENTIAL)
                .getResultList()) {
            rows.computeIfAbsent((String) result[0], id -> new ArrayList<>()).add(UserState.parse((String) result[1]));
        }
        Map<String, UserState> states = new HashMap<>();
        rows.forEach((id, userRows) -> states.put(id, UserState.merge(userRows)));
        Map<String, Map<String, String>> legacy = new HashMap<>();
        for (Object[] result : em.createQuery("select a.user.id, a.name, a.value from UserAttributeEntity a"
                + " where a.user.id in :ids and a.name in (:lockout, :grace)", Object[].class)
                .setParameter("ids", ids)
                .setParameter("lockout", UserStateRows.LEGACY_LOCKOUT)
                .setParameter("grace", UserStateRows.LEGACY_GRACE)
                .getResultList()) {
            legacy.computeIfAbsent((String) result[0], id -> new HashMap<>()).put((String) result[1],
                    (String) result[2]);
        }
        legacy.forEach((id, attributes) -> states.putIfAbsent(id, UserState.fromLegacy(
                attributes.get(UserStateRows.LEGACY_LOCKOUT), attributes.get(UserStateRows.LEGACY_GRACE))));
        return states;
    }

    /** The count in a set's public JSON; empty for a row that cannot be read (it is then not counted). */
    private static Optional<Integer> remaining(String credentialData) {
        try {
            JsonNode node = JsonSerialization.readValue(credentialData, JsonNode.class).get("remaining");
            return node != null && node.canConvertToInt() ? Optional.of(node.intValue()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

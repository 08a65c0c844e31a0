package dev.totpmfa.admin;

import dev.totpmfa.lockout.LockoutStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.keycloak.models.RealmModel;

/**
 * Where the realm's users stand with their second factor, answered by the database: counts and pages are JPQL
 * queries over Keycloak's user and credential tables (paged with offset and limit), so a realm of any size is never
 * loaded into memory. Only two things are decided in Java: whether a lockout record still locks
 * ({@link LockoutCandidates}), and, under fine-grained admin permissions, which users this admin may see.
 *
 * <p>A list holds the users of Keycloak's user table first, by username, then the users a provider keeps without
 * import, by id ({@link UserTable}): of those, only users Keycloak's database holds something of are known here, and
 * their usernames are looked up for the page only ({@link PageDetails}).
 */
final class FactorStates {

    /** Rows read at a time where Java must filter (fine-grained permissions). */
    private static final int CHUNK = 500;

    private final EntityManager em;
    private final RealmModel realm;
    private final List<String> lowPatterns;
    private final LockoutStatus lockout;
    private final Instant now;
    private final PageDetails details;

    /** @param usernames the username of a user by id, through Keycloak's user lookup; null when none is found */
    FactorStates(EntityManager em, RealmModel realm, Instant now, Function<String, String> usernames) {
        this.em = em;
        this.realm = realm;
        this.lowPatterns = RemainingCodesPattern.atMost(RecoveryWarning.threshold(realm));
        this.lockout = LockoutStatus.of(realm);
        this.now = now;
        this.details = new PageDetails(em, lockout, SetupGrace.of(realm), now, usernames);
    }

    FactorSummary summary() {
        return new FactorSummary(count(null), count(FactorState.ENROLLED), count(FactorState.BUILT_IN),
                count(FactorState.NONE), count(FactorState.LOW_CODES), lockedUsers().size());
    }

    /**
     * @param state   null for every user
     * @param visible null when the admin may see every user, else the test of each user (fine-grained permissions)
     */
    List<UserFactors> page(FactorState state, Paging paging, Predicate<String> visible) {
        List<UserRow> rows;
        if (state == FactorState.LOCKED) {
            rows = skipAndTake(lockedUsers().stream()
                    .filter(row -> visible == null || visible.test(row.id())).toList(), paging);
        } else if (visible == null) {
            rows = rows(state, paging.first(), paging.max());
        } else {
            rows = scanVisible(state, paging, visible);
        }
        return rows.isEmpty() ? List.of() : details.of(rows);
    }

    private List<UserRow> lockedUsers() {
        return new LockoutCandidates(em, realm.getId()).locked(lockout, now);
    }

    private List<UserRow> scanVisible(FactorState state, Paging paging, Predicate<String> visible) {
        List<UserRow> kept = new ArrayList<>();
        int skipped = 0;
        for (int offset = 0;; offset += CHUNK) {
            List<UserRow> chunk = rows(state, offset, CHUNK);
            for (UserRow row : chunk) {
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

    private static List<UserRow> skipAndTake(List<UserRow> rows, Paging paging) {
        if (paging.first() >= rows.size()) {
            return List.of();
        }
        return rows.subList(paging.first(), Math.min(rows.size(), paging.first() + paging.max()));
    }

    /**
     * Rows {@code offset} to {@code offset + limit} of the list: of the user table first, then of the users without
     * import, whose offset needs the user table's count only when the page reaches past it.
     */
    private List<UserRow> rows(FactorState state, int offset, int limit) {
        List<UserRow> rows = new ArrayList<>(rows(UserTable.LOCAL, state, offset, limit));
        if (rows.size() == limit) {
            return rows;
        }
        long local = rows.isEmpty() && offset > 0 ? count(UserTable.LOCAL, state) : offset + rows.size();
        rows.addAll(rows(UserTable.FEDERATED, state, (int) Math.max(0, offset - local), limit - rows.size()));
        return rows;
    }

    private List<UserRow> rows(UserTable table, FactorState state, int offset, int limit) {
        StateFilter.Query query = new StateFilter(table, lowPatterns).where(realm.getId(), state);
        return query.bind(em.createQuery("select " + table.rowSelection() + query.jpql() + table.order(),
                Tuple.class)).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(tuple -> new UserRow(tuple.get(0, String.class),
                        table.hasUsername() ? tuple.get(1, String.class) : null, table))
                .toList();
    }

    private long count(FactorState state) {
        return count(UserTable.LOCAL, state) + count(UserTable.FEDERATED, state);
    }

    private long count(UserTable table, FactorState state) {
        StateFilter.Query query = new StateFilter(table, lowPatterns).where(realm.getId(), state);
        return query.bind(em.createQuery("select count(u.id)" + query.jpql(), Long.class)).getSingleResult();
    }
}

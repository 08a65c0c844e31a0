package dev.totpmfa.admin;

import dev.totpmfa.credential.UserState;
import dev.totpmfa.credential.UserStateRows;
import dev.totpmfa.lockout.LockoutPolicy;
import dev.totpmfa.lockout.LockoutStatus;
import dev.totpmfa.names.ProviderIds;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The users with a lockout record, i.e. with a failed code since their last success: whether the record still locks
 * depends on the time and the realm's policy, so it is decided here in Java. Only these users are read, in chunks.
 * Users of the user table come first (by username), then users kept without import (by id), as in every list.
 */
final class LockoutCandidates {

    /** A state row with a lockout record: its JSON has the field only then. */
    private static final String LOCKOUT_IN_STATE = "%\"lockout\"%";
    /** Rows read at a time. */
    private static final int CHUNK = 500;

    /** A user with a lockout record and their number of devices (the policy's ceiling depends on it). */
    record Candidate(UserRow row, String record, int devices) {

        boolean locked(LockoutStatus status, Instant now) {
            return !(status.stateOf(record, devices, now) instanceof LockoutPolicy.Open);
        }
    }

    private final EntityManager em;
    private final String realmId;

    LockoutCandidates(EntityManager em, String realmId) {
        this.em = em;
        this.realmId = realmId;
    }

    /** The users of both tables whose record locks now, in list order. */
    List<UserRow> locked(LockoutStatus status, Instant now) {
        List<UserRow> locked = new ArrayList<>();
        for (UserTable table : UserTable.values()) {
            of(table).stream().filter(candidate -> candidate.locked(status, now)).map(Candidate::row)
                    .forEach(locked::add);
        }
        return locked;
    }

    /**
     * The table's users with a lockout record: in their state row, or (not used since the state row came) in the
     * attribute that held it before.
     */
    private List<Candidate> of(UserTable table) {
        String devices = " (select count(c.id) from " + table.credentials() + " c where " + table.userIdOf("c")
                + " = u.id and c.type = :ours)";
        String select = "select " + table.rowSelection() + ", ";
        List<Candidate> candidates = new ArrayList<>();
        candidates.addAll(read(table, select + "s.credentialData," + devices + " from " + table.users() + ", "
                + table.credentials() + " s where " + table.userIdOf("s") + " = u.id and s.type = :state"
                + " and s.credentialData like :lockoutKey and " + table.usersWhere(),
                data -> UserState.parse(data).lockout(), "lockoutKey", LOCKOUT_IN_STATE));
        candidates.addAll(read(table, select + "a.value," + devices + " from " + table.users() + ", "
                + table.attributes() + " a where " + table.userIdOf("a") + " = u.id and a.name = :lockout and "
                + table.usersWhere() + " and not " + table.hasCredential("state"),
                value -> value, "lockout", UserStateRows.LEGACY_LOCKOUT));
        candidates.sort(Comparator.comparing((Candidate candidate) -> candidate.row().username(),
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(candidate -> candidate.row().id()));
        return candidates;
    }

    private List<Candidate> read(UserTable table, String jpql, Function<String, String> record, String parameter,
                                 String value) {
        List<Candidate> candidates = new ArrayList<>();
        int columns = table.hasUsername() ? 2 : 1;
        for (int offset = 0;; offset += CHUNK) {
            TypedQuery<Object[]> query = em.createQuery(jpql + table.order(), Object[].class)
                    .setParameter("ours", ProviderIds.TOTP_CREDENTIAL)
                    .setParameter("state", ProviderIds.USER_STATE_CREDENTIAL)
                    .setParameter("realm", realmId)
                    .setParameter(parameter, value);
            List<Object[]> chunk = query.setFirstResult(offset).setMaxResults(CHUNK).getResultList();
            for (Object[] result : chunk) {
                UserRow row = new UserRow((String) result[0], table.hasUsername() ? (String) result[1] : null, table);
                candidates.add(new Candidate(row, record.apply((String) result[columns]),
                        ((Number) result[columns + 1]).intValue()));
            }
            if (chunk.size() < CHUNK) {
                return candidates;
            }
        }
    }
}

package dev.totpmfa.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.config.EnrolmentGrace;
import dev.totpmfa.credential.UserState;
import dev.totpmfa.credential.UserStateRows;
import dev.totpmfa.lockout.LockoutPolicy;
import dev.totpmfa.lockout.LockoutStatus;
import dev.totpmfa.names.ProviderIds;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * What one page of a list shows of each user: devices, recovery codes, lockout and postponements, read with four
 * queries per table for the whole page. The usernames of users kept without import are not in Keycloak's database:
 * they are looked up through Keycloak's user lookup (the provider), for the users of this page only.
 */
final class PageDetails {

    private final EntityManager em;
    private final LockoutStatus lockout;
    private final EnrolmentGrace grace;
    private final Instant now;
    private final Function<String, String> usernames;

    /** @param usernames the username of a user by id, through Keycloak's user lookup; null when none is found */
    PageDetails(EntityManager em, LockoutStatus lockout, EnrolmentGrace grace, Instant now,
                Function<String, String> usernames) {
        this.em = em;
        this.lockout = lockout;
        this.grace = grace;
        this.now = now;
        this.usernames = usernames;
    }

    /** What the table holds of some of its users. */
    private record Held(Map<String, Integer> devices, Map<String, Integer> builtIn, Map<String, Integer> codes,
            Map<String, UserState> states) {
    }

    List<UserFactors> of(List<UserRow> rows) {
        Map<UserTable, Held> held = new HashMap<>();
        for (UserTable table : UserTable.values()) {
            List<String> ids = rows.stream().filter(row -> row.table() == table).map(UserRow::id).toList();
            if (!ids.isEmpty()) {
                held.put(table, read(table, ids));
            }
        }
        List<UserFactors> page = new ArrayList<>();
        for (UserRow row : rows) {
            Held of = held.get(row.table());
            int devices = of.devices().getOrDefault(row.id(), 0);
            UserState userState = of.states().getOrDefault(row.id(), UserState.EMPTY);
            LockoutPolicy.State state = lockout.stateOf(userState.lockout(), devices, now);
            String until = state instanceof LockoutPolicy.Waiting waiting ? waiting.until().toString() : null;
            int used = userState.graceUsed();
            EnrolmentGrace.Standing standing = grace.standing(used, now);
            String username = row.username() != null ? row.username() : usernames.apply(row.id());
            page.add(new UserFactors(row.id(), username, devices, of.builtIn().getOrDefault(row.id(), 0),
                    of.codes().get(row.id()), !(state instanceof LockoutPolicy.Open), until, Math.max(0, used),
                    standing.left().isPresent() ? standing.left().getAsInt() : null));
        }
        return List.copyOf(page);
    }

    private Held read(UserTable table, List<String> ids) {
        String user = table.userIdOf("c");
        Map<String, Integer> devices = new HashMap<>();
        Map<String, Integer> builtIn = new HashMap<>();
        for (Object[] result : em.createQuery("select " + user + ", c.type, count(c.id) from " + table.credentials()
                + " c where " + user + " in :ids and c.type in (:ours, :otp) group by " + user + ", c.type",
                Object[].class)
                .setParameter("ids", ids)
                .setParameter("ours", ProviderIds.TOTP_CREDENTIAL)
                .setParameter("otp", OTPCredentialModel.TYPE)
                .getResultList()) {
            (ProviderIds.TOTP_CREDENTIAL.equals(result[1]) ? devices : builtIn)
                    .put((String) result[0], ((Number) result[2]).intValue());
        }
        Map<String, Integer> codes = new HashMap<>();
        for (Object[] result : em.createQuery("select " + user + ", c.credentialData from " + table.credentials()
                + " c where " + user + " in :ids and c.type = :codes", Object[].class)
                .setParameter("ids", ids)
                .setParameter("codes", ProviderIds.RECOVERY_CODES_CREDENTIAL)
                .getResultList()) {
            remaining((String) result[1]).ifPresent(left -> codes.merge((String) result[0], left, Integer::sum));
        }
        return new Held(devices, builtIn, codes, states(table, ids));
    }

    /**
     * The users' states (lockout record, postponements): from their state rows, or for a user without one yet, from
     * the attributes that held them before.
     */
    private Map<String, UserState> states(UserTable table, List<String> ids) {
        String user = table.userIdOf("c");
        Map<String, List<UserState>> rows = new HashMap<>();
        for (Object[] result : em.createQuery("select " + user + ", c.credentialData from " + table.credentials()
                + " c where " + user + " in :ids and c.type = :state order by c.id", Object[].class)
                .setParameter("ids", ids)
                .setParameter("state", ProviderIds.USER_STATE_CREDENTIAL)
                .getResultList()) {
            rows.computeIfAbsent((String) result[0], id -> new ArrayList<>()).add(UserState.parse((String) result[1]));
        }
        Map<String, UserState> states = new HashMap<>();
        rows.forEach((id, userRows) -> states.put(id, UserState.merge(userRows)));
        String owner = table.userIdOf("a");
        Map<String, Map<String, String>> legacy = new HashMap<>();
        for (Object[] result : em.createQuery("select " + owner + ", a.name, a.value from " + table.attributes()
                + " a where " + owner + " in :ids and a.name in (:lockout, :grace)", Object[].class)
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

package dev.totpmfa.flow;

import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * Keeps each realm's {@link FlowReport} for the login steps and logs what it finds once per realm and finding.
 * Reports are read again after {@link #MAX_AGE_NANOS} (a flow changed on another node shows within that time) and
 * at once when an admin changes flows or clients on this node.
 */
public final class FlowWatch {

    private static final Logger LOG = Logger.getLogger(FlowWatch.class);
    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Map<String, Cached> REPORTS = new ConcurrentHashMap<>();
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private record Cached(FlowReport report, long readAt) {
    }

    private FlowWatch() {
    }

    /** Reads the realm's flows now and logs a WARN when they let users of our step in without it. */
    public static FlowReport review(RealmModel realm) {
        FlowReport report = RealmFlows.report(realm);
        REPORTS.put(realm.getId(), new Cached(report, System.nanoTime()));
        warnOnce(realm, report.warning());
        return report;
    }

    public static void forget(String realmId) {
        REPORTS.remove(realmId);
    }

    /**
     * Whether devices of Keycloak's own OTP must stay where they are: while a flow still asks for Keycloak's OTP,
     * moving a device into our credential would take it away from that flow's OTP step, which would then let the
     * user in on the password alone. Logs once which flows hold the migration back.
     */
    public static boolean keepsBuiltInOtp(RealmModel realm) {
        FlowReport report = current(realm);
        warnOnce(realm, report.migrationHeldBack());
        return !report.keycloakOtpFlows().isEmpty();
    }

    /**
     * A user whose second factor is of {@code types} (another provider's, e.g. {@code webauthn}) reached our step in
     * flow {@code flowAlias}, and no step beside it offers that factor: the login was refused. Logged once per realm,
     * flow and types, so the admin learns which step to add.
     */
    public static void otherFactorNotOffered(RealmModel realm, String flowAlias, List<String> types) {
        warnOnce(realm, Optional.of(String.format("keycloak-totp-mfa: realm %s: users with a second factor of type %s"
                + " are refused in flow '%s': %s cannot check it and no step beside it offers it. Add that factor's"
                + " step (for webauthn: WebAuthn Authenticator) as an ALTERNATIVE beside %s, or reset those users'"
                + " factor.", realm.getName(), String.join(", ", types), flowAlias, ProviderIds.LOGIN_FORM,
                ProviderIds.LOGIN_FORM)));
    }

    private static FlowReport current(RealmModel realm) {
        Cached cached = REPORTS.get(realm.getId());
        if (cached != null && System.nanoTime() - cached.readAt() < MAX_AGE_NANOS) {
            return cached.report();
        }
        return review(realm);
    }

    private static void warnOnce(RealmModel realm, Optional<String> warning) {
        warning.filter(text -> LOGGED.add(realm.getId() + '\n' + text)).ifPresent(LOG::warn);
    }
}

package dev.totpmfa.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The rules of a trusted browser, in plain Java: when it is honoured, which go when a new one is added. */
public final class TrustDecisions {

    /** Trusted browsers a user may have at once; the oldest goes first. */
    public static final int MAX_PER_USER = 10;

    private TrustDecisions() {
    }

    /** One stored trusted browser, as far as these rules need it. */
    public record Entry(String id, Instant created, Instant expires) {
    }

    /** When trust given now for {@code days} days ends. */
    public static Instant expiry(Instant now, int days) {
        return now.plus(Duration.ofDays(days));
    }

    /**
     * Honoured while it has not expired and is younger than the step's current setting, so that shortening the
     * period (or 0: off) takes effect at once for browsers trusted before.
     */
    public static boolean honoured(Entry entry, Instant now, int currentDays) {
        return currentDays > 0 && now.isBefore(entry.expires()) && !entry.created().isAfter(now)
                && now.isBefore(expiry(entry.created(), currentDays));
    }

    /**
     * The rows to delete before one more is stored: every expired one, then the oldest until {@code limit - 1}
     * remain.
     */
    public static List<String> toRemoveBeforeAdding(List<Entry> existing, Instant now, int limit) {
        List<String> remove = new ArrayList<>();
        List<Entry> live = new ArrayList<>();
        for (Entry entry : existing) {
            if (now.isBefore(entry.expires())) {
                live.add(entry);
            } else {
                remove.add(entry.id());
            }
        }
        live.sort(Comparator.comparing(Entry::created).thenComparing(Entry::id));
        int excess = live.size() - (limit - 1);
        for (int i = 0; i < excess; i++) {
            remove.add(live.get(i).id());
        }
        return remove;
    }

    /**
     * Whether the client asked for a fresh sign-in: OIDC {@code prompt=login} or {@code max_age=0}. A trusted
     * browser is a remembered factor, so it does not answer such a request.
     */
    public static boolean freshSignInRequested(String prompt, String maxAge) {
        if (prompt != null) {
            for (String value : prompt.trim().split("\\s+")) {
                if ("login".equals(value.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        if (maxAge != null) {
            try {
                return Long.parseLong(maxAge.trim()) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether a step-up level remembers its sign-in, read as Keycloak reads the "Condition - Level of
     * Authentication" config: its max age in seconds; where that is missing or not a number, the setting of
     * Keycloak 17 ({@code true}: ten hours), else 0. At 0 the level is asked anew at every request, and a
     * remembered factor such as a trusted browser must not answer it either.
     *
     * @param maxAge the condition's {@code loa-max-age}
     * @param storeInUserSession the condition's {@code loa-store-in-user-session} (Keycloak 17), or null
     */
    public static boolean levelRemembered(String maxAge, String storeInUserSession) {
        try {
            return Integer.parseInt(maxAge) > 0;
        } catch (NumberFormatException e) {
            return Boolean.parseBoolean(storeInUserSession);
        }
    }
}

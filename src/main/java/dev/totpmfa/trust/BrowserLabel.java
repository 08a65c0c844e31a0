package dev.totpmfa.trust;

import java.util.Collection;
import java.util.List;

/**
 * A name a person recognises for a trusted browser ("Firefox on Linux"), read from its User-Agent header. Only a
 * label for the account console and the notice: the header is chosen by the client, so nothing relies on it.
 */
public final class BrowserLabel {

    /** Longer headers are cut before they are looked at: the label never needs more. */
    static final int MAX_USER_AGENT_CHARS = 512;
    static final String UNKNOWN = "Unknown browser";

    /** Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari". */
    private static final List<Name> BROWSERS = List.of(new Name("Edg", "Edge"), new Name("OPR/", "Opera"),
            new Name("SamsungBrowser/", "Samsung Internet"), new Name("Firefox/", "Firefox"),
            new Name("FxiOS/", "Firefox"), new Name("CriOS/", "Chrome"), new Name("Chrome/", "Chrome"),
            new Name("Chromium/", "Chromium"), new Name("Safari/", "Safari"));
    /** Order matters: Android also says "Linux", iOS also says "Mac OS X". */
    private static final List<Name> SYSTEMS = List.of(new Name("Windows", "Windows"),
            new Name("Android", "Android"), new Name("iPhone", "iOS"), new Name("iPad", "iPadOS"),
            new Name("CrOS", "ChromeOS"), new Name("Macintosh", "macOS"), new Name("Mac OS X", "macOS"),
            new Name("Linux", "Linux"));

    private BrowserLabel() {
    }

    /** @param userAgent the request's User-Agent header; null or blank gives {@value #UNKNOWN} */
    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String header = userAgent.length() > MAX_USER_AGENT_CHARS
                ? userAgent.substring(0, MAX_USER_AGENT_CHARS) : userAgent;
        String browser = find(BROWSERS, header);
        String system = find(SYSTEMS, header);
        if (browser == null) {
            return system == null ? UNKNOWN : "Browser on " + system;
        }
        return system == null ? browser : browser + " on " + system;
    }

    /**
     * {@code label}, or with the first free number after it ("Firefox on Linux (2)"): Keycloak refuses two credentials
     * of one type and user with the same label, and one person often trusts several browsers of one kind.
     */
    public static String unique(String label, Collection<String> taken) {
        if (!taken.contains(label)) {
            return label;
        }
        for (int n = 2;; n++) {
            String numbered = label + " (" + n + ")";
            if (!taken.contains(numbered)) {
                return numbered;
            }
        }
    }

    private static String find(List<Name> names, String header) {
        for (Name name : names) {
            if (header.contains(name.marker())) {
                return name.label();
            }
        }
        return null;
    }

    private record Name(String marker, String label) {
    }
}

package dev.totpmfa.lockout;

/**
 * What differs between the Keycloak 26.x releases the extension supports, decided in one place from the running
 * release's version (README lists the supported releases and these differences). A version that cannot be read
 * (a custom build) is taken to behave like the release this jar is built against.
 */
public record KeycloakRelease(int major, int minor) {

    /** The release this jar is built and fully tested against; unreadable versions are taken to be it. */
    static final KeycloakRelease BUILT_AGAINST = new KeycloakRelease(26, 7);

    /** @param version as {@code org.keycloak.common.Version.VERSION} gives it, e.g. "26.7.3" or "26.7.3-SNAPSHOT" */
    public static KeycloakRelease of(String version) {
        String[] parts = version == null ? new String[0] : version.split("[.-]");
        try {
            return new KeycloakRelease(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            return BUILT_AGAINST;
        }
    }

    /**
     * Whether the realm's brute-force detection takes a failure category ({@code otp}, {@code recovery-authn-codes})
     * and counts second-factor failures apart from password failures: from 26.6 on. Earlier releases count them as
     * failed logins, as they do for a wrong code of their own OTP form.
     */
    boolean countsFailureCategories() {
        return atLeast(26, 6);
    }

    /**
     * The HTTP status of Keycloak's direct-grant answer to a wrong password (its {@code ValidatePassword}): 401 up
     * to 26.5, 400 from 26.6 on. Every refusal of our direct-grant step uses the same, or the status alone would
     * tell an attacker that the password was right.
     */
    public int wrongPasswordStatus() {
        return atLeast(26, 6) ? 400 : 401;
    }

    private boolean atLeast(int wantedMajor, int wantedMinor) {
        return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
    }
}

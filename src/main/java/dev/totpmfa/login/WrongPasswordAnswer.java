package dev.totpmfa.login;

/**
 * The HTTP status Keycloak's direct-grant password step answers a wrong password with, for the running release:
 * 401 up to 26.5, 400 from 26.6 on (checked in each release's {@code ValidatePassword}). Every refusal of our
 * direct-grant step uses the same, or the status alone would tell an attacker that the password was right.
 */
final class WrongPasswordAnswer {

    static final int UP_TO_26_5 = 401;
    static final int FROM_26_6 = 400;

    private WrongPasswordAnswer() {
    }

    /** @param keycloakVersion as {@code org.keycloak.common.Version.VERSION} gives it, e.g. "26.7.3" */
    static int status(String keycloakVersion) {
        String[] parts = keycloakVersion == null ? new String[0] : keycloakVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major > 26 || (major == 26 && minor >= 6) ? FROM_26_6 : UP_TO_26_5;
        } catch (RuntimeException e) {
            // An unreadable version (a custom build): the answer of the release this jar is built against.
            return FROM_26_6;
        }
    }
}

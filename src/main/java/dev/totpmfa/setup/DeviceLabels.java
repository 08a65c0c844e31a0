package dev.totpmfa.setup;

import java.util.Optional;
import java.util.Set;

/** Cleans and validates the device name a user gives, or picks a free default such as "Authenticator app 2". */
final class DeviceLabels {

    /** Keycloak's credential table stores at most 255 characters. */
    static final int MAX_LENGTH = 255;

    private final String defaultLabel;

    DeviceLabels(String defaultLabel) {
        this.defaultLabel = defaultLabel;
    }

    /**
     * The label as typed, without invisible format characters (Unicode category Cf: bidi controls such as U+202E,
     * zero-width characters, U+FEFF) and surrounding white space. A label is shown in the account console, in
     * e-mail notices and on the login page's device list, where a right-to-left override would show the rest of
     * the text reversed and zero-width characters would make two different labels look alike.
     */
    static String clean(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder visible = new StringBuilder(typed.length());
        typed.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(visible::appendCodePoint);
        return visible.toString().strip();
    }

    /** A default that no device of the user carries yet. */
    String freeDefault(Set<String> takenLabels) {
        if (!takenLabels.contains(defaultLabel)) {
            return defaultLabel;
        }
        int n = 2;
        while (takenLabels.contains(defaultLabel + " " + n)) {
            n++;
        }
        return defaultLabel + " " + n;
    }

    /**
     * @return the message key of the problem, empty when the label can be stored as given (after trimming)
     */
    Optional<String> problem(String label, Set<String> takenLabels) {
        if (label.length() > MAX_LENGTH) {
            return Optional.of("totpMfaSetupLabelTooLong");
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("totpMfaSetupLabelInvalid");
        }
        if (takenLabels.contains(label)) {
            return Optional.of("totpMfaSetupLabelTaken");
        }
        return Optional.empty();
    }
}

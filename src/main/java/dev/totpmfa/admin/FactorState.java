package dev.totpmfa.admin;

import java.util.Arrays;
import java.util.Optional;

/** The filter of {@code GET users?state=}: where a user stands with their second factor. */
public enum FactorState {
    /** No second factor of any kind: the next login enrols. */
    NONE("none"),
    /** Only Keycloak's own OTP devices or recovery codes, none of ours. */
    BUILT_IN("builtin"),
    /** At least one of our authenticator apps. */
    ENROLLED("enrolled"),
    /** Enrolled, and at or below the realm's recovery-code warning (or without a set). */
    LOW_CODES("low-codes"),
    /** A code of the user would be refused unchecked now: waiting, or at the guess ceiling. */
    LOCKED("locked");

    private final String publicName;

    FactorState(String publicName) {
        this.publicName = publicName;
    }

    public String publicName() {
        return publicName;
    }

    /** Exact, case-sensitive public names only: a typo must not widen the list. */
    public static Optional<FactorState> parse(String name) {
        return Arrays.stream(values()).filter(state -> state.publicName.equals(name)).findFirst();
    }
}

package dev.totpmfa.otp;

import java.util.Optional;

/** What a person typed into the code field, reduced to the digits a verifier can compare. */
public final class OtpCodes {

    private OtpCodes() {
    }

    /**
     * Strips spaces and hyphens (apps show codes as {@code 123 456}; people copy them that way) and accepts
     * ASCII digits only: {@link Character#isDigit} would also let in full-width or Arabic-Indic digits that
     * no authenticator app produces and that would otherwise reach {@link Integer#parseInt}.
     *
     * @param digits the length the code must have, 6 to 8
     * @return the bare digits, or empty if {@code typed} is null, has any other character, or the wrong length
     */
    public static Optional<String> normalize(String typed, int digits) {
        OtpParameters.checkDigits(digits);
        if (typed == null) {
            return Optional.empty();
        }
        char[] code = new char[digits];
        int length = 0;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c < '0' || c > '9' || length == digits) {
                return Optional.empty();
            }
            code[length++] = c;
        }
        return length == digits ? Optional.of(new String(code)) : Optional.empty();
    }
}

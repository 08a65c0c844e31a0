package dev.totpmfa.otp;

import java.util.Optional;

/**
 * The shape of a recovery code: 10 symbols of Crockford's base32 (no I, L, O or U, so nothing reads as
 * another symbol or spells a word), 50 bits, shown as {@code XXXXX-XXXXX}. People copy them from paper,
 * so what they type is forgiven the way Crockford's spec says: any case, spaces and hyphens anywhere,
 * O for 0 and I or L for 1.
 */
public final class RecoveryCodes {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int SYMBOLS = 10;
    static final int BITS_PER_SYMBOL = 5;
    private static final int GROUP = 5;

    private RecoveryCodes() {
    }

    /** The form that is hashed and stored; empty for null or anything that is not a recovery code. */
    public static Optional<String> canonicalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        char[] code = new char[SYMBOLS];
        int length = 0;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            char symbol = canonicalSymbol(c);
            if (symbol == 0 || length == SYMBOLS) {
                return Optional.empty();
            }
            code[length++] = symbol;
        }
        return length == SYMBOLS ? Optional.of(new String(code)) : Optional.empty();
    }

    /** The display form of a canonical code. */
    static String display(String canonical) {
        return canonical.substring(0, GROUP) + '-' + canonical.substring(GROUP);
    }

    /** The alphabet symbol {@code c} stands for, or 0 if it stands for none. */
    private static char canonicalSymbol(char c) {
        // ASCII only: toUpperCase on other scripts maps some letters onto ASCII ones (e.g. dotless i).
        char upper = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
        switch (upper) {
            case 'O':
                return '0';
            case 'I':
            case 'L':
                return '1';
            default:
                return ALPHABET.indexOf(upper) >= 0 ? upper : 0;
        }
    }
}

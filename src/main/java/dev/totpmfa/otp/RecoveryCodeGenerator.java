package dev.totpmfa.otp;

import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Makes a set of single-use recovery codes in display form ({@code XXXXX-XXXXX}); see {@link RecoveryCodes}. */
public final class RecoveryCodeGenerator {

    public static final int DEFAULT_COUNT = 10;
    public static final int MAX_COUNT = 100;

    private static final long SYMBOL_MASK = (1L << RecoveryCodes.BITS_PER_SYMBOL) - 1;

    private final SecureRandom random;

    public RecoveryCodeGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param count 1 to {@link #MAX_COUNT}
     * @return distinct codes: a duplicate would be one code the user thinks is two
     */
    public List<String> generate(int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("A set has 1 to " + MAX_COUNT + " recovery codes, not " + count);
        }
        Set<String> codes = new LinkedHashSet<>();
        while (codes.size() < count) {
            codes.add(RecoveryCodes.display(nextCanonicalCode()));
        }
        return List.copyOf(codes);
    }

    private String nextCanonicalCode() {
        long bits = random.nextLong();
        char[] code = new char[RecoveryCodes.SYMBOLS];
        for (int i = 0; i < code.length; i++) {
            code[i] = RecoveryCodes.ALPHABET.charAt((int) (bits & SYMBOL_MASK));
            bits >>>= RecoveryCodes.BITS_PER_SYMBOL;
        }
        return new String(code);
    }
}

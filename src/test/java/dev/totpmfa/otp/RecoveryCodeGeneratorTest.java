package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCodeGeneratorTest {

    private final RecoveryCodeGenerator generator = new RecoveryCodeGenerator(new SecureRandom());

    @Test
    void makesGroupedCrockfordCodes() {
        List<String> codes = generator.generate(RecoveryCodeGenerator.DEFAULT_COUNT);

        assertThat(codes).hasSize(10)
                .allSatisfy(code -> assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}"));
    }

    @Test
    void everyCodeIsItsOwnCanonicalFormOnceTheHyphenIsGone() {
        for (String code : generator.generate(RecoveryCodeGenerator.MAX_COUNT)) {
            assertThat(RecoveryCodes.canonicalize(code)).hasValue(code.replace("-", ""));
        }
    }

    /** 50 bits need all 32 symbols in every position; a skewed mapping would show up as missing symbols. */
    @Test
    void usesTheWholeAlphabetInEveryPosition() {
        Map<Integer, java.util.Set<Character>> seen = new HashMap<>();
        for (int round = 0; round < 50; round++) {
            for (String code : generator.generate(MAX)) {
                String canonical = code.replace("-", "");
                for (int i = 0; i < canonical.length(); i++) {
                    seen.computeIfAbsent(i, k -> new java.util.HashSet<>()).add(canonical.charAt(i));
                }
            }
        }
        assertThat(seen).hasSize(10);
        seen.values().forEach(symbols -> assertThat(symbols).hasSize(32));
    }

    private static final int MAX = RecoveryCodeGenerator.MAX_COUNT;

    @Test
    void codesWithinASetAreDistinctEvenWhenTheRandomRepeatsItself() {
        // A SecureRandom that returns the same long twice in a row forces the generator to draw again.
        SecureRandom repeating = new SecureRandom() {
            private final Random source = new Random(1);
            private long last;
            private int calls;

            @Override
            public long nextLong() {
                if (calls++ % 2 == 0) {
                    last = source.nextLong();
                }
                return last;
            }
        };

        assertThat(new RecoveryCodeGenerator(repeating).generate(MAX)).hasSize(MAX).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void refusesCountsOutsideOneToAHundred(int count) {
        assertThatThrownBy(() -> generator.generate(count)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsTheEdges() {
        assertThat(generator.generate(1)).hasSize(1);
        assertThat(generator.generate(MAX)).hasSize(MAX).doesNotHaveDuplicates();
    }
}

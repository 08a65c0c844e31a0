package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our hand-assembled HMAC must be byte for byte the JDK's, including keys longer than a hash block. */
class PrecomputedHmacTest {

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void equalsTheJdkMacForKeysShorterAndLongerThanABlock(HmacAlgorithm algorithm) throws Exception {
        Random random = new Random(2104);
        for (int keyLength = 1; keyLength <= 2 * algorithm.blockBytes() + 1; keyLength++) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            PrecomputedHmac ours = new PrecomputedHmac(algorithm, key);
            Mac jdk = Mac.getInstance(algorithm.jcaName());
            jdk.init(new SecretKeySpec(key, algorithm.jcaName()));

            for (int messageLength : new int[] {0, 8, 55, 64, 200}) {
                byte[] message = new byte[messageLength];
                random.nextBytes(message);
                byte[] out = new byte[ours.length()];
                ours.compute(message, out);

                assertThat(out).as("key of %d bytes, message of %d", keyLength, messageLength)
                        .isEqualTo(jdk.doFinal(message));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void refusesAnEmptyKey(HmacAlgorithm algorithm) {
        assertThatThrownBy(() -> new PrecomputedHmac(algorithm, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

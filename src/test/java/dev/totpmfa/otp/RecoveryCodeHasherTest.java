package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RecoveryCodeHasherTest {

    private final SecureRandom random = new SecureRandom();
    private final byte[] serverKey =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private final RecoveryCodeHasher hasher = new RecoveryCodeHasher(serverKey);
    private final byte[] salt = RecoveryCodeHasher.newSalt(random);
    private final List<String> codes = new RecoveryCodeGenerator(random).generate(10);

    @Test
    void isHmacSha256OfSaltThenCode() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(serverKey, "HmacSHA256"));
        mac.update(salt);
        byte[] expected = mac.doFinal("ABCDEFGHJK".getBytes(StandardCharsets.US_ASCII));

        assertThat(hasher.hash(salt, "ABCDEFGHJK")).isEqualTo(expected);
    }

    @Test
    void findsEveryCodeOfTheSetWhateverTheOrderAndHowItIsTyped() {
        List<byte[]> stored = hashAll(hasher, salt, codes);
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            assertThat(hasher.findMatch(salt, stored, code)).hasValue(i);
            assertThat(hasher.findMatch(salt, stored, code.toLowerCase().replace("-", " "))).hasValue(i);
        }

        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        Collections.shuffle(order, new Random(7));
        List<byte[]> shuffled = new ArrayList<>();
        order.forEach(index -> shuffled.add(stored.get(index)));
        for (int i = 0; i < order.size(); i++) {
            assertThat(hasher.findMatch(salt, shuffled, codes.get(order.get(i)))).hasValue(i);
        }
    }

    @Test
    void findsNothingForAWrongOrMalformedCode() {
        List<byte[]> stored = hashAll(hasher, salt, codes);
        String wrong = new RecoveryCodeGenerator(random).generate(1).get(0);

        assertThat(codes).doesNotContain(wrong);
        assertThat(hasher.findMatch(salt, stored, wrong)).isEmpty();
        assertThat(hasher.findMatch(salt, stored, null)).isEmpty();
        assertThat(hasher.findMatch(salt, stored, "")).isEmpty();
        assertThat(hasher.findMatch(salt, stored, codes.get(0) + "X")).isEmpty();
        assertThat(hasher.findMatch(salt, List.of(), codes.get(0))).isEmpty();
    }

    @Test
    void aDifferentSaltOrKeyGivesADifferentHash() {
        byte[] otherSalt = RecoveryCodeHasher.newSalt(random);
        RecoveryCodeHasher otherKey = new RecoveryCodeHasher(RecoveryCodeHasher.newSalt(random));
        String code = "ABCDEFGHJK";

        assertThat(hasher.hash(salt, code)).isEqualTo(hasher.hash(salt.clone(), code))
                .isNotEqualTo(hasher.hash(otherSalt, code))
                .isNotEqualTo(otherKey.hash(salt, code));
        assertThat(hasher.findMatch(otherSalt, hashAll(hasher, salt, codes), codes.get(0))).isEmpty();
        assertThat(otherKey.findMatch(salt, hashAll(hasher, salt, codes), codes.get(0))).isEmpty();
    }

    @Test
    void keepsItsOwnCopyOfTheKey() {
        byte[] key = serverKey.clone();
        RecoveryCodeHasher own = new RecoveryCodeHasher(key);
        byte[] before = own.hash(salt, "ABCDEFGHJK");
        key[0] ^= 1;

        assertThat(own.hash(salt, "ABCDEFGHJK")).isEqualTo(before);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> new RecoveryCodeHasher(new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(new byte[15], "ABCDEFGHJK")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(salt, "ABCDE-FGHJK")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(salt, "abcdefghjk")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.findMatch(new byte[17], List.of(), "ABCDEFGHJK"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RecoveryCodeHasher.newSalt(random)).hasSize(16);
    }

    static List<byte[]> hashAll(RecoveryCodeHasher hasher, byte[] salt, List<String> codes) {
        List<byte[]> hashes = new ArrayList<>();
        codes.forEach(code -> hashes.add(hasher.hash(salt, RecoveryCodes.canonicalize(code).orElseThrow())));
        return hashes;
    }
}

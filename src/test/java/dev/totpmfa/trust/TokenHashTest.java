package dev.totpmfa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenHashTest {

    /** RFC 4231, test case 2: HMAC-SHA256 with key "Jefe". */
    @Test
    void isHmacSha256() {
        byte[] hash = TokenHash.of("Jefe".getBytes(), "what do ya want for nothing?".getBytes());
        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void matchesOnlyTheSameTokenUnderTheSameKey() {
        byte[] key = new byte[32];
        byte[] token = new byte[32];
        byte[] stored = TokenHash.of(key, token);

        assertThat(TokenHash.matches(key, token, stored)).isTrue();
        byte[] otherToken = token.clone();
        otherToken[31] = 1;
        assertThat(TokenHash.matches(key, otherToken, stored)).isFalse();
        byte[] otherKey = key.clone();
        otherKey[0] = 1;
        assertThat(TokenHash.matches(otherKey, token, stored)).isFalse();
        assertThat(TokenHash.matches(key, token, null)).isFalse();
        assertThat(TokenHash.matches(key, token, new byte[0])).isFalse();
    }
}

package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {

    @Test
    void comparesBytes() {
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
        assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
    }

    @Test
    void comparesStringsAsUtf8() {
        assertThat(ConstantTime.equals("123456", "123456")).isTrue();
        assertThat(ConstantTime.equals("123456", "123457")).isFalse();
        assertThat(ConstantTime.equals("Ünïcødé", "Ünïcødé")).isTrue();
        assertThat(ConstantTime.equals("Ü", "U")).isFalse();
        assertThat(ConstantTime.equals("", "")).isTrue();
    }

    @Test
    void nullNeverEqualsAnything() {
        assertThat(ConstantTime.equals((String) null, null)).isFalse();
        assertThat(ConstantTime.equals(null, "a")).isFalse();
        assertThat(ConstantTime.equals("a", null)).isFalse();
        assertThat(ConstantTime.equals((byte[]) null, null)).isFalse();
        assertThat(ConstantTime.equals(new byte[0], null)).isFalse();
    }

    @Test
    void equalsBitAndSelectWorkForEdgeValues() {
        int[] values = {0, 1, -1, 123456, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int a : values) {
            for (int b : values) {
                assertThat(ConstantTime.equalsBit(a, b)).isEqualTo(a == b ? 1 : 0);
            }
        }
        assertThat(ConstantTime.select(1, Long.MIN_VALUE, 7)).isEqualTo(Long.MIN_VALUE);
        assertThat(ConstantTime.select(0, Long.MIN_VALUE, 7)).isEqualTo(7);
    }
}

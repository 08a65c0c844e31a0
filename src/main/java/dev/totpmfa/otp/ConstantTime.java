package dev.totpmfa.otp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Comparisons whose running time does not reveal how much of a secret value a guess got right.
 * A {@code null} never equals anything, not even another {@code null}: a missing expected value must not
 * turn into a successful check.
 */
public final class ConstantTime {

    private ConstantTime() {
    }

    public static boolean equals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    public static boolean equals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** 1 if {@code a == b}, else 0, computed without a branch so that it can be folded into a mask. */
    static int equalsBit(int a, int b) {
        int difference = a ^ b;
        return ((difference | -difference) >>> 31) ^ 1;
    }

    /** {@code whenOne} if {@code bit} is 1, {@code whenZero} if it is 0, without a branch. */
    static long select(int bit, long whenOne, long whenZero) {
        long mask = -(long) bit;
        return (whenOne & mask) | (whenZero & ~mask);
    }
}

package dev.totpmfa.otp;

import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 4648 base32, the encoding authenticator apps expect for secrets. Encoding is canonical (upper case,
 * no padding, as in otpauth URIs); decoding forgives what people do when they copy a secret by hand (lower
 * case, spaces, padding) but nothing that could hide a typo.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int BITS_PER_CHAR = 5;
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = i;
            VALUES[Character.toLowerCase(ALPHABET.charAt(i))] = i;
        }
    }

    private Base32() {
    }

    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        StringBuilder out = new StringBuilder((data.length * 8 + BITS_PER_CHAR - 1) / BITS_PER_CHAR);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= BITS_PER_CHAR) {
                bits -= BITS_PER_CHAR;
                out.append(ALPHABET.charAt((buffer >>> bits) & 0x1F));
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (BITS_PER_CHAR - bits)) & 0x1F));
        }
        return out.toString();
    }

    /**
     * @throws IllegalArgumentException on a character outside the alphabet, misplaced or miscounted
     *         padding, a length no byte string encodes to, or non-zero unused trailing bits (RFC 4648 §3.5
     *         lets decoders refuse them; accepting them would let two texts name the same secret)
     */
    public static byte[] decode(String text) {
        Objects.requireNonNull(text, "text");
        String symbols = stripSpacesAndPadding(text);
        byte[] out = new byte[symbols.length() * BITS_PER_CHAR / 8];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            int value = c < VALUES.length ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException("Invalid base32 character at position " + i);
            }
            buffer = (buffer << BITS_PER_CHAR) | value;
            bits += BITS_PER_CHAR;
            if (bits >= 8) {
                bits -= 8;
                out[written++] = (byte) (buffer >>> bits);
            }
        }
        int remainder = symbols.length() % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException(
                    "Base32 text of " + symbols.length() + " symbols is truncated (no byte string encodes to it)");
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("Base32 text has non-zero unused trailing bits");
        }
        return out;
    }

    private static String stripSpacesAndPadding(String text) {
        StringBuilder symbols = new StringBuilder(text.length());
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c == '=') {
                padding++;
            } else if (padding > 0) {
                throw new IllegalArgumentException("Base32 padding '=' may only appear at the end");
            } else {
                symbols.append(c);
            }
        }
        if (padding > 0 && ((symbols.length() + padding) % 8 != 0 || padding != expectedPadding(symbols.length()))) {
            throw new IllegalArgumentException(
                    "Wrong base32 padding: " + padding + " '=' after " + symbols.length() + " symbols");
        }
        return symbols.toString();
    }

    private static int expectedPadding(int symbolCount) {
        int remainder = symbolCount % 8;
        return remainder == 0 ? 0 : 8 - remainder;
    }
}

package dev.totpmfa.crypto;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One AES-256 key that seals secrets at rest, with the id that is stored beside every ciphertext it made,
 * so that a later key ring can still find it after a rotation.
 */
public final class SealingKey {

    public static final int KEY_BYTES = 32;

    /** Ids end up inside stored ciphertexts and in admin config, so they stay short and unambiguous. */
    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;
    private final byte[] key;

    private SealingKey(String id, byte[] key) {
        this.id = id;
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException when the id has characters outside {@code [A-Za-z0-9._-]} or the key is
     *                                  not exactly 256 bits; the message never contains key material
     */
    public static SealingKey of(String id, byte[] key) {
        Objects.requireNonNull(id, "key id");
        Objects.requireNonNull(key, "key");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "Sealing key id '" + id + "' must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("Sealing key '" + id + "' must be " + KEY_BYTES
                    + " bytes (256 bits) but has " + key.length + " bytes");
        }
        return new SealingKey(id, key.clone());
    }

    public String id() {
        return id;
    }

    /** A copy: callers cannot change the key ring's material. */
    public byte[] keyBytes() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealingKey that && id.equals(that.id) && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "SealingKey[" + id + "]";
    }
}

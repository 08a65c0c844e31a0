package dev.totpmfa.otp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * HMAC (RFC 2104) for one key and many short messages. {@link javax.crypto.Mac} hashes the key's inner and
 * outer pad blocks again for every message, which is half of the hashing when the message is an 8-byte
 * counter; here both pad blocks are hashed once and the two hash states are copied for each message.
 * That makes a ±1 window check about a third cheaper. Not thread-safe; make one per computation.
 */
final class PrecomputedHmac {

    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5c;

    private final MessageDigest afterInnerPad;
    private final MessageDigest afterOuterPad;
    private final byte[] innerHash;

    PrecomputedHmac(HmacAlgorithm algorithm, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("An HMAC key must not be empty");
        }
        MessageDigest digest = algorithm.newDigest();
        byte[] block = new byte[algorithm.blockBytes()];
        byte[] shortKey = key.length > block.length ? digest.digest(key) : key;
        afterOuterPad = copyOf(digest);
        afterInnerPad = digest;

        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ((i < shortKey.length ? shortKey[i] : 0) ^ INNER_PAD);
        }
        afterInnerPad.update(block);
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ((i < shortKey.length ? shortKey[i] : 0) ^ OUTER_PAD);
        }
        afterOuterPad.update(block);
        // The pads hold the key; do not leave them for the garbage collector to keep around.
        Arrays.fill(block, (byte) 0);
        innerHash = new byte[afterInnerPad.getDigestLength()];
    }

    int length() {
        return innerHash.length;
    }

    /** Writes HMAC(key, message) into {@code out}, which must be {@link #length()} bytes long. */
    void compute(byte[] message, byte[] out) {
        try {
            MessageDigest inner = copyOf(afterInnerPad);
            inner.update(message);
            inner.digest(innerHash, 0, innerHash.length);
            MessageDigest outer = copyOf(afterOuterPad);
            outer.update(innerHash);
            outer.digest(out, 0, out.length);
        } catch (DigestException e) {
            throw new IllegalStateException("The output buffers are sized from the digest itself", e);
        }
    }

    private static MessageDigest copyOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's SHA implementations are cloneable; a provider whose are not cannot run this code.
            throw new IllegalStateException(digest.getAlgorithm() + " cannot be cloned in this Java runtime", e);
        }
    }
}

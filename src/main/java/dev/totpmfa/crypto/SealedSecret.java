package dev.totpmfa.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An AES-GCM ciphertext with what is needed to open it again: the id of the key that sealed it and the
 * nonce. Its text form {@code v1:<keyId>:<base64url(nonce || ciphertext+tag)>} is what is stored.
 */
public final class SealedSecret {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String FORMAT_PREFIX = "v1:";

    private final String keyId;
    private final byte[] nonce;
    private final byte[] ciphertext;

    SealedSecret(String keyId, byte[] nonce, byte[] ciphertext) {
        this.keyId = keyId;
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
    }

    public String keyId() {
        return keyId;
    }

    byte[] nonce() {
        return nonce.clone();
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    public String encode() {
        byte[] body = new byte[nonce.length + ciphertext.length];
        System.arraycopy(nonce, 0, body, 0, nonce.length);
        System.arraycopy(ciphertext, 0, body, nonce.length, ciphertext.length);
        return FORMAT_PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    /** @throws IllegalArgumentException when the text is not a sealed secret of a known format */
    public static SealedSecret decode(String encoded) {
        Objects.requireNonNull(encoded, "sealed secret");
        if (!encoded.startsWith(FORMAT_PREFIX)) {
            throw new IllegalArgumentException("Unknown sealed secret format");
        }
        int separator = encoded.indexOf(':', FORMAT_PREFIX.length());
        if (separator <= FORMAT_PREFIX.length()) {
            throw new IllegalArgumentException("Sealed secret has no key id");
        }
        String keyId = encoded.substring(FORMAT_PREFIX.length(), separator);
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(encoded.substring(separator + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Sealed secret body is not base64url");
        }
        if (body.length < NONCE_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("Sealed secret is too short");
        }
        return new SealedSecret(keyId,
                Arrays.copyOfRange(body, 0, NONCE_BYTES),
                Arrays.copyOfRange(body, NONCE_BYTES, body.length));
    }

    @Override
    public String toString() {
        return "SealedSecret[key=" + keyId + "]";
    }
}

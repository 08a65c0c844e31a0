package dev.totpmfa.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An AES-GCM ciphertext with what is needed to open it again: its format, the id of the key that sealed it and the
 * nonce. Its text form {@code v<format>:<keyId>:<base64url(nonce || ciphertext+tag)>} is what is stored. Format
 * {@code v2} (written now) binds the whole {@link SecretBinding}; {@code v1} (written by the first release, still
 * read) bound the credential id only.
 */
public final class SealedSecret {

    public static final int V1 = 1;
    public static final int V2 = 2;
    static final int CURRENT = V2;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private final int format;
    private final String keyId;
    private final byte[] nonce;
    private final byte[] ciphertext;

    SealedSecret(int format, String keyId, byte[] nonce, byte[] ciphertext) {
        this.format = format;
        this.keyId = keyId;
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
    }

    public int format() {
        return format;
    }

    /** Whether this is what {@link SecretSealer#seal} writes today; older formats are re-sealed at the next use. */
    public boolean isCurrentFormat() {
        return format == CURRENT;
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
        return prefix(format) + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    /** @throws IllegalArgumentException when the text is not a sealed secret of a known format */
    public static SealedSecret decode(String encoded) {
        Objects.requireNonNull(encoded, "sealed secret");
        int format;
        if (encoded.startsWith(prefix(V2))) {
            format = V2;
        } else if (encoded.startsWith(prefix(V1))) {
            format = V1;
        } else {
            throw new IllegalArgumentException("Unknown sealed secret format");
        }
        int start = prefix(format).length();
        int separator = encoded.indexOf(':', start);
        if (separator <= start) {
            throw new IllegalArgumentException("Sealed secret has no key id");
        }
        String keyId = encoded.substring(start, separator);
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(encoded.substring(separator + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Sealed secret body is not base64url");
        }
        if (body.length < NONCE_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("Sealed secret is too short");
        }
        return new SealedSecret(format, keyId,
                Arrays.copyOfRange(body, 0, NONCE_BYTES),
                Arrays.copyOfRange(body, NONCE_BYTES, body.length));
    }

    private static String prefix(int format) {
        return "v" + format + ":";
    }

    @Override
    public String toString() {
        return "SealedSecret[v" + format + ", key=" + keyId + "]";
    }
}

package dev.totpmfa.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The browser's half of a trusted browser: a cookie per realm and user whose value names the credential row and
 * carries a 256-bit random token, {@code <credential id>.<token, base64url>}. Parsing is strict (exact length and
 * alphabet, canonical base64), so anything else is simply not a trust cookie.
 */
public final class TrustCookie {

    /** Every cookie of ours starts with this; Keycloak's own cookies keep their names. */
    public static final String NAME_PREFIX = "TOTP_MFA_TRUST_";
    static final int TOKEN_BYTES = 32;
    /** 36 characters of id, the dot, 43 of unpadded base64url. */
    static final int VALUE_CHARS = 36 + 1 + 43;

    private static final Pattern VALUE = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int NAME_HASH_BYTES = 8;

    private TrustCookie() {
    }

    /** What a well-formed cookie holds; {@link #token()} is a copy the caller should wipe after use. */
    public record Value(String credentialId, byte[] token) {

        public Value {
            token = token.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }

        /** The cookie's value; the token is in it, so it goes to the browser and nowhere else. */
        public String encode() {
            return credentialId + "." + ENCODER.encodeToString(token);
        }

        @Override
        public String toString() {
            return "TrustCookie.Value[" + credentialId + "]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Value value && credentialId.equals(value.credentialId)
                    && MessageDigest.isEqual(token, value.token);
        }

        @Override
        public int hashCode() {
            return credentialId.hashCode();
        }
    }

    /**
     * The cookie's name for this user of this realm: one per user, so that several people signing in on one
     * browser each keep their own trust. A short hash, so the name does not show the user's id.
     */
    public static String name(String realmId, String userId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {realmId, userId}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha256.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                sha256.update(bytes);
            }
            return NAME_PREFIX + HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(), NAME_HASH_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A fresh token for the credential row {@code credentialId}. */
    public static Value issue(String credentialId, SecureRandom random) {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        try {
            Value value = new Value(credentialId, token);
            if (!VALUE.matcher(value.encode()).matches()) {
                throw new IllegalArgumentException("not a credential id of the expected form");
            }
            return value;
        } finally {
            Arrays.fill(token, (byte) 0);
        }
    }

    /** Empty for anything but a value this class wrote: wrong length, alphabet, or non-canonical base64. */
    public static Optional<Value> parse(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != VALUE_CHARS || !VALUE.matcher(cookieValue).matches()) {
            return Optional.empty();
        }
        String encodedToken = cookieValue.substring(37);
        byte[] token = DECODER.decode(encodedToken);
        try {
            // 43 characters carry 258 bits: the last two must be zero, or two values would name one token.
            if (token.length != TOKEN_BYTES || !ENCODER.encodeToString(token).equals(encodedToken)) {
                return Optional.empty();
            }
            return Optional.of(new Value(cookieValue.substring(0, 36), token));
        } finally {
            Arrays.fill(token, (byte) 0);
        }
    }
}

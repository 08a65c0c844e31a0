package dev.totpmfa.otp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC functions RFC 6238 allows. Keycloak's OTP policy names them by their JCA name
 * ({@code HmacSHA256}), the otpauth Key URI by the bare hash name ({@code SHA256}); both spellings are
 * accepted so that neither side has to translate.
 */
public enum HmacAlgorithm {
    SHA1("HmacSHA1", "SHA1", "SHA-1", 64),
    SHA256("HmacSHA256", "SHA256", "SHA-256", 64),
    SHA512("HmacSHA512", "SHA512", "SHA-512", 128);

    private final String jcaName;
    private final String uriName;
    private final String digestName;
    private final int blockBytes;
    /**
     * Never updated, only copied: {@code clone()} merely reads it, so sharing it between threads is safe,
     * and a copy costs a third of a provider lookup through {@link MessageDigest#getInstance}.
     */
    private final MessageDigest pristineDigest;

    HmacAlgorithm(String jcaName, String uriName, String digestName, int blockBytes) {
        this.jcaName = jcaName;
        this.uriName = uriName;
        this.digestName = digestName;
        this.blockBytes = blockBytes;
        this.pristineDigest = lookUpDigest(digestName);
    }

    public String jcaName() {
        return jcaName;
    }

    public String uriName() {
        return uriName;
    }

    /**
     * @param name a JCA name ({@code HmacSHA1}) or a Key URI name ({@code SHA1}), in any case
     * @throws IllegalArgumentException for anything else, including null
     */
    public static HmacAlgorithm fromName(String name) {
        if (name != null) {
            String wanted = name.toUpperCase(Locale.ROOT);
            for (HmacAlgorithm algorithm : values()) {
                if (algorithm.jcaName.toUpperCase(Locale.ROOT).equals(wanted) || algorithm.uriName.equals(wanted)) {
                    return algorithm;
                }
            }
        }
        throw new IllegalArgumentException("Unsupported HMAC algorithm '" + name
                + "'; expected one of HmacSHA1, HmacSHA256, HmacSHA512 (or SHA1, SHA256, SHA512)");
    }

    /** The input block size of the underlying hash, which sizes HMAC's key pads (RFC 2104). */
    int blockBytes() {
        return blockBytes;
    }

    /** A fresh instance of the underlying hash. */
    MessageDigest newDigest() {
        try {
            return (MessageDigest) pristineDigest.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's SHA implementations are cloneable, and PrecomputedHmac relies on that anyway.
            throw new IllegalStateException(digestName + " cannot be cloned in this Java runtime", e);
        }
    }

    private static MessageDigest lookUpDigest(String digestName) {
        try {
            return MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digestName + " is not available in this Java runtime", e);
        }
    }

    /** A fresh Mac keyed with {@code key}. Mac instances are not thread-safe, so callers own what they get. */
    Mac newMac(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("An HMAC key must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(key, jcaName));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide these three algorithms, so this is a broken JRE.
            throw new IllegalStateException(jcaName + " is not available in this Java runtime", e);
        }
    }
}

package dev.totpmfa.otp;

import java.security.GeneralSecurityException;
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
    SHA1("HmacSHA1", "SHA1"),
    SHA256("HmacSHA256", "SHA256"),
    SHA512("HmacSHA512", "SHA512");

    private final String jcaName;
    private final String uriName;

    HmacAlgorithm(String jcaName, String uriName) {
        this.jcaName = jcaName;
        this.uriName = uriName;
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

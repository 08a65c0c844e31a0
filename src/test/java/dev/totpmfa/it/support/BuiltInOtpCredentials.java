package dev.totpmfa.it.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import java.nio.charset.StandardCharsets;

/**
 * Devices of Keycloak's own OTP ({@code otp} credentials) as an admin API call or a user import writes them: the
 * secret as Keycloak keeps it (its text, the QR code shows it Base32-encoded), parameters in the credential data.
 */
public final class BuiltInOtpCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BuiltInOtpCredentials() {
    }

    /** A TOTP device with {@code secretText} as its secret, and the phone that scanned it. */
    public static ObjectNode totp(String secretText, OtpParameters parameters) {
        return credential("totp", parameters.algorithm().jcaName(), parameters.digits(), parameters.periodSeconds(),
                secretText);
    }

    /** A counter-based (HOTP) device: Keycloak checks it, we never can. */
    public static ObjectNode hotp(String secretText) {
        return credential("hotp", "HmacSHA1", 6, 30, secretText);
    }

    /** A device of a kind nobody can read (an unknown subtype), as a damaged or foreign row would look. */
    public static ObjectNode unreadable(String secretText) {
        return credential("motp", "HmacMD5", 6, 30, secretText);
    }

    public static TotpDevice phoneFor(String secretText, OtpParameters parameters, String account) {
        String key = Base32.encode(secretText.getBytes(StandardCharsets.UTF_8));
        return TotpDevice.scan(new OtpAuthUri("IT built-in", account, key, parameters));
    }

    private static ObjectNode credential(String subType, String algorithm, int digits, int period, String secret) {
        ObjectNode data = JSON.createObjectNode().put("subType", subType).put("digits", digits)
                .put("counter", 0).put("period", period).put("algorithm", algorithm);
        return JSON.createObjectNode()
                .put("type", "otp")
                .put("userLabel", "Keycloak phone")
                .put("credentialData", data.toString())
                .put("secretData", JSON.createObjectNode().put("value", secret).toString());
    }
}

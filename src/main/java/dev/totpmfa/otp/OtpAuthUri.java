package dev.totpmfa.otp;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Key URI an authenticator app scans from the QR code:
 * {@code otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…}.
 * Every parameter is written out, even the defaults, because some apps ignore the defaults they are meant
 * to assume. Issuer and account are percent-encoded with {@code %20} for spaces: several apps show a
 * {@code +} literally.
 *
 * @param secretBase32 canonical base32 (upper case, no padding), as {@link Base32#encode} writes it
 */
public record OtpAuthUri(String issuer, String account, String secretBase32, OtpParameters parameters) {

    private static final String PREFIX = "otpauth://totp/";
    private static final String SECRET = "secret";
    private static final String ISSUER = "issuer";
    private static final String ALGORITHM = "algorithm";
    private static final String DIGITS = "digits";
    private static final String PERIOD = "period";

    public OtpAuthUri {
        checkName(ISSUER, issuer);
        checkName("account", account);
        Objects.requireNonNull(secretBase32, SECRET);
        Objects.requireNonNull(parameters, "parameters");
        if (secretBase32.isEmpty() || !Base32.encode(Base32.decode(secretBase32)).equals(secretBase32)) {
            throw new IllegalArgumentException(
                    "The secret must be non-empty canonical base32 (upper case, no padding)");
        }
    }

    /** Blank or padded names would not survive the label, where apps trim spaces around the account. */
    private static void checkName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || !value.strip().equals(value)) {
            throw new IllegalArgumentException(
                    "The " + what + " must be non-blank without leading or trailing whitespace");
        }
    }

    public String toUri() {
        String encodedIssuer = PercentEncoding.encode(issuer);
        return PREFIX + encodedIssuer + ':' + PercentEncoding.encode(account)
                + '?' + SECRET + '=' + secretBase32
                + '&' + ISSUER + '=' + encodedIssuer
                + '&' + ALGORITHM + '=' + parameters.algorithm().uriName()
                + '&' + DIGITS + '=' + parameters.digits()
                + '&' + PERIOD + '=' + parameters.periodSeconds();
    }

    /**
     * Reads a TOTP Key URI. The label must be {@code issuer:account}; the {@code issuer} parameter may be
     * omitted but must equal the label's when present; algorithm, digits and period default to SHA1, 6 and
     * 30 as the Key URI format says; any other parameter, a repeated one, or a bad escape is refused.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static OtpAuthUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a TOTP Key URI: it must start with " + PREFIX);
        }
        int query = uri.indexOf('?', PREFIX.length());
        if (query < 0) {
            throw new IllegalArgumentException("The Key URI has no parameters (no '?')");
        }
        String label = uri.substring(PREFIX.length(), query);
        int colon = label.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("The Key URI label must be 'issuer:account'");
        }
        String issuer = PercentEncoding.decode(label.substring(0, colon), false);
        String account = PercentEncoding.decode(label.substring(colon + 1), false).stripLeading();

        Map<String, String> parameters = parseQuery(uri.substring(query + 1));
        String secret = parameters.get(SECRET);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The Key URI has no secret");
        }
        String issuerParameter = parameters.get(ISSUER);
        if (issuerParameter != null && !issuerParameter.equals(issuer)) {
            throw new IllegalArgumentException("The issuer parameter differs from the issuer in the label");
        }
        OtpParameters otpParameters = new OtpParameters(
                HmacAlgorithm.fromName(parameters.getOrDefault(ALGORITHM, OtpParameters.DEFAULT.algorithm().uriName())),
                parseNumber(DIGITS, parameters.get(DIGITS), OtpParameters.DEFAULT.digits()),
                parseNumber(PERIOD, parameters.get(PERIOD), OtpParameters.DEFAULT.periodSeconds()));
        return new OtpAuthUri(issuer, account, Base32.encode(Base32.decode(secret)), otpParameters);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("A Key URI parameter has no '=': '" + pair + "'");
            }
            String name = pair.substring(0, equals);
            if (!name.equals(SECRET) && !name.equals(ISSUER) && !name.equals(ALGORITHM) && !name.equals(DIGITS)
                    && !name.equals(PERIOD)) {
                throw new IllegalArgumentException("Unknown Key URI parameter '" + name + "'");
            }
            if (parameters.put(name, PercentEncoding.decode(pair.substring(equals + 1), true)) != null) {
                throw new IllegalArgumentException("The Key URI parameter '" + name + "' is repeated");
            }
        }
        return parameters;
    }

    private static int parseNumber(String name, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isEmpty() || value.length() > 3 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("The Key URI parameter '" + name + "' is not a small number");
        }
        return Integer.parseInt(value);
    }
}

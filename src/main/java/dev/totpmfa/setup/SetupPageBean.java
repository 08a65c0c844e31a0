package dev.totpmfa.setup;

import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;

/**
 * What {@code totp-mfa-setup.ftl} shows, exposed as {@code totpMfaSetup}. Built only while the enrolment is
 * pending: once a device is stored, no page ever receives its secret again.
 */
public final class SetupPageBean {

    private static final int SECRET_GROUP = 4;

    private final String qrDataUri;
    private final String secret;
    private final String otpauthUri;
    private final OtpAuthUri keyUri;
    private final String userLabel;

    SetupPageBean(OtpAuthUri keyUri, String qrDataUri, String userLabel) {
        this.keyUri = keyUri;
        this.qrDataUri = qrDataUri;
        this.otpauthUri = keyUri.toUri();
        this.secret = keyUri.secretBase32();
        this.userLabel = userLabel;
    }

    public String getQrDataUri() {
        return qrDataUri;
    }

    public String getOtpauthUri() {
        return otpauthUri;
    }

    /** The key for typing by hand, in groups of four as most apps show it. */
    public String getSecretGrouped() {
        StringBuilder grouped = new StringBuilder(secret.length() + secret.length() / SECRET_GROUP);
        for (int i = 0; i < secret.length(); i++) {
            if (i > 0 && i % SECRET_GROUP == 0) {
                grouped.append(' ');
            }
            grouped.append(secret.charAt(i));
        }
        return grouped.toString();
    }

    public String getIssuer() {
        return keyUri.issuer();
    }

    public String getAccount() {
        return keyUri.account();
    }

    /** As apps name it: SHA1, SHA256 or SHA512. */
    public String getAlgorithm() {
        return keyUri.parameters().algorithm().uriName();
    }

    public int getDigits() {
        return keyUri.parameters().digits();
    }

    public int getPeriod() {
        return keyUri.parameters().periodSeconds();
    }

    /** The device name to prefill: what the user typed before an error, or a free default. */
    public String getUserLabel() {
        return userLabel;
    }

    static OtpAuthUri keyUri(String issuer, String account, byte[] secret, OtpParameters parameters) {
        return new OtpAuthUri(issuer, account, Base32.encode(secret), parameters);
    }
}

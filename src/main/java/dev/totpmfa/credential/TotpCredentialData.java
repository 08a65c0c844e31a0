package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;

/**
 * The public half of a {@code totp-mfa} credential (the credential_data column): the parameters the device
 * was enrolled with, so that a later realm policy change never breaks it, plus the replay and drift record.
 *
 * @param formatVersion lets a later release read older rows
 * @param algorithm     JCA name, e.g. HmacSHA1
 * @param lastUsedStep  highest time step ever accepted; every step at or below it is refused
 * @param driftSteps    where the device's clock was, in steps, at its last accepted code
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TotpCredentialData(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("digits") int digits,
        @JsonProperty("period") int period,
        @JsonProperty("created") long created,
        @JsonProperty("lastUsedStep") long lastUsedStep,
        @JsonProperty("driftSteps") int driftSteps) {

    static final int CURRENT_FORMAT = 1;

    static TotpCredentialData enrolled(OtpParameters parameters, long createdMillis, long usedStep) {
        return new TotpCredentialData(CURRENT_FORMAT, parameters.algorithm().jcaName(), parameters.digits(),
                parameters.periodSeconds(), createdMillis, usedStep, 0);
    }

    OtpParameters parameters() {
        return new OtpParameters(HmacAlgorithm.fromName(algorithm), digits, period);
    }

    TotpCredentialData withUse(long step, int drift) {
        return new TotpCredentialData(formatVersion, algorithm, digits, period, created, step, drift);
    }
}

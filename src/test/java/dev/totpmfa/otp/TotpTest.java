package dev.totpmfa.otp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** RFC 6238 Appendix B; the seed is the ASCII digits repeated to the hash's output size (20/32/64 bytes). */
    @ParameterizedTest
    @CsvSource({
            "59,          SHA1,   94287082", "59,          SHA256, 46119246", "59,          SHA512, 90693936",
            "1111111109,  SHA1,   07081804", "1111111109,  SHA256, 68084774", "1111111109,  SHA512, 25091201",
            "1111111111,  SHA1,   14050471", "1111111111,  SHA256, 67062674", "1111111111,  SHA512, 99943326",
            "1234567890,  SHA1,   89005924", "1234567890,  SHA256, 91819424", "1234567890,  SHA512, 93441116",
            "2000000000,  SHA1,   69279037", "2000000000,  SHA256, 90698825", "2000000000,  SHA512, 38618901",
            "20000000000, SHA1,   65353130", "20000000000, SHA256, 77737706", "20000000000, SHA512, 47863826"})
    void matchesRfc6238AppendixB(long epochSeconds, HmacAlgorithm algorithm, String expected) {
        Totp totp = new Totp(new OtpParameters(algorithm, 8, 30), fixedAt(epochSeconds));

        assertThat(totp.currentCode(rfc6238Seed(algorithm))).isEqualTo(expected);
    }

    @Test
    void stepsAreFlooredIncludingBeforeTheEpoch() {
        Totp totp = new Totp(new OtpParameters(HmacAlgorithm.SHA1, 6, 30), fixedAt(0));

        assertThat(totp.stepAt(Instant.ofEpochSecond(29))).isZero();
        assertThat(totp.stepAt(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(totp.stepAt(Instant.ofEpochSecond(-1))).isEqualTo(-1);
        assertThat(totp.stepAt(Instant.ofEpochSecond(-30))).isEqualTo(-1);
        assertThat(totp.stepAt(Instant.ofEpochSecond(-31))).isEqualTo(-2);
    }

    @Test
    void currentStepFollowsTheClockAndThePeriod() {
        Totp totp = new Totp(new OtpParameters(HmacAlgorithm.SHA1, 6, 60), fixedAt(1_234_567_890));

        assertThat(totp.currentStep()).isEqualTo(1_234_567_890 / 60);
    }

    @Test
    void currentCodeIsTheCodeOfTheCurrentStep() {
        byte[] secret = rfc6238Seed(HmacAlgorithm.SHA1);
        Totp totp = new Totp(OtpParameters.DEFAULT, fixedAt(1_111_111_109));

        assertThat(totp.currentCode(secret)).isEqualTo(totp.codeAt(secret, totp.currentStep()))
                .isEqualTo(Hotp.generate(secret, 1_111_111_109 / 30, HmacAlgorithm.SHA1, 6));
    }

    static byte[] rfc6238Seed(HmacAlgorithm algorithm) {
        String twenty = "12345678901234567890";
        String seed = switch (algorithm) {
            case SHA1 -> twenty;
            case SHA256 -> twenty + "123456789012";
            case SHA512 -> twenty + twenty + twenty + "1234";
        };
        return seed.getBytes(US_ASCII);
    }

    static Clock fixedAt(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }
}

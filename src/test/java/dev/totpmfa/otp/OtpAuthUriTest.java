package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpAuthUriTest {

    private static final String SECRET = "JBSWY3DPEHPK3PXP";

    @Test
    void writesEveryParameterInTheKeyUriFormat() {
        OtpAuthUri uri = new OtpAuthUri("ACME", "alice", SECRET, new OtpParameters(HmacAlgorithm.SHA256, 8, 60));

        assertThat(uri.toUri()).isEqualTo(
                "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME&algorithm=SHA256&digits=8&period=60");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Example Corp|Example%20Corp",
            "A&B|A%26B",
            "a:b|a%3Ab",
            "alice@example.com|alice%40example.com",
            "what?|what%3F",
            "#1|%231",
            "a/b|a%2Fb",
            "100%|100%25",
            "a+b|a%2Bb",
            "a=b|a%3Db",
            "Ünïcødé 株式会社|%C3%9Cn%C3%AFc%C3%B8d%C3%A9%20%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE",
            "keep-these._~|keep-these._~"})
    void percentEncodesIssuerAndAccountAsUtf8WithPercent20ForSpaces(String name, String encoded) {
        String uri = new OtpAuthUri(name, name, SECRET, OtpParameters.DEFAULT).toUri();

        assertThat(uri).startsWith("otpauth://totp/" + encoded + ":" + encoded + "?")
                .contains("&issuer=" + encoded + "&")
                .doesNotContain(" ");
        assertThat(URI.create(uri)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "Example Corp", "A&B:C@D?E#F/G%H+I=J", "Ünïcødé 株式会社", "emoji 🔐"})
    void parsesWhatItWrites(String name) {
        OtpAuthUri original = new OtpAuthUri(name, name + " user@example.com", SECRET,
                new OtpParameters(HmacAlgorithm.SHA512, 7, 45));

        assertThat(OtpAuthUri.parse(original.toUri())).isEqualTo(original);
    }

    @Test
    void roundTripsRandomNamesAndSecrets() {
        Random random = new Random(6238);
        for (int i = 0; i < 500; i++) {
            byte[] secret = new byte[10 + random.nextInt(55)];
            random.nextBytes(secret);
            OtpAuthUri original = new OtpAuthUri(randomName(random), randomName(random), Base32.encode(secret),
                    new OtpParameters(HmacAlgorithm.values()[random.nextInt(3)], 6 + random.nextInt(3),
                            15 + random.nextInt(286)));

            assertThat(OtpAuthUri.parse(original.toUri())).isEqualTo(original);
        }
    }

    private static String randomName(Random random) {
        String pool = "aZ09 :&@?#/%+=-._~!$'()*,;Ü株🔐";
        StringBuilder name = new StringBuilder("n");
        for (int i = random.nextInt(12); i > 0; i--) {
            name.appendCodePoint(pool
                    .codePointAt(pool.offsetByCodePoints(0, random.nextInt(pool.codePointCount(0, pool.length())))));
        }
        return name.append('n').toString();
    }

    @Test
    void parsesWhatOtherGeneratorsWrite() {
        OtpAuthUri uri = OtpAuthUri.parse(
                "otpauth://totp/Example:alice@google.com?secret=jbswy3dpehpk3pxp&issuer=Example");

        assertThat(uri).isEqualTo(new OtpAuthUri("Example", "alice@google.com", SECRET, OtpParameters.DEFAULT));
    }

    @Test
    void acceptsParametersInAnyOrderAndSpacesBeforeTheAccount() {
        OtpAuthUri uri = OtpAuthUri.parse(
                "otpauth://totp/ACME:%20%20bob?period=120&digits=8&algorithm=SHA1&secret=JBSWY3DPEHPK3PXP");

        assertThat(uri).isEqualTo(new OtpAuthUri("ACME", "bob", SECRET, new OtpParameters(HmacAlgorithm.SHA1, 8, 120)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "https://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://hotp/ACME:bob?secret=JBSWY3DPEHPK3PXP&counter=0",
            "OTPAUTH://TOTP/ACME:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:bob",
            "otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:bob?issuer=ACME",
            "otpauth://totp/ACME:bob?secret=",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PX1",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=Other",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&image=x",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&digits",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&digits=5",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&digits=six",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&digits=%EF%BC%96",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&period=0",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&period=99999999999",
            "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            "otpauth://totp/AC ME:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:bob#frag?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:bö?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/AC%4:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/AC%:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/AC%GG:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/AC%C3:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/%20:bob?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/ACME:bob:x?secret=JBSWY3DPEHPK3PXP"})
    void refusesMalformedUris(String uri) {
        assertThatThrownBy(() -> OtpAuthUri.parse(uri)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNamesThatCannotSurviveTheLabel() {
        assertThatThrownBy(() -> new OtpAuthUri(" ", "bob", SECRET, OtpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpAuthUri("ACME", " bob", SECRET, OtpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpAuthUri("ACME ", "bob", SECRET, OtpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesASecretThatIsNotCanonicalBase32() {
        for (String secret : new String[] {"", "jbswy3dpehpk3pxp", "JBSW Y3DP", "MY======", "JBSWY3DPEHPK3PX1"}) {
            assertThatThrownBy(() -> new OtpAuthUri("ACME", "bob", secret, OtpParameters.DEFAULT))
                    .as(secret).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

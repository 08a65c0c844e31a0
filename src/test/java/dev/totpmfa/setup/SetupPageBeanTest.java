package dev.totpmfa.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import org.junit.jupiter.api.Test;

class SetupPageBeanTest {

    @Test
    void groupsTheKeyByFourAndKeepsTheUriIntact() {
        byte[] secret = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        OtpAuthUri uri = SetupPageBean.keyUri("Acme", "alice", secret, OtpParameters.DEFAULT);

        SetupPageBean bean = new SetupPageBean(uri, "data:image/png;base64,AA==", "Phone");

        assertThat(bean.getSecretGrouped()).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assertThat(bean.getOtpauthUri()).startsWith("otpauth://totp/Acme:alice?secret=GEZDGNBVGY3TQOJQ");
        assertThat(bean.getAlgorithm()).isEqualTo("SHA1");
        assertThat(bean.getDigits()).isEqualTo(6);
        assertThat(bean.getPeriod()).isEqualTo(30);
    }
}

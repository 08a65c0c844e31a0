package dev.totpmfa.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WrongPasswordAnswerTest {

    @ParameterizedTest
    @CsvSource({
            "26.4.7, 401",
            "26.5.6, 401",
            "26.6.0, 400",
            "26.7.3, 400",
            "27.0.0, 400",
            "26.7.3-SNAPSHOT, 400",
            "999.0.0-SNAPSHOT, 400",
            "'', 400",
            "nightly, 400",
    })
    void followsTheReleaseThatChangedKeycloaksOwnAnswer(String version, int status) {
        assertThat(WrongPasswordAnswer.status(version)).isEqualTo(status);
    }
}

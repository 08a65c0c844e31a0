package dev.totpmfa.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checked against each release's ValidatePassword and BruteForceProtector: 26.4.7, 26.5.6 and 26.5.7, 26.6.0 to 26.7.5. */
class KeycloakReleaseTest {

    @ParameterizedTest
    @CsvSource({
            "26.4.7, 401, false",
            "26.5.6, 401, false",
            "26.5.7, 401, false",
            "26.6.0, 400, true",
            "26.7.3, 400, true",
            "26.7.5, 400, true",
            "27.0.0, 400, true",
            "26.7.3-SNAPSHOT, 400, true",
            "999.0.0-SNAPSHOT, 400, true",
            "'', 400, true",
            "nightly, 400, true",
    })
    void followsTheReleasesThatChangedKeycloaksBehaviour(String version, int wrongPasswordStatus,
                                                         boolean categories) {
        KeycloakRelease release = KeycloakRelease.of(version);

        assertThat(release.wrongPasswordStatus()).isEqualTo(wrongPasswordStatus);
        assertThat(release.countsFailureCategories()).isEqualTo(categories);
    }

    @ParameterizedTest
    @CsvSource({"26.4.7, 26, 4", "26.7.3-SNAPSHOT, 26, 7", "nightly, 26, 7"})
    void readsMajorAndMinor(String version, int major, int minor) {
        assertThat(KeycloakRelease.of(version)).isEqualTo(new KeycloakRelease(major, minor));
    }
}

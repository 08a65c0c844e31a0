package dev.totpmfa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowserLabelTest {

    /** Real headers: Edge, Opera and Chrome all claim to be Safari, Android claims Linux, iOS claims Mac OS X. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0|Firefox on Linux",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0"
                    + " Safari/537.36|Chrome on Windows",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0"
                    + " Safari/537.36 Edg/126.0.0.0|Edge on Windows",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/17.5 Safari/605.1.15|Safari on macOS",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/17.5 Mobile/15E148 Safari/604.1|Safari on iOS",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1|Chrome on iOS",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0.6478.71 Mobile Safari/537.36|Chrome on Android",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0"
                    + " Safari/537.36 OPR/111.0.0.0|Opera on Linux",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0"
                    + " Safari/537.36|Chrome on Linux",
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0.0.0 Safari/537.36|Chrome on ChromeOS",
            "Java-http-client/17.0.12|Unknown browser",
            "curl/8.5.0 (Linux)|Browser on Linux",
            "Firefox/128.0|Firefox"})
    void namesBrowserAndSystem(String userAgent, String label) {
        assertThat(BrowserLabel.of(userAgent)).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void blankIsUnknown(String userAgent) {
        assertThat(BrowserLabel.of(userAgent)).isEqualTo(BrowserLabel.UNKNOWN);
        assertThat(BrowserLabel.of(null)).isEqualTo(BrowserLabel.UNKNOWN);
    }

    /** The header is the client's choice: a label never carries more of it than a fixed set of names. */
    @org.junit.jupiter.api.Test
    void aHugeOrHostileHeaderGivesAShortKnownLabel() {
        String hostile = "<script>".repeat(10_000) + " Firefox/1 Windows";
        assertThat(BrowserLabel.of(hostile)).isEqualTo(BrowserLabel.UNKNOWN);
        assertThat(BrowserLabel.of("Firefox/1 <img src=x> Windows")).isEqualTo("Firefox on Windows");
    }

    /** Keycloak refuses two credentials of one user and type with one label; people trust several Firefoxes. */
    @org.junit.jupiter.api.Test
    void aTakenLabelGetsTheFirstFreeNumber() {
        assertThat(BrowserLabel.unique("Firefox on Linux", java.util.List.of())).isEqualTo("Firefox on Linux");
        assertThat(BrowserLabel.unique("Firefox on Linux", java.util.List.of("Firefox on Linux", "Chrome on Linux")))
                .isEqualTo("Firefox on Linux (2)");
        assertThat(BrowserLabel.unique("Firefox on Linux",
                java.util.List.of("Firefox on Linux", "Firefox on Linux (2)", "Firefox on Linux (4)")))
                .isEqualTo("Firefox on Linux (3)");
    }
}

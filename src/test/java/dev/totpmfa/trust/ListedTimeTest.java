package dev.totpmfa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ListedTimeTest {

    @Test
    void utcToTheMinuteWithItsZoneNamed() {
        assertThat(ListedTime.of(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo("2026-12-31 23:59 UTC");
        assertThat(ListedTime.of(Instant.parse("2027-01-05T07:03:00Z"))).isEqualTo("2027-01-05 07:03 UTC");
    }

    /** The server's default locale must not change the digits or the calendar. */
    @Test
    void theSameWhateverTheServersLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-SA-u-nu-arab-ca-islamic"));
            assertThat(ListedTime.of(Instant.parse("2026-03-01T12:00:00Z"))).isEqualTo("2026-03-01 12:00 UTC");
        } finally {
            Locale.setDefault(before);
        }
    }
}

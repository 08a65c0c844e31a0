package dev.totpmfa.trust;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A time as the account console lists it beside a trusted browser ("2026-12-31 10:04 UTC"). The console shows these
 * values as sent, and the server knows neither the reader's time zone nor their preferred format: so one form that
 * reads the same everywhere, with its zone named.
 */
public final class ListedTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ListedTime() {
    }

    public static String of(Instant instant) {
        return FORMAT.format(instant);
    }
}

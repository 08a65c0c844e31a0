package dev.totpmfa.it.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Collects the figures of one run and prints them as Markdown tables (also to target/load-benchmark.md). */
final class LoadReport {

    /** Distinct error messages shown. */
    private static final int ERRORS_SHOWN = 10;

    private final List<String> lines = new ArrayList<>();
    private final List<String> errorSamples = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();

    LoadReport(LoadSettings settings, String keycloakVersion) {
        lines.add("## Load benchmark run " + Instant.now());
        lines.add("");
        lines.add("- Keycloak " + keycloakVersion + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs; load average at the start: " + loadAverage());
        lines.add("- " + settings.describe());
        lines.add("");
    }

    void setupPage(Latencies client, Map<ServerHistograms.Series, ServerHistograms.Histogram> server) {
        lines.add("### Setup page (ours): password POST and the setup page it leads to, " + client.count()
                + " users");
        lines.add("");
        lines.add("client p50 / p95 / p99: " + ms(client.percentileMillis(0.5)) + " / "
                + ms(client.percentileMillis(0.95)) + " / " + ms(client.percentileMillis(0.99)) + " ms");
        lines.add("");
        lines.add("| server series meanwhile | count | p50 ms | p95 ms |");
        lines.add("| --- | ---: | ---: | ---: |");
        server.forEach((series, histogram) -> lines.add("| " + series.method() + " " + series.uri() + " "
                + series.status() + " | " + histogram.count() + " | " + ms(histogram.quantileMillis(0.5)) + " | "
                + ms(histogram.quantileMillis(0.95)) + " |"));
        lines.add("");
    }

    void codeLogins(Figures builtIn, Figures ours) {
        comparison("Code logins (password form, then the code form)", "logins/s", "code POST", builtIn, ours);
    }

    void directGrants(Figures builtIn, Figures ours) {
        comparison("Direct grant with `otp` (ours: totp-mfa-direct-grant; built-in: direct-grant-validate-otp)",
                "grants/s", "token POST", builtIn, ours);
    }

    void recoveryLogins(Figures ours) {
        lines.add("### Recovery-code logins (ours)");
        lines.add("");
        lines.add("| arm | logins | logins/s | recovery POST p50 | p95 | p99 (client, ms) |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: |");
        lines.add("| ours | " + ours.count() + " | " + num(ours.perSecond()) + " | "
                + ms(ours.request.percentileMillis(0.5)) + " | " + ms(ours.request.percentileMillis(0.95)) + " | "
                + ms(ours.request.percentileMillis(0.99)) + " |");
        lines.add("");
    }

    private void comparison(String title, String rate, String request, Figures builtIn, Figures ours) {
        lines.add("### " + title);
        lines.add("");
        lines.add("| arm | count | " + rate + " | " + request
                + " p50 | p95 | p99 (client, ms) | server p50 | p95 (ms) |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        lines.add(row("built-in", builtIn));
        lines.add(row("ours", ours));
        lines.add("| **ours / built-in** | | " + ratio(ours.perSecond(), builtIn.perSecond()) + " | "
                + ratio(ours.request.percentileMillis(0.5), builtIn.request.percentileMillis(0.5)) + " | "
                + ratio(ours.request.percentileMillis(0.95), builtIn.request.percentileMillis(0.95)) + " | "
                + ratio(ours.request.percentileMillis(0.99), builtIn.request.percentileMillis(0.99)) + " | "
                + ratio(ours.server().quantileMillis(0.5), builtIn.server().quantileMillis(0.5)) + " | "
                + ratio(ours.server().quantileMillis(0.95), builtIn.server().quantileMillis(0.95)) + " |");
        lines.add("");
    }

    private static String row(String arm, Figures figures) {
        return "| " + arm + " | " + figures.count() + " | " + num(figures.perSecond()) + " | "
                + ms(figures.request.percentileMillis(0.5)) + " | " + ms(figures.request.percentileMillis(0.95))
                + " | " + ms(figures.request.percentileMillis(0.99)) + " | "
                + ms(figures.server().quantileMillis(0.5)) + " | " + ms(figures.server().quantileMillis(0.95)) + " |";
    }

    void userWaits(long builtIn, long ours) {
        lines.add("- client waits for a user with an unused time step (should be 0): built-in " + builtIn + ", ours "
                + ours);
    }

    void error(String arm, Throwable error) {
        errors.incrementAndGet();
        String message = arm + ": " + error.toString().lines().findFirst().orElse("");
        synchronized (errorSamples) {
            if (errorSamples.size() < ERRORS_SHOWN && !errorSamples.contains(message)) {
                errorSamples.add(message);
            }
        }
    }

    long errors() {
        return errors.get();
    }

    void print() {
        List<String> all = new ArrayList<>(lines);
        all.add("- failed requests: " + errors.get() + "; load average at the end: " + loadAverage());
        synchronized (errorSamples) {
            errorSamples.forEach(sample -> all.add("  - " + sample));
        }
        String text = String.join("\n", all) + "\n";
        System.out.println(text);
        try {
            Files.writeString(Path.of("target", "load-benchmark.md"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.1f", millis);
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double ours, double builtIn) {
        return Double.isNaN(ours) || Double.isNaN(builtIn) || builtIn == 0 ? "-"
                : String.format(Locale.ROOT, "%.2fx", ours / builtIn);
    }
}

package dev.totpmfa.it.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak's HTTP server histograms ({@code --metrics-enabled=true --http-metrics-histograms-enabled=true}), read
 * from the management interface's {@code /metrics}: the server's own time per request, by method, URI template and
 * status. The URI template does not name the realm, so each arm runs alone in its rounds and the figures of a round
 * are the difference of two snapshots.
 */
final class ServerHistograms {

    private static final Pattern BUCKET = Pattern.compile(
            "^http_server_requests_seconds_bucket\\{(.*)\\}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String metricsUrl;

    ServerHistograms(String managementUrl) {
        this.metricsUrl = managementUrl + "/metrics";
    }

    /** The series of one kind of request: method, URI template and status. */
    record Series(String method, String uri, String status) {
    }

    /** Cumulative bucket counts per series at one moment: upper bound in seconds to count. */
    record Snapshot(Map<Series, TreeMap<Double, Double>> buckets) {

        /** The requests of {@code series} between {@code earlier} and this snapshot. */
        Histogram since(Snapshot earlier, Series series) {
            TreeMap<Double, Double> now = buckets.getOrDefault(series, new TreeMap<>());
            TreeMap<Double, Double> before = earlier.buckets.getOrDefault(series, new TreeMap<>());
            TreeMap<Double, Double> delta = new TreeMap<>();
            now.forEach((le, count) -> delta.put(le, count - before.getOrDefault(le, 0.0)));
            return new Histogram(delta);
        }

        /** Every series that saw requests between {@code earlier} and this snapshot. */
        Map<Series, Histogram> changesSince(Snapshot earlier) {
            Map<Series, Histogram> changed = new TreeMap<>(Comparator.comparing(Series::toString));
            for (Series series : buckets.keySet()) {
                Histogram histogram = since(earlier, series);
                if (histogram.count() > 0) {
                    changed.put(series, histogram);
                }
            }
            return changed;
        }
    }

    /** Cumulative counts by upper bound, as Prometheus keeps them. */
    record Histogram(TreeMap<Double, Double> cumulative) {

        static Histogram empty() {
            return new Histogram(new TreeMap<>());
        }

        /** The requests of both (same buckets: one server). */
        Histogram plus(Histogram other) {
            TreeMap<Double, Double> sum = new TreeMap<>(cumulative);
            other.cumulative.forEach((le, count) -> sum.merge(le, count, Double::sum));
            return new Histogram(sum);
        }

        long count() {
            return cumulative.isEmpty() ? 0 : Math.round(cumulative.lastEntry().getValue());
        }

        /** The q-quantile in milliseconds, interpolated inside its bucket (Prometheus' histogram_quantile). */
        double quantileMillis(double q) {
            double total = count();
            if (total == 0) {
                return Double.NaN;
            }
            double rank = q * total;
            double lowerBound = 0;
            double lowerCount = 0;
            for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= rank) {
                    if (bucket.getKey().isInfinite()) {
                        return lowerBound * 1000;
                    }
                    double inBucket = bucket.getValue() - lowerCount;
                    double fraction = inBucket == 0 ? 0 : (rank - lowerCount) / inBucket;
                    return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1000;
                }
                lowerBound = bucket.getKey();
                lowerCount = bucket.getValue();
            }
            return lowerBound * 1000;
        }
    }

    Snapshot snapshot() {
        Map<Series, TreeMap<Double, Double>> all = new HashMap<>();
        for (String line : scrape().split("\n")) {
            Matcher bucket = BUCKET.matcher(line);
            if (!bucket.find()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher label = LABEL.matcher(bucket.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            Series series = new Series(labels.get("method"), labels.get("uri"), labels.get("status"));
            double le =
                    "+Inf".equals(labels.get("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(labels.get("le"));
            all.computeIfAbsent(series, s -> new TreeMap<>()).merge(le, Double.parseDouble(bucket.group(2)),
                    Double::sum);
        }
        return new Snapshot(all);
    }

    private String scrape() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(metricsUrl + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples of the Prometheus text exposition format (version 0.0.4) as a scrape reads them: comment lines skipped,
 * labels in any order with their escapes undone, the value read, an optional timestamp ignored.
 */
public final class PrometheusText {

    /** One line: a metric name, its labels (sorted by name) and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String text;
    private int at;

    private PrometheusText(String text) {
        this.text = text;
    }

    /** GETs {@code url} and parses the answer; fails on anything but HTTP 200. */
    public static List<Sample> scrape(String url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": HTTP " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                samples.add(new PrometheusText(trimmed).sample());
            }
        }
        return samples;
    }

    private Sample sample() {
        int nameStart = at;
        while (at < text.length() && text.charAt(at) != '{' && !Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        String name = text.substring(nameStart, at);
        Map<String, String> labels = new TreeMap<>();
        if (at < text.length() && text.charAt(at) == '{') {
            at++;
            labels(labels);
        }
        String[] rest = text.substring(at).strip().split("\\s+");
        return new Sample(name, labels, value(rest[0]));
    }

    /** {@code name="value",...}, after the opening brace, up to and including the closing one. */
    private void labels(Map<String, String> labels) {
        while (true) {
            skipSpaces();
            if (next() == '}') {
                return;
            }
            at--;
            int nameStart = at;
            while (text.charAt(at) != '=') {
                at++;
            }
            String label = text.substring(nameStart, at).strip();
            at++;
            skipSpaces();
            expect('"');
            StringBuilder value = new StringBuilder();
            for (char c = next(); c != '"'; c = next()) {
                if (c == '\\') {
                    char escaped = next();
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(label, value.toString());
            skipSpaces();
            if (text.charAt(at) == ',') {
                at++;
            }
        }
    }

    private static double value(String token) {
        return switch (token) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(token);
        };
    }

    private char next() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("unterminated sample: " + text);
        }
        return text.charAt(at++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (at - 1) + " in: " + text);
        }
    }

    private void skipSpaces() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }
}

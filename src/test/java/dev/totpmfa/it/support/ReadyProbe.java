package dev.totpmfa.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Waits for Keycloak's {@code /health/ready} on the management interface, for every target that starts a server.
 * "started in" is logged before Keycloak has finished its bootstrap (the admin token answers 503 until then), so
 * readiness, not the log line, is what the tests wait for.
 */
final class ReadyProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReadyProbe() {
    }

    /**
     * @param managementUrl e.g. {@code http://127.0.0.1:9000}
     * @param gone          a reason when the server has stopped (then waiting is pointless), or null while it runs
     * @param what          names the server in the message of a timeout
     * @param logTail       the last lines of its log, for either message
     */
    static void await(String managementUrl, Instant deadline, Supplier<String> gone, String what,
                      Supplier<String> logTail)
            throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            String reason = gone.get();
            if (reason != null) {
                throw new IllegalStateException(reason + " before it was ready; last lines:\n" + logTail.get());
            }
            try {
                HttpResponse<String> response = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(what + " is not ready by " + deadline + "; last lines:\n" + logTail.get());
    }
}

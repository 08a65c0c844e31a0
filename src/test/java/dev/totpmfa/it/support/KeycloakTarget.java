package dev.totpmfa.it.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A running Keycloak (the pom's keycloak.version) with our jar installed, as the ITs see it: where it listens, how to administer it,
 * what it logged. Two implementations: {@link KeycloakServer} (the unpacked distribution, the default) and
 * {@link TestcontainersKeycloak} ({@code -Dit.target=testcontainers}: the Docker image, Maven profile {@code docker}).
 */
public interface KeycloakTarget {

    /** Starts the server with the default options unless it already runs with them. */
    void ensureStartedWithDefaults();

    void stop();

    /** e.g. {@code http://127.0.0.1:8080}, no trailing slash. */
    String baseUrl();

    String adminUser();

    String adminPassword();

    /** Everything the server wrote to stdout and stderr in this test JVM, over all (re)starts. */
    String serverLog();

    /**
     * What the server wrote since its current run began, starting with its own startup output: unlike
     * {@link #serverLog()}, it does not depend on which test classes ran before.
     */
    default String currentRunLog() {
        return serverLog();
    }

    /** The last lines of the current server run's log, shown when a test fails. */
    default List<String> serverLogTail(int lines) {
        List<String> all = serverLog().lines().toList();
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    /** Whether {@link #restart(List)} works; tests that need it are skipped otherwise. */
    default boolean supportsRestart() {
        return false;
    }

    /** Stops the server and starts it again with the default options plus {@code extraOptions}; data is kept. */
    default void restart(List<String> extraOptions) {
        throw new UnsupportedOperationException("restart is not supported by " + getClass().getSimpleName());
    }

    /**
     * The Prometheus text of Keycloak's Micrometer registry ({@code /metrics} on the management port), when the
     * target runs with {@code --metrics-enabled=true}; the Docker image leaves metrics off, as admins get it.
     */
    default Optional<String> metricsUrl() {
        return Optional.empty();
    }

    /** The directory of the embedded H2 database files, when the test JVM can read them. */
    default Optional<Path> h2Directory() {
        return Optional.empty();
    }

    /** Every row of the server's PostgreSQL database as text, when the server uses one the test JVM can read. */
    default Optional<String> databaseDump() {
        return Optional.empty();
    }
}

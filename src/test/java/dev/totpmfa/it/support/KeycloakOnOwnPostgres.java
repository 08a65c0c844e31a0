package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One Keycloak (the distribution under test, a private copy of it) on a PostgreSQL server of the test's own
 * ({@link OwnPostgres}), so that the test can stop the database under a running Keycloak and start it again. Holds
 * the machine's one-Keycloak lock from before the database starts until after both have stopped.
 */
public final class KeycloakOnOwnPostgres implements AutoCloseable {

    private static final Duration BACK_TIMEOUT = Duration.ofMinutes(3);

    private final ServerLock lock;
    private OwnPostgres postgres;
    private Postgres.Database database;
    private KeycloakServer server;

    private KeycloakOnOwnPostgres(ServerLock lock) {
        this.lock = lock;
    }

    /** Waits for the machine lock, starts the database server, then Keycloak on it with {@code options} added. */
    public static KeycloakOnOwnPostgres start(List<String> options) {
        KeycloakOnOwnPostgres started = new KeycloakOnOwnPostgres(ServerLock.acquireMachineLock());
        try {
            started.postgres = OwnPostgres.start();
            started.database = started.postgres.createDatabase("totp_mfa_it_own");
            Path source = Path.of(KeycloakServer.required("keycloak.home"));
            started.server = KeycloakServer.underCallersLock(KeycloakServer.privateCopy(source,
                    source.getParent().resolveSibling("own-postgres").resolve(source.getFileName())), "own-postgres");
            List<String> all = new ArrayList<>(started.database.serverOptions());
            all.addAll(options);
            started.server.restart(all);
            return started;
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    public KeycloakTarget server() {
        return server;
    }

    public Postgres.Database database() {
        return database;
    }

    /** {@code pg_ctl stop -m immediate} under the running Keycloak. */
    public void stopDatabase() {
        postgres.stopImmediately();
    }

    /**
     * Starts the database again and waits until Keycloak reports itself ready once more (its readiness includes its
     * database connections); Keycloak itself is never restarted.
     */
    public void startDatabase() {
        postgres.startAgain();
        try {
            ReadyProbe.await(server.managementUrl(), Instant.now().plus(BACK_TIMEOUT), () -> null,
                    "Keycloak after its database came back", () -> String.join("\n", server.serverLogTail(40)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops Keycloak, then the database (deleting it), then releases the machine lock. */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                lock.releaseQuietly();
            }
        }
    }
}

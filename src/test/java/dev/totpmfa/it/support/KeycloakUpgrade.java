package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak upgraded in place under live data: one PostgreSQL database (a fresh one per run on the machine's server
 * at 127.0.0.1:5432) served first by an older distribution ({@code it.upgradeFrom.home}, version
 * {@code it.upgradeFrom.version}), then, once that server has stopped, by the distribution under test
 * ({@code keycloak.home}, {@code keycloak.version}), which migrates the schema at its first start. Both run our jar.
 * Holds the machine's one-Keycloak lock from before the first start until after the last stop, so nobody starts a
 * server in between.
 */
public final class KeycloakUpgrade implements AutoCloseable {

    private final LockedDatabase locked;
    private final List<String> options;
    private KeycloakServer server;
    private String version;

    private KeycloakUpgrade(LockedDatabase locked, List<String> options) {
        this.locked = locked;
        this.options = new ArrayList<>(locked.database().serverOptions());
        this.options.addAll(options);
    }

    /**
     * A fresh database, and the older release started on it (it creates the schema and the admin user) with
     * {@code options} added to the database's; both releases get the same.
     */
    public static KeycloakUpgrade startOlderRelease(List<String> options) {
        KeycloakUpgrade upgrade = new KeycloakUpgrade(LockedDatabase.acquire("totp_mfa_it_upgrade"), options);
        try {
            upgrade.startOn(KeycloakServer.required("it.upgradeFrom.home"),
                    KeycloakServer.required("it.upgradeFrom.version"));
            return upgrade;
        } catch (RuntimeException e) {
            upgrade.close();
            throw e;
        }
    }

    /** Stops the older release (the whole process tree), then starts the release under test on the same database. */
    public void upgrade() {
        server.stop();
        server = null;
        startOn(KeycloakServer.required("keycloak.home"), KeycloakTargets.keycloakVersion());
    }

    /** The server running now. */
    public KeycloakTarget server() {
        return server;
    }

    /** The Keycloak version of the server running now. */
    public String version() {
        return version;
    }

    public Postgres.Database database() {
        return locked.database();
    }

    private void startOn(String home, String release) {
        Path source = Path.of(home);
        KeycloakServer next;
        try {
            next = KeycloakServer.underCallersLock(KeycloakServer.privateCopy(source,
                    source.getParent().resolveSibling("upgrade").resolve(source.getFileName())), "keycloak-" + release);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = next;
        version = release;
        next.restart(options);
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            locked.close();
        }
    }
}

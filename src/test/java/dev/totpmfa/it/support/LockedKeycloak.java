package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the three ways of running a Keycloak for the tests share ({@link KeycloakServer}: the unpacked
 * distribution; {@link TestcontainersKeycloak}: the Docker image; {@link ComposeKeycloak}: docker/compose.yml): it
 * listens on 127.0.0.1 on two ports of its own, holds the machine's one-Keycloak lock while it runs, fails a start
 * by stopping whatever the start had begun, and is stopped when the test JVM exits.
 */
abstract class LockedKeycloak implements KeycloakTarget {

    static final String ADMIN_USER = "admin";

    /** A start's steps: whatever they throw stops the server before it reaches the test. */
    @FunctionalInterface
    interface StartSteps {
        void run() throws IOException, InterruptedException;
    }

    private final int httpPort;
    private final int managementPort;
    private ServerLock lock;
    private boolean shutdownHookAdded;

    LockedKeycloak(int httpPort, int managementPort) {
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** Stops the server itself (process, container, services); the lock is released after it, even if it failed. */
    abstract void stopServer();

    @Override
    public final synchronized void stop() {
        try {
            stopServer();
        } finally {
            releaseLock();
        }
    }

    /** Runs a start; a failure stops what it began (and releases the lock) before it is thrown on. */
    final void start(String what, StartSteps steps) {
        try {
            if (!shutdownHookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-it-stop"));
                shutdownHookAdded = true;
            }
            steps.run();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("Interrupted while starting " + what, e);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** Takes the machine's one-Keycloak lock unless this server holds it already (waits while another does). */
    final synchronized void holdMachineLock() throws IOException, InterruptedException {
        if (lock == null) {
            lock = ServerLock.acquire(ServerLock.DEFAULT_PATH);
        }
    }

    private void releaseLock() {
        if (lock != null) {
            lock.releaseQuietly();
            lock = null;
        }
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The management interface (health, metrics). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    final int httpPort() {
        return httpPort;
    }

    final int managementPort() {
        return managementPort;
    }

    @Override
    public String adminUser() {
        return ADMIN_USER;
    }
}

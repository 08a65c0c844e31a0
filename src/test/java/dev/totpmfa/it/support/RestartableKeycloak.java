package dev.totpmfa.it.support;

import java.util.List;

/**
 * A Keycloak that tests may restart with options of their own ({@link KeycloakServer}, {@link TestcontainersKeycloak}):
 * it remembers the options of the current run, so that the next class that wants the defaults gets them back.
 */
abstract class RestartableKeycloak extends LockedKeycloak {

    private List<String> runningExtraOptions = List.of();

    RestartableKeycloak(int httpPort, int managementPort) {
        super(httpPort, managementPort);
    }

    /** Whether the server (process, container) is running. */
    abstract boolean isRunning();

    /** Records the extra options of the run that has just started; {@code List.of()} once it has stopped. */
    final void runningWith(List<String> extraOptions) {
        runningExtraOptions = List.copyOf(extraOptions);
    }

    @Override
    public final synchronized void ensureStartedWithDefaults() {
        if (isRunning() && runningExtraOptions.isEmpty()) {
            return;
        }
        restart(List.of());
    }

    @Override
    public final boolean supportsRestart() {
        return true;
    }
}

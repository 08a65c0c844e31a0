package dev.totpmfa.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * {@code -Dit.target=testcontainers} (Maven profile {@code docker}): the ITs against the image that admins build,
 * {@code docker/Dockerfile} unchanged (its context holds only that file and our jar), started with
 * {@code start --optimized} on a fresh database of the machine's PostgreSQL (127.0.0.1:5432, trust), the database
 * the image is built for. The container runs on the host network, so it listens on free ports of 127.0.0.1 like
 * the unpacked distribution; it holds the machine's one-Keycloak lock while it runs.
 *
 * <p>{@link #restart(List)} replaces the container by one with more options (a test's own database, sealing keys),
 * holding the lock in between; the default database is kept for the next default start.
 *
 * <p>Without a reachable Docker engine the first test class fails with a message saying so: the profile that
 * runs these tests is only turned on where an engine is expected (DOCKER_HOST set, or -Pdocker).
 */
final class TestcontainersKeycloak extends RestartableKeycloak {

    private static final String IMAGE_NAME = "keycloak-totp-mfa-it";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("it.startTimeoutSeconds", 300));

    private final Path projectRoot = Path.of(System.getProperty("it.projectRoot", ".")).toAbsolutePath();
    private final Path jar = Path.of(required("extension.jar"));
    private final Path logFile = Path.of(System.getProperty("it.logDir", "target/it-logs"))
            .resolve("keycloak-container.log");
    private final StringBuffer log = new StringBuffer();

    private String image;
    private GenericContainer<?> container;
    private int currentRunStart;
    private Postgres.Database database;

    TestcontainersKeycloak() {
        super(FreePorts.any(), FreePorts.any());
    }

    @Override
    boolean isRunning() {
        return container != null && container.isRunning();
    }

    /**
     * A new container with the default options, where an extra option of the same name replaces the default (a
     * test's own {@code --db-url}, say). {@link KeycloakServer#PRODUCTION_MODE} first is accepted and ignored: the
     * image always runs {@code start --optimized}.
     */
    @Override
    public synchronized void restart(List<String> extraOptions) {
        requireDockerEngine();
        // The lock and the default database stay from the old container to the new one.
        stopContainer();
        // Testcontainers' own reaper (Ryuk) is an image from Docker Hub, so it is off: the shutdown hook cleans up.
        start("the Keycloak container", () -> {
            if (image == null) {
                image = buildImage();
            }
            holdMachineLock();
            if (database == null) {
                database = Postgres.createDatabase("totp_mfa_it_container");
            }
            Files.createDirectories(logFile.getParent());
            if (log.length() == 0) {
                Files.deleteIfExists(logFile);
            }
            List<String> command = command(extraOptions);
            System.out.println("[it] starting the Keycloak container: " + String.join(" ", command));
            currentRunStart = log.length();
            container = newContainer(image, command);
            runningWith(extraOptions);
            Instant begin = Instant.now();
            container.start();
            waitUntilReady(begin);
            System.out.printf("[it] Keycloak container %s ready on %s after %d s (log: %s)%n",
                    container.getContainerId().substring(0, 12), baseUrl(),
                    Duration.between(begin, Instant.now()).toSeconds(), logFile);
        });
    }

    private void waitUntilReady(Instant begin) throws InterruptedException {
        ReadyProbe.await(managementUrl(), begin.plus(START_TIMEOUT),
                () -> container.isRunning() ? null : "The Keycloak container stopped", "The Keycloak container",
                () -> String.join("\n", serverLogTail(60)));
    }

    private List<String> command(List<String> extraOptions) {
        List<String> command = new ArrayList<>(List.of("start", "--optimized",
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort(),
                "--http-management-port=" + managementPort(),
                "--db-url=" + database.jdbcUrl(),
                "--db-username=" + database.user(),
                // The same logging as the distribution target, for the "never logs a secret" test.
                "--log-level=INFO,dev.totpmfa:debug",
                "--spi-events-listener--jboss-logging--success-level=info"));
        for (String option : extraOptions) {
            if (option.equals(KeycloakServer.PRODUCTION_MODE) || option.equals("--db=postgres")) {
                continue; // what the image was built for
            }
            String name = option.split("=", 2)[0] + "=";
            command.removeIf(existing -> existing.startsWith(name));
            command.add(option);
        }
        return command;
    }

    private static void requireDockerEngine() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("-Dit.target=testcontainers needs a Docker engine, and none is reachable"
                    + " (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "). .ci/run starts Debian's dockerd and"
                    + " provides the base images (docker/local-images.sh); see docs/OPERATIONS.md, Docker.");
        }
    }

    /** docker/Dockerfile as it is, with a context of just the files it copies; every build step on the host network. */
    private String buildImage() {
        Path dockerfile = projectRoot.resolve("docker/Dockerfile");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Extension jar " + jar + " does not exist; run `mvn verify`");
        }
        Instant begin = Instant.now();
        // A lazy future: get() builds the image and returns its name.
        String name = new ImageFromDockerfile(IMAGE_NAME, false)
                .withFileFromPath("docker/Dockerfile", dockerfile)
                .withFileFromPath("target/" + jar.getFileName(), jar)
                .withDockerfilePath("docker/Dockerfile")
                .withBuildArg("KEYCLOAK_VERSION", KeycloakTargets.keycloakVersion())
                .withBuildImageCmdModifier(build -> build.withNetworkMode("host"))
                .get();
        System.out.printf("[it] built %s from %s in %d s%n", name, dockerfile,
                Duration.between(begin, Instant.now()).toSeconds());
        return name;
    }

    private GenericContainer<?> newContainer(String imageName, List<String> command) {
        return new GenericContainer<>(imageName)
                .withNetworkMode("host")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD)
                .withEnv("JAVA_OPTS_KC_HEAP", System.getProperty("it.keycloakHeap", "-Xms128m -Xmx1g"))
                .withCommand(command.toArray(String[]::new))
                .withLogConsumer(this::record)
                // Port-based waits need mapped ports, which the host network does not have.
                .waitingFor(Wait.forLogMessage(".*Keycloak .* started in .*\\n", 1)
                        .withStartupTimeout(START_TIMEOUT));
    }

    private void record(OutputFrame frame) {
        String text = frame.getUtf8String();
        log.append(text);
        try {
            Files.writeString(logFile, text, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The in-memory copy is what the tests read; the file is only for people.
        }
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the ITs with `mvn verify`");
        }
        return value;
    }

    private void stopContainer() {
        if (container != null) {
            try {
                container.stop();
            } finally {
                container = null;
                runningWith(List.of());
            }
        }
    }

    /** Removes the container and drops its database, each even when the one before failed (then the lock goes). */
    @Override
    void stopServer() {
        try {
            stopContainer();
        } finally {
            if (database != null) {
                try {
                    database.drop();
                } finally {
                    database = null;
                }
            }
        }
    }

    @Override
    public String adminPassword() {
        return KeycloakServer.ADMIN_PASSWORD;
    }

    @Override
    public String serverLog() {
        return log.toString();
    }

    @Override
    public synchronized String currentRunLog() {
        return log.substring(Math.min(currentRunStart, log.length()));
    }

    @Override
    public synchronized Optional<String> databaseDump() {
        return database == null ? Optional.empty() : Optional.of(database.dump());
    }
}

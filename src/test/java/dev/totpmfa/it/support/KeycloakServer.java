package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Keycloak distribution unpacked by Maven under {@code target/}, run as a child process of the test JVM with
 * {@code kc.sh start-dev}: one server per test JVM, shared by every IT class.
 *
 * <p>System properties: {@code keycloak.home}, {@code extension.jar}, {@code it.logDir} (set by Failsafe),
 * {@code it.httpPort} / {@code it.managementPort} (free ports by default), {@code it.javaHome} (JAVA_HOME for
 * Keycloak, default: inherited), {@code it.startTimeoutSeconds} (default 300), {@code it.freshDatabase}
 * (default true: the H2 files of earlier runs are deleted before the first start), {@code it.metrics} (default
 * true: {@code --metrics-enabled=true}), {@code it.extraProviders} (more jars for {@code providers/}).
 */
public final class KeycloakServer extends RestartableKeycloak {

    /** First option of {@link #restart}: start in production mode ({@code kc.sh start}). */
    public static final String PRODUCTION_MODE = "start";
    static final String ADMIN_PASSWORD = "admin-it-password";
    private static final String JAR_NAME = "keycloak-totp-mfa.jar";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** {@code -Dit.metrics=false} starts without Keycloak's metrics, to run the tests with them off. */
    private static final boolean METRICS = !"false".equals(System.getProperty("it.metrics"));

    private final Path home;
    private final Path extensionJar;
    private final Path logDir;
    private final Duration startTimeout;
    private final boolean freshDatabase;
    private final boolean takesMachineLock;
    /** Started by {@code setsid}: kc.sh leads a process group of its own, which {@link #kill} can end at once. */
    private final boolean ownProcessGroup;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Process process;
    private Path logFile;
    private int starts;

    private KeycloakServer(Path home, Path extensionJar, Path logDir, int httpPort, int managementPort,
                           Duration startTimeout, boolean freshDatabase) {
        this(home, extensionJar, logDir, httpPort, managementPort, startTimeout, freshDatabase, true);
    }

    private KeycloakServer(Path home, Path extensionJar, Path logDir, int httpPort, int managementPort,
                           Duration startTimeout, boolean freshDatabase, boolean takesMachineLock) {
        super(httpPort, managementPort);
        this.takesMachineLock = takesMachineLock;
        // The servers of a cluster or upgrade test: the ones a test may kill. The shared server keeps the old start.
        this.ownProcessGroup = !takesMachineLock;
        this.home = home;
        this.extensionJar = extensionJar;
        this.logDir = logDir;
        this.startTimeout = startTimeout;
        this.freshDatabase = freshDatabase;
    }

    static KeycloakServer fromSystemProperties() {
        return new KeycloakServer(
                Path.of(required("keycloak.home")),
                Path.of(required("extension.jar")),
                Path.of(System.getProperty("it.logDir", "target/it-logs")),
                portProperty("it.httpPort"),
                portProperty("it.managementPort"),
                Duration.ofSeconds(Long.getLong("it.startTimeoutSeconds", 300)),
                Boolean.parseBoolean(System.getProperty("it.freshDatabase", "true")));
    }

    /**
     * A server of a test that runs its own servers on PostgreSQL ({@link KeycloakCluster}, {@link KeycloakUpgrade}):
     * on {@code home} (a {@link #privateCopy} of a distribution), free ports, its log in {@code logName} under the log
     * directory, and no machine lock of its own, since the caller holds it for all its servers.
     */
    static KeycloakServer underCallersLock(Path home, String logName) {
        return new KeycloakServer(home, Path.of(required("extension.jar")),
                Path.of(System.getProperty("it.logDir", "target/it-logs")).resolve(logName),
                FreePorts.any(), FreePorts.any(), Duration.ofSeconds(Long.getLong("it.startTimeoutSeconds", 300)),
                false, false);
    }

    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the ITs with `mvn verify`");
        }
        return value;
    }

    private static int portProperty(String name) {
        Integer configured = Integer.getInteger(name);
        return configured != null ? configured : FreePorts.any();
    }

    @Override
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void restart(List<String> extraOptions) {
        // The lock stays held from the old process to the new one: nobody else starts a Keycloak in between.
        stopProcess();
        start(extraOptions);
    }

    private void start(List<String> extraOptions) {
        start("Keycloak", () -> {
            if (takesMachineLock) {
                holdMachineLock();
            }
            if (starts == 0 && freshDatabase) {
                deleteRecursively(home.resolve("data"));
            }
            installJar();
            Files.createDirectories(logDir);
            starts++;
            logFile = logDir.resolve("keycloak-" + starts + ".log");
            Files.deleteIfExists(logFile);
            List<String> command = command(extraOptions);
            System.out.println(
                    "[it] starting Keycloak: " + String.join(" ", redacted(command)) + " (log: " + logFile + ")");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            environment(builder.environment());
            Instant begin = Instant.now();
            process = builder.start();
            runningWith(extraOptions);
            waitUntilReady();
            System.out.printf("[it] Keycloak ready on %s after %d s%n", baseUrl(),
                    Duration.between(begin, Instant.now()).toSeconds());
        });
    }

    /**
     * {@code kc.sh start-dev} with our options; {@link #PRODUCTION_MODE} as the first extra option starts
     * {@code kc.sh start} (production mode, plain HTTP on 127.0.0.1) instead.
     */
    private List<String> command(List<String> extraOptions) {
        boolean production = !extraOptions.isEmpty() && PRODUCTION_MODE.equals(extraOptions.get(0));
        List<String> command = new ArrayList<>();
        if (ownProcessGroup) {
            // Not a group leader (Java starts it in the test JVM's group), setsid execs kc.sh in place: the pid Java
            // knows is the group's id.
            command.add("setsid");
        }
        command.addAll(List.of(
                home.resolve("bin/kc.sh").toString(), production ? "start" : "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort(),
                "--http-management-port=" + managementPort(),
                "--health-enabled=true",
                // Our package at DEBUG, so the "never logs a secret" test also covers debug logging.
                "--log-level=INFO,dev.totpmfa:debug",
                // Success events in the log too, so the log check also sees what events would leak.
                "--spi-events-listener--jboss-logging--success-level=info"));
        if (METRICS) {
            // Keycloak's Micrometer registry on the management port's /metrics, where MetricsIT reads ours.
            command.add("--metrics-enabled=true");
        }
        if (production) {
            command.addAll(List.of("--http-enabled=true", "--hostname-strict=false"));
        }
        List<String> extra = production ? extraOptions.subList(1, extraOptions.size()) : extraOptions;
        // An extra option replaces the default of the same name (e.g. the load benchmark's --log-level=INFO).
        command.removeIf(option -> option.startsWith("--") && extra.stream()
                .anyMatch(given -> optionName(given).equals(optionName(option))));
        command.addAll(extra);
        return command;
    }

    private static String optionName(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }

    /** Sealing keys are secrets too: they never go to the test output. */
    private static List<String> redacted(List<String> command) {
        return command.stream().map(arg -> arg.contains("sealing-keys=") ? arg.replaceAll("=.*", "=<redacted>") : arg)
                .toList();
    }

    private void environment(Map<String, String> env) {
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", System.getProperty("it.keycloakHeap", "-Xms128m -Xmx1g"));
        String javaHome = System.getProperty("it.javaHome");
        if (javaHome != null && !javaHome.isBlank()) {
            env.put("JAVA_HOME", javaHome);
        }
        // Options of the developer's shell must not change what the tests run against.
        env.keySet().removeIf(name -> name.startsWith("KC_") && !name.startsWith("KC_BOOTSTRAP_ADMIN_"));
    }

    /**
     * Copies our jar, and the jars of {@code it.extraProviders} (comma-separated paths, e.g. the test-only user
     * storage provider), each only when its bytes changed: an unchanged providers/ directory skips Quarkus
     * re-augmentation.
     */
    private void installJar() throws IOException {
        install(extensionJar, JAR_NAME);
        for (String extra : System.getProperty("it.extraProviders", "").split(",")) {
            if (!extra.isBlank()) {
                Path jar = Path.of(extra.trim());
                install(jar, jar.getFileName().toString());
            }
        }
    }

    private void install(Path jar, String name) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Provider jar " + jar + " does not exist; run `mvn verify`");
        }
        Path installed = home.resolve("providers").resolve(name);
        if (Files.exists(installed) && Files.mismatch(installed, jar) == -1) {
            return;
        }
        Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[it] installed " + jar + " as " + installed + " (Keycloak will re-augment)");
    }

    private void waitUntilReady() throws InterruptedException {
        ReadyProbe.await(managementUrl(), Instant.now().plus(startTimeout),
                () -> process.isAlive() ? null : "Keycloak exited with " + process.exitValue(),
                "Keycloak (log " + logFile + ")", () -> String.join("\n", serverLogTail(60)));
    }

    /** Stops Keycloak and everything it started (kc.sh runs the JVM as its child), by process handle. */
    @Override
    void stopServer() {
        stopProcess();
    }

    /**
     * Ends the server as a crash or the kernel's OOM killer would: SIGKILL to its process group (kc.sh's JVM, which
     * 26.7.3 runs in kc.sh's own process, and any child either started), so no shutdown hook runs, no cache entry is handed over and no connection is closed
     * politely. Only this server's group, found by the pid of the process this object started; the machine lock
     * stays held and {@link #restart} starts the server again on the same ports. Returns once every process of the
     * group has exited.
     */
    public synchronized void kill() {
        if (!ownProcessGroup) {
            throw new IllegalStateException("Only a server started in a process group of its own can be killed");
        }
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("Keycloak on " + baseUrl() + " is not running");
        }
        long group = process.pid();
        long actualGroup = processGroupOf(group);
        if (actualGroup != group) {
            throw new IllegalStateException("kc.sh (pid " + group + ") is in process group " + actualGroup
                    + ", not in one of its own: refusing to signal a group this server did not start");
        }
        List<ProcessHandle> members = new ArrayList<>(process.toHandle().descendants().toList());
        members.add(process.toHandle());
        runQuietly("kill", "-KILL", "--", "-" + group);
        for (ProcessHandle member : members) {
            try {
                member.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Process " + member.pid() + " survived SIGKILL to group " + group, e);
            }
        }
        System.out.printf("[it] killed Keycloak on %s (SIGKILL to process group %d, %d processes)%n", baseUrl(),
                group, members.size());
    }

    /** The fifth field of {@code /proc/<pid>/stat}, counted after the command name, which may hold spaces. */
    private static long processGroupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(afterName[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runQuietly(String... command) {
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stopProcess() {
        if (process != null) {
            stopTree(process.toHandle());
            process = null;
            runningWith(List.of());
        }
    }

    private static void stopTree(ProcessHandle root) {
        // Collected before anything dies: once the parent is gone its children are re-parented and lost to us.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            try {
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception stillAlive) {
                // handled below
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                System.err.println("[it] process " + handle.pid() + " ignored SIGTERM; killing it");
                handle.destroyForcibly();
            }
        }
    }

    /**
     * A fresh copy of the distribution at {@code source} (without its {@code data/}) at {@code target}, replacing an
     * earlier one: a server in dev mode re-augments into its own {@code lib/} when its build options (such as
     * {@code --db}) differ, which must not touch the distribution the shared server runs on.
     */
    static Path privateCopy(Path source, Path target) throws IOException {
        deleteRecursively(target);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else if (!path.startsWith(source.resolve("data"))) {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public Optional<String> metricsUrl() {
        return METRICS ? Optional.of(managementUrl() + "/metrics") : Optional.empty();
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    public synchronized String serverLog() {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            all.append(read(logDir.resolve("keycloak-" + i + ".log")));
        }
        return all.toString();
    }

    @Override
    public synchronized String currentRunLog() {
        return logFile == null ? "" : read(logFile);
    }

    @Override
    public synchronized List<String> serverLogTail(int lines) {
        List<String> current = logFile == null ? List.of() : read(logFile).lines().toList();
        return current.subList(Math.max(0, current.size() - lines), current.size());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Path> h2Directory() {
        return Optional.of(home.resolve("data/h2"));
    }
}

package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own: Debian's binaries ({@code /usr/lib/postgresql/<newest>/bin}, or
 * {@code -Dit.postgresBin=}), a fresh cluster in a temporary directory, trust authentication, on a free port of
 * 127.0.0.1. A test may stop it the hard way ({@code pg_ctl -m immediate}: every backend killed, no checkpoint, as
 * when the database host fails) and start it again (crash recovery), which the machine's server must never undergo.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root, and CI runs as root: there every command runs as the
 * user {@code postgres} ({@code runuser}), who then owns the directory.
 */
public final class OwnPostgres implements AutoCloseable {

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String SERVICE_USER = "postgres";

    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private boolean running;

    private OwnPostgres(Path bin, Path home, int port) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
    }

    /** Creates the cluster and starts it. */
    public static OwnPostgres start() {
        Path home;
        try {
            home = Files.createTempDirectory("totp-mfa-it-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OwnPostgres postgres = new OwnPostgres(binaries(), home, FreePorts.any());
        try {
            if (isRoot()) {
                Postgres.run("chown", SERVICE_USER + ":", home.toString());
            }
            postgres.pg("initdb", "-D", postgres.data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-sync");
            postgres.startAgain();
            return postgres;
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database named {@code prefix_<random>}. */
    public Postgres.Database createDatabase(String prefix) {
        return Postgres.createDatabase(port, prefix);
    }

    /**
     * {@code pg_ctl stop -m immediate}: the server and every connection end at once, nothing is flushed; what was not
     * committed is gone. Returns once the server has exited.
     */
    public void stopImmediately() {
        pg("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        running = false;
    }

    /** Starts the stopped server (after an immediate stop: crash recovery first); returns once it accepts logins. */
    public void startAgain() {
        // fsync off: the server is stopped, never the machine, so the operating system keeps every write either way.
        pg("pg_ctl", "-D", data.toString(), "-l", home.resolve("postgres.log").toString(), "-w", "-t", "120",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + home
                        + " -c fsync=off",
                "start");
        running = true;
    }

    /** Stops the server (if it runs), keeps its log in the test logs and deletes the cluster. */
    @Override
    public void close() {
        try {
            if (running) {
                pg("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
                running = false;
            }
        } finally {
            keepLog();
            deleteRecursively(home);
        }
    }

    private void keepLog() {
        Path log = home.resolve("postgres.log");
        Path logDir = Path.of(System.getProperty("it.logDir", "target/it-logs"));
        try {
            if (Files.exists(log)) {
                Files.createDirectories(logDir);
                Files.copy(log, logDir.resolve("postgres-" + port + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[it] could not keep " + log + ": " + e);
        }
    }

    /** Runs one of the server's programs, as {@code postgres} when this JVM is root. */
    private String pg(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        return Postgres.run(command.toArray(String[]::new));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest PostgreSQL that Debian installed, unless {@code it.postgresBin} names one. */
    private static Path binaries() {
        String configured = System.getProperty("it.postgresBin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
            return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + DEBIAN_VERSIONS));
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL's server binaries (Debian: postgresql) are needed", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            System.err.println("[it] could not delete " + dir + ": " + e);
        }
    }
}

package dev.totpmfa.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust authentication, as on every machine of this project and in CI),
 * or one a test runs itself ({@link OwnPostgres}, on another port), driven with {@code psql}, so the tests need no
 * JDBC driver of their own.
 */
public final class Postgres {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "postgres";
    private static final int MACHINE_PORT = 5432;

    private Postgres() {
    }

    /** A new, empty database named {@code prefix_<random>} on the machine's server. */
    public static Database createDatabase(String prefix) {
        return createDatabase(MACHINE_PORT, prefix);
    }

    /** The same on the server listening on {@code port} of 127.0.0.1. */
    static Database createDatabase(int port, String prefix) {
        String name = prefix + "_" + TestRealm.randomHex(4);
        psql(port, "postgres", "CREATE DATABASE " + name);
        return new Database(port, name);
    }

    /** A transaction kept open in a {@code psql} process until {@link #close()} commits it. */
    public static final class HeldTransaction implements AutoCloseable {

        private static final String READY = "totp-mfa-it-transaction-open";
        private final Process process;

        private HeldTransaction(Process process) {
            this.process = process;
        }

        static HeldTransaction open(int port, String database, String sql) {
            try {
                Process process = new ProcessBuilder("psql", "-h", HOST, "-p", Integer.toString(port), "-U", USER,
                        "-d", database,
                        "-v", "ON_ERROR_STOP=1", "-tA").redirectErrorStream(true).start();
                HeldTransaction held = new HeldTransaction(process);
                process.getOutputStream().write(("BEGIN;\n" + sql + ";\n\\echo " + READY + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
                StringBuilder output = new StringBuilder();
                BufferedReader lines = process.inputReader(StandardCharsets.UTF_8);
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals(READY)) {
                        return held;
                    }
                    output.append(line).append('\n');
                }
                throw new IllegalStateException("psql ended before the transaction was open: " + output);
            } catch (IOException e) {
                throw new UncheckedIOException("psql (PostgreSQL client) is needed by these tests", e);
            }
        }

        /** Commits and ends the {@code psql}. */
        @Override
        public void close() {
            try {
                process.getOutputStream().write("COMMIT;\n\\q\n".getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static String psql(int port, String database, String sql) {
        return run("psql", "-h", HOST, "-p", Integer.toString(port), "-U", USER, "-d", database, "-v",
                "ON_ERROR_STOP=1", "-tA", "-c", sql).strip();
    }

    /** Runs a PostgreSQL program; its standard output, or a failure with everything it printed. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output
                        + "\nThese tests need PostgreSQL (the machine's on 127.0.0.1:5432) with trust authentication.");
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(command[0] + " (PostgreSQL client) is needed by these tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One database of the test run, on the server listening on {@code port}; dropped when the run ends. */
    public record Database(int port, String name) {

        String jdbcUrl() {
            return "jdbc:postgresql://" + HOST + ":" + port + "/" + name;
        }

        String user() {
            return USER;
        }

        /** Keycloak's options for this database (a build option: start-dev re-augments when it changes). */
        public List<String> serverOptions() {
            return List.of("--db=postgres", "--db-url=" + jdbcUrl(), "--db-username=" + user(),
                    "--db-password=unused-trust-auth");
        }

        /** One SQL statement; its result unaligned, tuples only (one value: just that value). */
        public String query(String sql) {
            return psql(port, name, sql);
        }

        /** Every row of every table, as {@code pg_dump --data-only} writes them. */
        String dump() {
            return run("pg_dump", "-h", HOST, "-p", Integer.toString(port), "-U", USER, "--data-only", "--no-owner",
                    name);
        }

        /**
         * Opens a transaction in a {@code psql} of its own, runs {@code sql} in it (a {@code SELECT … FOR UPDATE},
         * say) and keeps it open, with its locks, until the returned handle is closed (which commits).
         */
        public HeldTransaction holdTransaction(String sql) {
            return HeldTransaction.open(port, name, sql);
        }

        public void drop() {
            psql(port, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

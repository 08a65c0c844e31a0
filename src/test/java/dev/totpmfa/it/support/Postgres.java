package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust authentication, as on every machine of this project and in CI),
 * driven with {@code psql}, so the tests need no JDBC driver of their own.
 */
final class Postgres {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "postgres";

    private Postgres() {
    }

    /** A new, empty database named {@code prefix_<random>}. */
    static Database createDatabase(String prefix) {
        String name = prefix + "_" + TestRealm.randomHex(4);
        psql("CREATE DATABASE " + name);
        return new Database(name);
    }

    private static void psql(String sql) {
        try {
            Process process = new ProcessBuilder("psql", "-h", HOST, "-U", USER, "-d", "postgres", "-v",
                    "ON_ERROR_STOP=1", "-c", sql).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("psql failed for `" + sql + "`: " + output
                        + "\nThe cluster test needs PostgreSQL on 127.0.0.1:5432 with trust authentication.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("psql is needed for the cluster test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One database of the test run; dropped when the run ends. */
    record Database(String name) {

        String jdbcUrl() {
            return "jdbc:postgresql://" + HOST + ":5432/" + name;
        }

        String user() {
            return USER;
        }

        void drop() {
            psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

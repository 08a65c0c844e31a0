package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two Keycloak 26.7.3 nodes on 127.0.0.1 that form a real cluster: one PostgreSQL database (a fresh one per run on
 * the machine's server at 127.0.0.1:5432), Infinispan caches with the default {@code jdbc-ping} discovery, each node
 * with its own copy of the distribution and its own ports. Holds the machine's one-Keycloak lock for both nodes.
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final Pattern TWO_MEMBERS =
            Pattern.compile("ISPN100010: Finished rebalance with members \\[[^,\\]]+, [^\\]]+]");
    private static final Duration VIEW_TIMEOUT = Duration.ofMinutes(2);

    private final ServerLock lock;
    private final Postgres.Database database;
    private final List<KeycloakServer> nodes = new ArrayList<>();

    private KeycloakCluster(ServerLock lock, Postgres.Database database) {
        this.lock = lock;
        this.database = database;
    }

    /**
     * Starts node 1 (which creates the schema and the admin user), then node 2, and waits until they see each
     * other.
     */
    public static KeycloakCluster start() {
        ServerLock lock = null;
        Postgres.Database database = null;
        try {
            lock = ServerLock.acquire(ServerLock.DEFAULT_PATH);
            database = Postgres.createDatabase("totp_mfa_it_cluster");
            KeycloakCluster cluster = new KeycloakCluster(lock, database);
            try {
                cluster.startNode(1);
                cluster.startNode(2);
                cluster.awaitTwoMemberView();
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(lock, database);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(lock, database);
            throw new IllegalStateException(e);
        }
    }

    public KeycloakTarget node(int number) {
        return nodes.get(number - 1);
    }

    private void startNode(int number) throws IOException {
        KeycloakServer node = KeycloakServer.clusterNode(copyOfDistribution(number), "cluster-node-" + number);
        nodes.add(node);
        node.restart(List.of(
                "--db=postgres",
                "--db-url=" + database.jdbcUrl(),
                "--db-username=" + database.user(),
                "--db-password=unused-trust-auth",
                "--cache=ispn",
                "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + KeycloakServer.freePort()));
    }

    private void awaitTwoMemberView() throws InterruptedException {
        Instant deadline = Instant.now().plus(VIEW_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().allMatch(node -> TWO_MEMBERS.matcher(node.serverLog()).find())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The two nodes did not form a cluster within " + VIEW_TIMEOUT
                + "; node 2 log tail:\n" + String.join("\n", nodes.get(1).serverLogTail(80)));
    }

    /** A private copy per node: a node in dev mode re-augments into its own lib/ at start. */
    private static Path copyOfDistribution(int number) throws IOException {
        Path source = Path.of(System.getProperty("keycloak.home"));
        Path target = source.getParent().resolveSibling("cluster").resolve("node-" + number)
                .resolve(source.getFileName());
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
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::stop);
        closeQuietly(lock, database);
    }

    private static void closeQuietly(ServerLock lock, Postgres.Database database) {
        if (database != null) {
            database.drop();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                System.err.println("[it] could not release " + ServerLock.DEFAULT_PATH + ": " + e);
            }
        }
    }
}

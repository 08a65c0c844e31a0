package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Two Keycloak nodes (keycloak.version) on 127.0.0.1 that form a real cluster: one PostgreSQL database (a fresh one per run on
 * the machine's server at 127.0.0.1:5432), Infinispan caches with the default {@code jdbc-ping} discovery, each node
 * with its own copy of the distribution and its own ports. Holds the machine's one-Keycloak lock for both nodes.
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final Pattern TWO_MEMBERS =
            Pattern.compile("ISPN100010: Finished rebalance with members \\[[^,\\]]+, [^\\]]+]");
    private static final Duration VIEW_TIMEOUT = Duration.ofMinutes(2);

    private final LockedDatabase locked;
    private final List<KeycloakServer> nodes = new ArrayList<>();
    private final List<List<String>> nodeOptions = new ArrayList<>();

    private KeycloakCluster(LockedDatabase locked) {
        this.locked = locked;
    }

    /**
     * Starts node 1 (which creates the schema and the admin user), then node 2, and waits until they see each
     * other.
     */
    public static KeycloakCluster start() {
        KeycloakCluster cluster = new KeycloakCluster(LockedDatabase.acquire("totp_mfa_it_cluster"));
        try {
            cluster.startNode(1);
            cluster.startNode(2);
            cluster.awaitTwoMemberView(node -> TWO_MEMBERS.matcher(node.serverLog()).find());
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The cluster's database, for a test that must reach into it (holding a row lock, say). */
    public Postgres.Database database() {
        return locked.database();
    }

    public KeycloakTarget node(int number) {
        return nodes.get(number - 1);
    }

    /**
     * Stops node {@code number} (or, after {@link #killNode}, what is left of it) and starts it again with the options it had (same ports, same database), while the
     * other node keeps running; returns once it has rejoined the cluster.
     */
    public void restartNode(int number) {
        KeycloakServer node = nodes.get(number - 1);
        node.restart(nodeOptions.get(number - 1));
        try {
            awaitTwoMemberView(running -> running != node || TWO_MEMBERS.matcher(node.currentRunLog()).find());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills node {@code number} with SIGKILL (its process group only: see {@link KeycloakServer#kill}) while the other
     * keeps running; {@link #restartNode} starts it again.
     */
    public void killNode(int number) {
        nodes.get(number - 1).kill();
    }

    private void startNode(int number) throws IOException {
        Path source = Path.of(System.getProperty("keycloak.home"));
        Path copy =
                source.getParent().resolveSibling("cluster").resolve("node-" + number).resolve(source.getFileName());
        KeycloakServer node = KeycloakServer.underCallersLock(KeycloakServer.privateCopy(source, copy),
                "cluster-node-" + number);
        nodes.add(node);
        List<String> options = new ArrayList<>(locked.database().serverOptions());
        options.addAll(List.of(
                "--cache=ispn",
                "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + FreePorts.any()));
        nodeOptions.add(List.copyOf(options));
        node.restart(options);
    }

    /** Until every node's log (as {@code sawTwoMembers} reads it) shows a view of two members. */
    private void awaitTwoMemberView(Predicate<KeycloakServer> sawTwoMembers) throws InterruptedException {
        Instant deadline = Instant.now().plus(VIEW_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().allMatch(sawTwoMembers)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The two nodes did not form a cluster within " + VIEW_TIMEOUT
                + "; node 2 log tail:\n" + String.join("\n", nodes.get(1).serverLogTail(80)));
    }

    @Override
    public void close() {
        try {
            nodes.forEach(KeycloakServer::stop);
        } finally {
            locked.close();
        }
    }
}

package dev.totpmfa.it.support;

/**
 * What a test that runs Keycloak servers of its own on PostgreSQL holds for its whole run: the machine's
 * one-Keycloak lock (so nobody else starts a server between two of ours) and a fresh database on the machine's
 * PostgreSQL. Closing drops the database, then releases the lock.
 */
final class LockedDatabase implements AutoCloseable {

    private final ServerLock lock;
    private final Postgres.Database database;

    private LockedDatabase(ServerLock lock, Postgres.Database database) {
        this.lock = lock;
        this.database = database;
    }

    /** Waits for the machine lock, then creates a database named {@code prefix_<random>}. */
    static LockedDatabase acquire(String prefix) {
        ServerLock lock = ServerLock.acquireMachineLock();
        try {
            return new LockedDatabase(lock, Postgres.createDatabase(prefix));
        } catch (RuntimeException e) {
            lock.releaseQuietly();
            throw e;
        }
    }

    Postgres.Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            database.drop();
        } finally {
            lock.releaseQuietly();
        }
    }

}

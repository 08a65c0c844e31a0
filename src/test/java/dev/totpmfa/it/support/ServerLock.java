package dev.totpmfa.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The machine-wide "one Keycloak at a time" lock, held from before a server starts until after it stopped.
 *
 * <p>Two kinds of lock guard the same file, because on Linux they do not see each other: the
 * {@link FileChannel#lock() java.nio lock} (POSIX {@code fcntl}) that other test JVMs take, and a
 * {@code flock(2)} lock that people take with {@code flock /tmp/keycloak-totp-mfa-it.lock <cmd>}. The latter is
 * held by a tiny {@code flock ... cat} child whose standard input we keep open; closing it (or this JVM dying)
 * releases the lock.
 */
final class ServerLock implements AutoCloseable {

    static final Path DEFAULT_PATH = Path.of("/tmp/keycloak-totp-mfa-it.lock");
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final FileChannel channel;
    private final FileLock fileLock;
    private final Process flockHolder;

    private ServerLock(FileChannel channel, FileLock fileLock, Process flockHolder) {
        this.channel = channel;
        this.fileLock = fileLock;
        this.flockHolder = flockHolder;
    }

    /**
     * The machine's one-Keycloak lock, for callers that cannot go on without it: a failure to take it ends the test
     * (the interrupt flag kept).
     */
    static ServerLock acquireMachineLock() {
        try {
            return acquire(DEFAULT_PATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Releases the lock; a failure is only reported, as the lock dies with this JVM anyway. */
    void releaseQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("[it] could not release " + DEFAULT_PATH + ": " + e);
        }
    }

    static ServerLock acquire(Path path) throws IOException, InterruptedException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = waitForFileLock(channel, path);
            Process holder = holdFlock(path);
            return new ServerLock(channel, lock, holder);
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock waitForFileLock(FileChannel channel, Path path) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT_LIMIT);
        boolean announced = false;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (!announced) {
                System.out.println("[it] waiting for " + path + " (another Keycloak runs on this machine)");
                announced = true;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("Gave up waiting " + WAIT_LIMIT + " for " + path);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Returns null when the flock(1) tool is missing; the java.nio lock still protects us from other test JVMs. */
    private static Process holdFlock(Path path) throws IOException {
        Path flock = Path.of("/usr/bin/flock");
        if (!Files.isExecutable(flock)) {
            System.out.println("[it] /usr/bin/flock not found; holding only the java.nio lock on " + path);
            return null;
        }
        Process holder = new ProcessBuilder(flock.toString(), "-x", path.toString(),
                "sh", "-c", "echo locked; exec cat >/dev/null")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        System.out.println("[it] taking the flock(2) lock on " + path + " (waits while someone holds it)");
        String line = out.readLine();
        if (!"locked".equals(line)) {
            holder.destroyForcibly();
            throw new IOException("flock on " + path + " failed: " + line);
        }
        return holder;
    }

    @Override
    public void close() throws IOException {
        try {
            if (flockHolder != null) {
                flockHolder.getOutputStream().close();
                try {
                    if (!flockHolder.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        flockHolder.descendants().forEach(ProcessHandle::destroyForcibly);
                        flockHolder.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    flockHolder.destroyForcibly();
                }
            }
        } finally {
            try {
                fileLock.release();
            } finally {
                channel.close();
            }
        }
    }
}

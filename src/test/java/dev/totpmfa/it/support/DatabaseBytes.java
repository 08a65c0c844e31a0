package dev.totpmfa.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The bytes a server stored, for tests that prove a secret is not among them: read only once they hold a marker
 * of the row in question (its id or label), so that the secret's absence means something.
 */
public final class DatabaseBytes {

    private DatabaseBytes() {
    }

    /** Every regular file of an H2 database directory, one after another. */
    public static byte[] h2Files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(file));
            }
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The contents, read again every second until they hold {@code marker} (written by a transaction that may commit
     * a moment after the answer); fails, naming {@code what}, when they do not within {@code wait}.
     */
    public static byte[] onceTheyHold(String what, Supplier<byte[]> contents, String marker, Duration wait) {
        byte[] wanted = marker.getBytes(StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            byte[] all = contents.get();
            if (SecretForms.indexOf(all, wanted) >= 0) {
                return all;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " do not contain '" + marker + "' after " + wait
                        + "; cannot tell whether the secret is there");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

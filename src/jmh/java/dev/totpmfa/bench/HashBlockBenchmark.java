package dev.totpmfa.bench;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor under any HMAC-based verify: one hash block, through the JDK's MessageDigest. A ±1 window
 * needs at least 8 of them (2 for the key pads, 2 per step), so this bounds what any implementation can
 * reach on the machine, whatever it does around the hashing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HashBlockBenchmark {

    @Param({"SHA-1", "SHA-256", "SHA-512"})
    public String digest;

    private final byte[] message = new byte[8];
    private MessageDigest md;
    private byte[] out;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        md = MessageDigest.getInstance(digest);
        out = new byte[md.getDigestLength()];
    }

    @Benchmark
    public byte[] oneBlock() throws DigestException {
        md.update(message);
        md.digest(out, 0, out.length);
        return out;
    }
}

package dev.totpmfa.bench;

import dev.totpmfa.otp.RecoveryCodeGenerator;
import dev.totpmfa.otp.RecoveryCodeHasher;
import dev.totpmfa.otp.RecoveryCodes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Checking a typed recovery code against a stored set of 10: one HMAC plus 10 constant-time compares. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecoveryCodeBenchmark {

    private RecoveryCodeHasher hasher;
    private byte[] salt;
    private List<byte[]> stored;
    private String typed;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] serverKey = new byte[32];
        random.nextBytes(serverKey);
        hasher = new RecoveryCodeHasher(serverKey);
        salt = RecoveryCodeHasher.newSalt(random);
        List<String> codes = new RecoveryCodeGenerator(random).generate(10);
        stored = new ArrayList<>();
        codes.forEach(code -> stored.add(hasher.hash(salt, RecoveryCodes.canonicalize(code).orElseThrow())));
        // As a person would type it from paper: lower case, space instead of hyphen; the last of the set.
        typed = codes.get(9).toLowerCase().replace('-', ' ');
    }

    @Benchmark
    public OptionalInt findMatchInSetOf10() {
        return hasher.findMatch(salt, stored, typed);
    }
}

package dev.totpmfa.bench;

import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.otp.SecretGenerator;
import dev.totpmfa.qr.QrCodeRenderer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The QR code of a typical enrolment URI, as the setup page renders it once per visit. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QrCodeBenchmark {

    private final QrCodeRenderer renderer = new QrCodeRenderer();
    private String uri;

    @Setup(Level.Trial)
    public void setUp() {
        uri = new OtpAuthUri("Example Corp", "alice@example.com",
                Base32.encode(SecretGenerator.withDefaultSize().generate()), OtpParameters.DEFAULT).toUri();
    }

    @Benchmark
    public String renderDataUri() {
        return renderer.renderDataUri(uri);
    }
}

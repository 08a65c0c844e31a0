package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks our codes against OATH Toolkit's {@code oathtool}, an implementation written independently of
 * both ours and Keycloak's. CI installs it ({@code .ci/run}) and sets {@code CI}, so there a missing
 * oathtool fails the build rather than silently skipping the check.
 */
class OathtoolCrossCheckTest {

    private static final int CASES = 200;

    @Test
    void producesTheSameCodesAsOathtool() throws Exception {
        Path oathtool = findOathtool();
        Random random = new Random(4226);
        for (int i = 0; i < CASES; i++) {
            byte[] secret = new byte[10 + random.nextInt(55)];
            random.nextBytes(secret);
            OtpParameters parameters = new OtpParameters(HmacAlgorithm.values()[random.nextInt(3)],
                    6 + random.nextInt(3), 15 + random.nextInt(286));
            long epochSeconds = (long) (random.nextDouble() * 4_000_000_000L);
            List<String> command = List.of(oathtool.toString(),
                    "--totp=" + parameters.algorithm().uriName(),
                    "--digits=" + parameters.digits(),
                    "--time-step-size=" + parameters.periodSeconds() + "s",
                    "--now=@" + epochSeconds,
                    HexFormat.of().formatHex(secret));

            String ours = new Totp(parameters, Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC))
                    .currentCode(secret);

            assertThat(run(command)).as(String.join(" ", command)).isEqualTo(ours);
        }
    }

    private static Path findOathtool() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "oathtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = "oathtool is not on the PATH (Debian/Ubuntu: apt-get install oathtool)";
            if (System.getenv("CI") != null) {
                fail(message + "; CI is set, so this cross-check may not be skipped");
            }
            Assumptions.assumeTrue(false, message + "; skipping the oathtool cross-check");
        }
        return found.get();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail("oathtool failed: " + output);
        }
        return output;
    }
}

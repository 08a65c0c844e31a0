package dev.totpmfa.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MetricsIT compares counters by their labels, so the scrape must read labels in any order and undo escapes. */
class PrometheusTextTest {

    @Test
    void readsLabelsInAnyOrderWithEscapesAndSkipsComments() {
        String text = """
                # HELP totp_mfa_code_checks_total Second-factor codes checked
                # TYPE totp_mfa_code_checks_total counter
                totp_mfa_code_checks_total{outcome="accepted",realm="a \\"b\\", c\\\\d",factor="totp",} 3.0
                jvm_threads_live_threads 42 1700000000000
                some_histogram_bucket{le="+Inf"} +Inf
                """;

        assertThat(PrometheusText.parse(text)).containsExactly(
                new PrometheusText.Sample("totp_mfa_code_checks_total",
                        Map.of("factor", "totp", "outcome", "accepted", "realm", "a \"b\", c\\d"), 3.0),
                new PrometheusText.Sample("jvm_threads_live_threads", Map.of(), 42.0),
                new PrometheusText.Sample("some_histogram_bucket", Map.of("le", "+Inf"), Double.POSITIVE_INFINITY));
    }
}

package dev.totpmfa.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PermissionScanTest {

    /** A walk over 100 users of whom the even ones are visible, as FactorStates walks them. */
    private static List<String> walk(PermissionScan scan) {
        return IntStream.range(0, 100).mapToObj(i -> "u" + i).filter(scan).toList();
    }

    @Test
    void stopsAtTheLimitAndKeepsWhatItFound() {
        PermissionScan scan = new PermissionScan(id -> Integer.parseInt(id.substring(1)) % 2 == 0, 10);

        assertThatThrownBy(() -> walk(scan)).isInstanceOf(PermissionScan.Stopped.class);
        assertThat(scan.tested()).isEqualTo(10);
        assertThat(scan.page(new Paging(1, 3))).containsExactly("u2", "u4", "u6");
        assertThat(scan.page(new Paging(4, 3))).containsExactly("u8");
        assertThat(scan.page(new Paging(999_999_999, 3))).isEmpty();
    }

    @Test
    void aWalkWithinTheLimitIsNotStopped() {
        PermissionScan scan = new PermissionScan(id -> true, 100);

        assertThat(walk(scan)).hasSize(100);
        assertThat(scan.tested()).isEqualTo(100);
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new PermissionScan(id -> true, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.totpmfa.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesPageBeanTest {

    private final RecoveryCodesPageBean bean = new RecoveryCodesPageBean(List.of("ABCDE-FGHJK", "MNPQR-STVWX"),
            "acme & co", "alice@example.com", LocalDate.of(2026, 11, 28), null, null);

    @Test
    void theFileNamesRealmAccountDateAndHoldsExactlyTheCodes() {
        assertThat(bean.getFileText()).isEqualTo("Recovery codes\nRealm: acme & co\nAccount: alice@example.com\n"
                + "Date: 2026-11-28\n\nABCDE-FGHJK\nMNPQR-STVWX\n");
        assertThat(bean.getFileName()).isEqualTo("recovery-codes.txt");
    }

    @Test
    void theDownloadLinkCarriesTheFileWithoutJavaScript() {
        String href = bean.getDownloadHref();

        assertThat(href).startsWith("data:text/plain;charset=utf-8,").doesNotContain("+", " ", "&");
        assertThat(URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8))
                .isEqualTo(bean.getFileText());
    }
}

package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCodesTest {

    @ParameterizedTest
    @CsvSource(value = {
            "ABCDE-FGHJK, ABCDEFGHJK",
            "abcde-fghjk, ABCDEFGHJK",
            "ABCDEFGHJK, ABCDEFGHJK",
            "' ab cde - fg hjk ', ABCDEFGHJK",
            "--ABCDE--FGHJK--, ABCDEFGHJK",
            "OOOOO-ooooo, 0000000000",
            "IiLlI-11111, 1111111111",
            "0123456789, 0123456789",
            "MNPQR-STVWX, MNPQRSTVWX",
            "yzyzy-zyzyz, YZYZYZYZYZ"})
    void forgivesCaseSpacingHyphensAndLookAlikes(String typed, String canonical) {
        assertThat(RecoveryCodes.canonicalize(typed)).hasValue(canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ABCDE-FGHJ", "ABCDE-FGHJKM", "ABCDE-FGHJU", "ABCDE_FGHJK", "ABCDE.FGHJK",
            "ABCDE\tFGHJK", "ＡＢＣＤＥ-ＦＧＨＪＫ", "ABCDE-FGHJ١", "ABCDE-FGHıK", "ABCDE-FGHJ*", " - "})
    void refusesEverythingElse(String typed) {
        assertThat(RecoveryCodes.canonicalize(typed)).isEmpty();
    }
}

package dev.totpmfa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether a sign-in's second factor was a trusted browser and nothing fresher. */
class TrustedSignInTest {

    @Test
    void aTrustedBrowserInThisAuthentication() {
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes("trusted-browser", null)).isTrue();
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes("trusted-browser", "otp")).isTrue();
    }

    @Test
    void aSessionThatATrustedBrowserBeganContinuedByCookie() {
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes(null, "trusted-browser")).isTrue();
    }

    /** A code or recovery code typed now (a re-authentication) outranks how the session began. */
    @Test
    void aCodeTypedNowIsFresherThanTheSession() {
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes("otp", "trusted-browser")).isFalse();
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes("recovery-code", "trusted-browser")).isFalse();
    }

    @Test
    void noNoteMeansTheStepNeverLetATrustedBrowserIn() {
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes(null, null)).isFalse();
        assertThat(TrustedSignIn.trustedBrowserOnlyByNotes(null, "otp")).isFalse();
    }
}

package dev.totpmfa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustCookieTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void anIssuedValueParsesBackToTheSameIdAndToken() {
        TrustCookie.Value issued = TrustCookie.issue(ID, RANDOM);
        String encoded = issued.encode();

        assertThat(encoded).hasSize(TrustCookie.VALUE_CHARS).startsWith(ID + ".");
        assertThat(TrustCookie.parse(encoded)).contains(issued);
        assertThat(issued.token()).hasSize(32);
    }

    @Test
    void tokensAreFreshEachTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(TrustCookie.issue(ID, RANDOM).encode())).isTrue();
        }
    }

    /** toString ends up in logs and debuggers: it names the row, never the token. */
    @Test
    void theTokenNeverShowsInToString() {
        TrustCookie.Value issued = TrustCookie.issue(ID, RANDOM);
        assertThat(issued.toString()).contains(ID).doesNotContain(issued.encode().substring(37));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc",
            // one character short, one too long
            "0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            // upper-case id, standard base64 alphabet, padding, whitespace, other separator
            "0F8FAD5B-D9CB-469F-A165-70867728950E.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
            "0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            " 0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "0f8fad5b-d9cb-469f-a165-70867728950e:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            // the last character carries bits beyond the 256: not the canonical encoding of any token
            "0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
            "0f8fad5b-d9cb-469f-a165-70867728950e.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00e9"})
    void anythingElseIsNotATrustCookie(String value) {
        assertThat(TrustCookie.parse(value)).isEmpty();
    }

    @Test
    void nullAndHugeValuesAreNotTrustCookies() {
        assertThat(TrustCookie.parse(null)).isEmpty();
        assertThat(TrustCookie.parse(ID + "." + "A".repeat(100_000))).isEmpty();
    }

    @Test
    void theCanonicalAllZeroTokenParses() {
        assertThat(TrustCookie.parse(ID + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isPresent();
    }

    @Test
    void onlyCredentialIdsOfTheExpectedFormAreIssued() {
        assertThatThrownBy(() -> TrustCookie.issue("not-a-uuid", RANDOM)).isInstanceOf(IllegalArgumentException.class);
    }

    /** One cookie per realm and user, so people sharing a browser each keep theirs; the name hides the user id. */
    @Test
    void theNameIsPerRealmAndUserAndHidesTheUserId() {
        String user = UUID.randomUUID().toString();
        String name = TrustCookie.name("realm-1", user);

        assertThat(name).startsWith("TOTP_MFA_").matches("TOTP_MFA_TRUST_[0-9a-f]{16}").doesNotContain(user);
        assertThat(TrustCookie.name("realm-1", user)).isEqualTo(name);
        assertThat(TrustCookie.name("realm-2", user)).isNotEqualTo(name);
        assertThat(TrustCookie.name("realm-1", UUID.randomUUID().toString())).isNotEqualTo(name);
        assertThat(TrustCookie.name("ab", "c")).as("fields are length-prefixed").isNotEqualTo(TrustCookie.name("a",
                "bc"));
    }
}

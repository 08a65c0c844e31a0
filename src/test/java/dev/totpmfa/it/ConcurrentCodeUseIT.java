package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A code seen by an attacker (shoulder surfing, a phishing proxy, a photographed printout) is worth something only
 * while it is unused. If two logins that post the same code at the same moment can both pass, single use is a
 * promise the database does not keep. Twenty sessions, each at the code page, post one code at once (released
 * together by a latch), ten rounds each for an authenticator code and for a recovery code; a fresh user per round,
 * so that no round sees another round's steps, codes or failure count.
 */
@KeycloakIT
class ConcurrentCodeUseIT {

    private static final int SESSIONS = 20;
    private static final int ROUNDS = 10;
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("race").enableRecoveryCodes().useFastPasswordHashing();
    private static final AdminApi admin = KeycloakTargets.admin();

    @Test
    void oneAuthenticatorCodePostedByTwentySessionsAtOnceLogsInOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            List<PlainHttpSession> sessions = atCodePage(user);
            String code = enrolled.app().next();

            List<HttpResponse<String>> answers = Together.atOnce(sessions,
                    session -> session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)));

            assertNoServerErrors(answers, round);
            long successes = answers.stream().filter(answer -> PlainHttpSession.reachedClient(answer, realm)).count();
            assertThat(successes).as("logins that passed with one code in round %d", round).isEqualTo(1);
        }
    }

    @Test
    void oneRecoveryCodePostedByTwentySessionsAtOnceIsConsumedOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            List<PlainHttpSession> sessions = atCodePage(user);
            String code = enrolled.recoveryCodes().get(round % enrolled.recoveryCodes().size());

            List<HttpResponse<String>> answers = Together.atOnce(sessions,
                    session -> session.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", code)));

            assertNoServerErrors(answers, round);
            long accepted = answers.stream()
                    .filter(answer -> answer.statusCode() == 200
                            && answer.body().contains("id=\"totp-mfa-recovery-remaining\""))
                    .count();
            assertThat(accepted).as("sessions that were let in with one recovery code in round %d", round).isEqualTo(1);
            List<com.fasterxml.jackson.databind.JsonNode> sets =
                    admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE);
            assertThat(sets).as("still one set in round %d", round).hasSize(1);
            assertThat(admin.parse(sets.get(0).path("credentialData").asText()).path("remaining").asInt())
                    .as("codes left after round %d", round).isEqualTo(enrolled.recoveryCodes().size() - 1);
        }
    }

    /** {@value #SESSIONS} new sessions of the user, each past the password and showing the code page. */
    private static List<PlainHttpSession> atCodePage(TestUser user) {
        return Together.inParallel(SESSIONS, () -> {
            PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
            if (!session.hasForm(HttpJourneys.LOGIN_FORM)) {
                throw new IllegalStateException("No code page for " + user.username() + ":\n" + session.page());
            }
            return session;
        });
    }

    private static void assertNoServerErrors(List<HttpResponse<String>> answers, int round) {
        assertThat(answers).as("answers of round %d", round).hasSize(SESSIONS)
                .allSatisfy(answer -> assertThat(answer.statusCode()).as("HTTP status").isLessThan(500));
    }
}

package dev.totpmfa.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Someone who knows a user's password and guesses codes, over plain HTTP: one session past the password step that
 * posts the same wrong code (a code the user's app shows at no step near now) to our code form, again and again.
 */
public final class CodeGuesser {

    /** The page of a factor locked for a while. */
    public static final String LOCKED = "Too many failed attempts";
    /** The page at the ceiling: only a recovery code or an admin helps. */
    public static final String CEILING = "ask your administrator";
    /** The page of a code that was evaluated and was wrong. */
    public static final String EVALUATED_AND_WRONG = "Invalid or already used code";

    private final PlainHttpSession session;
    private final String wrong;

    private CodeGuesser(PlainHttpSession session, String wrong) {
        this.session = session;
        this.wrong = wrong;
    }

    /** A new session of {@code user} (enrolled as {@code enrolled}) through the password step. */
    public static CodeGuesser pastThePassword(TestRealm realm, TestUser user, Enrolled enrolled) {
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        return new CodeGuesser(session, enrolled.app().wrong());
    }

    /** The session, for the right code or a recovery code after the guessing. */
    public PlainHttpSession session() {
        return session;
    }

    /** One wrong code; the page that answers it. */
    public String guess() {
        return session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong)).body();
    }

    /** Posts {@code code} to the code form, as the user would after the guessing. */
    public HttpResponse<String> submit(String code) {
        return session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code));
    }

    /** Wrong codes until the answer contains {@code pageText}, at most {@code most}; the last answer. */
    public String guessUntil(String pageText, int most) {
        String page = "";
        for (int guesses = 0; guesses < most && !page.contains(pageText); guesses++) {
            page = guess();
        }
        return page;
    }

    /**
     * Wrong codes until the ceiling, waiting out every lockout on the way (a locked factor evaluates nothing, so
     * each of its answers only says wait); how many were evaluated. Gives up at {@code limit}.
     */
    public int guessUntilCeiling(Duration limit) throws InterruptedException {
        int evaluated = 0;
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            String page = guess();
            if (page.contains(CEILING)) {
                return evaluated;
            }
            if (page.contains(LOCKED)) {
                Thread.sleep(150);
            } else {
                assertThat(page).as("answer to failure %d", evaluated + 1).contains(EVALUATED_AND_WRONG);
                evaluated++;
            }
        }
        throw new AssertionError("no ceiling within " + limit + " after " + evaluated + " evaluated wrong codes");
    }
}

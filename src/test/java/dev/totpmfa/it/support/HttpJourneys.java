package dev.totpmfa.it.support;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** The plain-HTTP counterparts of {@link BrowserJourneys}: enrolment with recovery codes, a recovery-code login. */
public final class HttpJourneys {

    public static final String SETUP_FORM = "totp-mfa-setup-form";
    public static final String RECOVERY_CODES_FORM = "totp-mfa-recovery-codes-form";
    public static final String LOGIN_FORM = "totp-mfa-login-form";
    public static final String RECOVERY_FORM = "totp-mfa-recovery-form";
    public static final String OFFER_FORM = "totp-mfa-recovery-offer-form";

    private HttpJourneys() {
    }

    /** A fresh session of the user, at the page after the password (setup or code page). */
    public static PlainHttpSession pastThePassword(TestRealm realm, TestUser user) {
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        return session;
    }

    /** Posts the app's next code with "Trust this browser" ticked; the answer before any redirect is followed. */
    public static HttpResponse<String> codeWithTrustTicked(PlainHttpSession session, StepCodes app) {
        return session.post(LOGIN_FORM, Map.of("otp", app.next(), "trustBrowser", "on"));
    }

    /**
     * Enrols the user's first app over HTTP and, where the realm issues recovery codes, acknowledges them; the
     * login ends at the client.
     */
    public static Enrolled enrol(TestRealm realm, TestUser user) {
        PlainHttpSession session = pastThePassword(realm, user);
        StepCodes app = StepCodes.of(TotpDevice.scan(session.otpAuthUri()));
        HttpResponse<String> response = session.postAndFollow(SETUP_FORM,
                Map.of("totp", app.next(), "userLabel", "Phone"));
        List<String> codes = List.of();
        if (response.statusCode() == 200 && session.hasForm(RECOVERY_CODES_FORM)) {
            codes = session.recoveryCodes();
            response = session.postAndFollow(RECOVERY_CODES_FORM, Map.of("acknowledged", "on"));
        }
        if (!PlainHttpSession.reachedClient(response, realm)) {
            throw new IllegalStateException("Enrolment of " + user.username() + " did not reach the client: "
                    + response.statusCode() + "\n" + session.page());
        }
        return new Enrolled(user, app, codes);
    }

    /**
     * A login with a recovery code and "Not now"; the last answer (the client, or the page of a required action
     * such as a new set of codes). Fails when the code is refused.
     */
    public static HttpResponse<String> recoveryLogin(TestRealm realm, TestUser user, String code) {
        PlainHttpSession session = pastThePassword(realm, user);
        session.post(RECOVERY_FORM, Map.of("recoveryCode", code));
        if (!session.pageContains("id=\"totp-mfa-recovery-remaining\"")) {
            throw new IllegalStateException("Recovery code refused for " + user.username() + ":\n" + session.page());
        }
        return session.postAndFollow(OFFER_FORM, Map.of("recoveryOffer", "skip"));
    }
}

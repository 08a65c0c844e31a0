package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.TrustedBrowserCredentialModel;
import dev.totpmfa.credential.TrustedBrowserCredentialProvider;
import dev.totpmfa.metrics.TotpMfaMetrics;
import dev.totpmfa.trust.BrowserLabel;
import dev.totpmfa.trust.TrustCookie;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.services.resources.RealmsResource;

/**
 * "Don't ask again on this browser": remembers a browser after a code was accepted with the box ticked, and lets
 * that browser pass the step later while its row exists, has not expired and its token's hash matches. Anything
 * else (no cookie, a damaged one, someone else's, a revoked or expired row) leaves the code page as it was.
 */
final class TrustedBrowserLogin {

    /** The box on {@code form#totp-mfa-login-form}; ticked, it posts {@value #TICKED}. */
    static final String FIELD = "trustBrowser";
    static final String TICKED = "on";
    /** Event detail on the LOGIN of a browser that skipped the code: the trusted browser's credential id. */
    static final String EVENT_DETAIL = "trusted_browser";

    private TrustedBrowserLogin() {
    }

    /**
     * Whether the step should offer the box now: trust is on, this is not a sign-in that must be fresh
     * ({@link FreshSignIn}: a {@code kc_action}, a re-authentication, SAML {@code ForceAuthn}, {@code prompt=login},
     * one of our required actions pending), no step-up level around the step is asked anew at every request (max age
     * 0), and this is not a password reset. Where trust would not be honoured, the box is not offered either.
     */
    static boolean offered(AuthenticationFlowContext context, LoginSettings settings) {
        return settings.trustBrowserDays() > 0
                && !FreshSignIn.requested(context.getAuthenticationSession(), context.getUser())
                && !StepUpLevels.askedEveryTime(context) && !PasswordReset.inProgress(context);
    }

    /** Completes the step when this browser holds a valid trust of this user; true when it did. */
    static boolean tryTrusted(AuthenticationFlowContext context, LoginSettings settings) {
        if (!offered(context, settings)) {
            return false;
        }
        String name = TrustCookie.name(context.getRealm().getId(), context.getUser().getId());
        Cookie cookie = context.getSession().getContext().getRequestHeaders().getCookies().get(name);
        Optional<TrustCookie.Value> value = TrustCookie.parse(cookie == null ? null : cookie.getValue());
        if (value.isEmpty()) {
            return false;
        }
        Optional<TrustedBrowserCredentialModel> trusted = TrustedBrowserCredentialProvider.of(context.getSession())
                .verify(context.getRealm(), context.getUser(), value.get(), settings.trustBrowserDays());
        if (trusted.isEmpty()) {
            return false;
        }
        context.getEvent().user(context.getUser())
                .detail(Details.CREDENTIAL_TYPE, TrustedBrowserCredentialModel.TYPE)
                .detail(EVENT_DETAIL, trusted.get().getId());
        PassedBy.TRUSTED_BROWSER.record(context);
        TotpMfaMetrics.of(context.getSession(), context.getRealm()).trustedBrowserLogin();
        context.success();
        return true;
    }

    /** After an accepted code: stores the trust and hands the browser its cookie, when the box was ticked. */
    static void rememberIfTicked(AuthenticationFlowContext context, LoginSettings settings, String field) {
        if (!TICKED.equals(field) || !offered(context, settings)) {
            return;
        }
        KeycloakContext request = context.getSession().getContext();
        String label = BrowserLabel.of(request.getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT));
        TrustedBrowserCredentialProvider.Trusted trusted = TrustedBrowserCredentialProvider.of(context.getSession())
                .trust(context.getRealm(), context.getUser(), label, settings.trustBrowserDays());
        request.getHttpResponse().setCookieIfAbsent(cookie(context, trusted.cookie(), settings.trustBrowserDays()));
        // Its own event, so that the LOGIN keeps the details of the code that was accepted.
        context.getEvent().clone()
                .event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TrustedBrowserCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, trusted.credential().getId())
                .detail(Details.CREDENTIAL_USER_LABEL, trusted.credential().getUserLabel())
                .success();
    }

    private static NewCookie cookie(AuthenticationFlowContext context, TrustCookie.Value value, int days) {
        KeycloakContext request = context.getSession().getContext();
        String path = RealmsResource.realmBaseUrl(request.getUri()).build(context.getRealm().getName()).getRawPath()
                + "/";
        return new NewCookie.Builder(TrustCookie.name(context.getRealm().getId(), context.getUser().getId()))
                .value(value.encode())
                .path(path)
                .maxAge((int) Duration.ofDays(days).toSeconds())
                .httpOnly(true)
                .secure("https".equalsIgnoreCase(request.getUri().getRequestUri().getScheme()))
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}

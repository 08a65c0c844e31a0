package dev.totpmfa.setup;

import dev.totpmfa.config.EnrolmentGrace;
import dev.totpmfa.config.RealmOtpPolicy;
import dev.totpmfa.config.SetupSettings;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TotpCredentialProvider;
import dev.totpmfa.metrics.TotpMfaMetrics;
import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpCodes;
import dev.totpmfa.otp.SecretGenerator;
import dev.totpmfa.otp.TotpVerifier;
import dev.totpmfa.qr.QrCodeRenderer;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.theme.Theme;

/**
 * Enrols an authenticator app: shows a QR code for a secret kept in the authentication session, and stores
 * the device only once the user has typed a valid first code. Works at login and as an application-initiated
 * action ({@code kc_action=totp-mfa-setup}) to add another device.
 */
public final class TotpSetupRequiredAction implements FreshCodeAction, CredentialRegistrator {

    static final String TEMPLATE = "totp-mfa-setup.ftl";
    static final String CODE_FIELD = "totp";
    static final String LABEL_FIELD = "userLabel";
    /** The "Set up later" button's field: present means the user asks to postpone, whatever its value. */
    static final String LATER_FIELD = "later";
    /** {@code LOGIN} event detail of a login that postponed the setup: {@value #POSTPONED}. */
    static final String SETUP_DETAIL = "totp_mfa_setup";
    static final String POSTPONED = "postponed";
    /** {@code LOGIN} event detail: postponements left after this one (only where {@code grace-logins} is set). */
    static final String GRACE_LEFT_DETAIL = "totp_mfa_grace_remaining";
    /** {@code LOGIN} event detail: the last day of the grace (only where {@code grace-until} is set). */
    static final String GRACE_UNTIL_DETAIL = "totp_mfa_grace_until";
    /** The name of a device the user does not name; the login page and the notices name such a device alike. */
    private static final Logger LOG = Logger.getLogger(TotpSetupRequiredAction.class);

    private final SecretGenerator secretGenerator;
    private final QrCodeRenderer qrRenderer;
    private final Clock clock;

    TotpSetupRequiredAction(SecretGenerator secretGenerator, QrCodeRenderer qrRenderer, Clock clock) {
        this.secretGenerator = secretGenerator;
        this.qrRenderer = qrRenderer;
        this.clock = clock;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return TotpCredentialModel.TYPE;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        SetupAskedInSignIn.unlistAskingStep(context.getAuthenticationSession());
        if (CodeBeforeChange.refused(context)) {
            return;
        }
        show(context, null);
    }

    /** The setup page for the pending enrolment (started now if there is none), with an error not tied to a field. */
    private void show(RequiredActionContext context, FormMessage error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RequestedLocale.adopt(authSession);
        Optional<PendingEnrolment> pending = PendingEnrolment.find(authSession);
        if (pending.isEmpty()) {
            try {
                pending = Optional.of(PendingEnrolment.start(authSession,
                        RealmOtpPolicy.enrolmentParameters(context.getRealm()), secretGenerator));
            } catch (RealmOtpPolicy.UnsupportedPolicyException e) {
                // The admin must fix the realm; the user can only be told that setup is unavailable for now.
                LOG.errorf("keycloak-totp-mfa: realm %s: %s", context.getRealm().getName(), e.getMessage());
                context.challenge(context.form().setError("totpMfaSetupUnavailable")
                        .createErrorPage(Response.Status.SERVICE_UNAVAILABLE));
                return;
            }
        }
        context.challenge(page(context, pending.get(), freeDefaultLabel(context), error));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        SetupAskedInSignIn.unlistAskingStep(context.getAuthenticationSession());
        if (CodeBeforeChange.refused(context)) {
            return;
        }
        RequestedLocale.adopt(context.getAuthenticationSession());
        if (context.getHttpRequest().getDecodedFormParameters().containsKey(LATER_FIELD)) {
            postpone(context);
            return;
        }
        Optional<PendingEnrolment> pending = PendingEnrolment.find(context.getAuthenticationSession());
        if (pending.isEmpty()) {
            // The authentication session was renewed (e.g. expired and restarted): begin again with a new secret.
            requiredActionChallenge(context);
            return;
        }
        PendingEnrolment enrolment = pending.get();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String typedCode = form.getFirst(CODE_FIELD);
        String typedLabel = DeviceLabels.clean(form.getFirst(LABEL_FIELD));

        Set<String> takenLabels = takenLabels(context);
        DeviceLabels labels = new DeviceLabels(defaultLabel(context));
        String label = typedLabel.isEmpty() ? labels.freeDefault(takenLabels) : typedLabel;
        Optional<String> labelProblem = labels.problem(label, takenLabels);
        if (labelProblem.isPresent()) {
            retry(context, enrolment, typedLabel, new FormMessage(LABEL_FIELD, labelProblem.get()));
            return;
        }

        Optional<String> code = OtpCodes.normalize(typedCode, enrolment.parameters().digits());
        if (typedCode == null || typedCode.isBlank() || code.isEmpty()) {
            String problem = typedCode == null || typedCode.isBlank() ? "totpMfaMissingCode" : "totpMfaMalformedCode";
            retry(context, enrolment, label, new FormMessage(CODE_FIELD, problem, enrolment.parameters().digits()));
            return;
        }
        OptionalLong step = new TotpVerifier(enrolment.parameters(), clock)
                .verify(enrolment.secret(), code.get(), RealmOtpPolicy.window(context.getRealm()));
        if (step.isEmpty()) {
            retry(context, enrolment, label, new FormMessage(CODE_FIELD, "totpMfaSetupInvalidCode"));
            return;
        }

        Optional<PendingClaim> claim = PendingClaim.take(context.getSession(), "enrolment",
                Base32.encode(enrolment.secret()));
        if (claim.isEmpty()) {
            // The same page was posted twice at once: the other post stores this device.
            retry(context, enrolment, label, new FormMessage(CODE_FIELD, "totpMfaBusy"));
            return;
        }
        // Another session of this user may have stored a device a moment ago: labels as committed, under a lock.
        TotpCredentialProvider provider = provider(context.getSession());
        Set<String> committedLabels = provider.lockForEnrolment(context.getRealm(), context.getUser());
        String storedLabel = typedLabel.isEmpty() ? labels.freeDefault(committedLabels) : label;
        Optional<String> lateProblem = labels.problem(storedLabel, committedLabels);
        if (lateProblem.isPresent()) {
            claim.get().release();
            retry(context, enrolment, typedLabel, new FormMessage(LABEL_FIELD, lateProblem.get()));
            return;
        }

        boolean firstDevice = committedLabels.isEmpty();
        TotpCredentialModel device = provider.enrol(context.getRealm(), context.getUser(),
                storedLabel, enrolment.parameters(), enrolment.secret(), step.getAsLong());
        PendingEnrolment.clear(context.getAuthenticationSession());
        TotpMfaMetrics.of(context.getSession(), context.getRealm()).deviceEnrolled();
        if (firstDevice && !hasRecoveryCodes(context)) {
            // The first device is where a lost phone would lock the user out: recovery codes come next.
            RealmRequiredActions.requestIfEnabled(context.getRealm(), context.getUser(),
                    context.getAuthenticationSession(),
                    RecoveryCodesRequiredActionFactory.PROVIDER_ID);
        }
        // Keycloak sends this event once the action reports success, as for its own credential actions.
        context.getEvent()
                .event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TotpCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, device.getId())
                .detail(Details.CREDENTIAL_USER_LABEL, device.getUserLabel());
        context.success();
    }

    /**
     * "Set up later": finishes this login without a device where the grace allows it; the browser step asks again at
     * the next login. Refused (a forged post, or the last postponement taken meanwhile), nothing changes and the page
     * comes back with a message.
     */
    private void postpone(RequiredActionContext context) {
        Optional<EnrolmentGrace.Standing> taken = EnrolmentPostponement.take(context, settings(context).grace(),
                clock.instant());
        if (taken.isEmpty()) {
            show(context, new FormMessage(null, "totpMfaSetupLaterRefused"));
            return;
        }
        PendingEnrolment.clear(context.getAuthenticationSession());
        TotpMfaMetrics.of(context.getSession(), context.getRealm()).setupPostponed();
        // Keycloak carries these details on to the LOGIN event that this success completes.
        context.getEvent().detail(SETUP_DETAIL, POSTPONED);
        taken.get().leftAfterPostponing()
                .ifPresent(left -> context.getEvent().detail(GRACE_LEFT_DETAIL, Integer.toString(left)));
        taken.get().until().ifPresent(day -> context.getEvent().detail(GRACE_UNTIL_DETAIL, day.toString()));
        context.success();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        PendingEnrolment.clear(authSession);
    }

    private void retry(RequiredActionContext context, PendingEnrolment enrolment, String label, FormMessage error) {
        context.challenge(page(context, enrolment, label, error));
    }

    private Response page(RequiredActionContext context, PendingEnrolment enrolment, String label,
                          FormMessage error) {
        SetupSettings settings = settings(context);
        OtpAuthUri keyUri = SetupPageBean.keyUri(AccountNames.issuer(settings, context.getRealm()),
                AccountNames.account(context.getRealm(), context.getUser()), enrolment.secret(),
                enrolment.parameters());
        SetupPageBean bean = new SetupPageBean(keyUri, qrRenderer.renderDataUri(keyUri.toUri()), label);
        var form = context.form().setAttribute("totpMfaSetup", bean);
        EnrolmentPostponement.offer(context, settings.grace(), clock.instant())
                .ifPresent(standing -> form.setAttribute("totpMfaSetupLater", new SetupLaterBean(standing)));
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    private static SetupSettings settings(RequiredActionContext context) {
        return SetupSettings.parse(context.getConfig() == null ? null : context.getConfig().getConfig());
    }

    private String freeDefaultLabel(RequiredActionContext context) {
        return new DeviceLabels(defaultLabel(context)).freeDefault(takenLabels(context));
    }

    private static String defaultLabel(RequiredActionContext context) {
        return ThemeText.unnamedDevice(context.getSession(), Theme.Type.LOGIN, context.getRealm(), context.getUser());
    }

    private static Set<String> takenLabels(RequiredActionContext context) {
        return provider(context.getSession()).credentials(context.getUser()).stream()
                .map(TotpCredentialModel::getUserLabel)
                .collect(Collectors.toSet());
    }

    private static boolean hasRecoveryCodes(RequiredActionContext context) {
        return context.getUser().credentialManager()
                .getStoredCredentialsByTypeStream(RecoveryCodesCredentialModel.TYPE).findAny().isPresent();
    }

    private static TotpCredentialProvider provider(KeycloakSession session) {
        return TotpCredentialProvider.of(session);
    }
}

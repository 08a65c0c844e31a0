package dev.totpmfa.login;

import dev.totpmfa.config.RealmOtpPolicy;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TotpCredentialProvider;
import dev.totpmfa.setup.TotpSetupRequiredActionFactory;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * The browser-flow step {@code totp-mfa-form}: asks for a code from one of the user's authenticator apps.
 * The check itself (and the single use of each code) belongs to {@link TotpCredentialProvider}; this class only
 * reads the form, reports the outcome to the flow and the event log, and renders the page.
 */
public final class TotpLoginAuthenticator implements Authenticator, CredentialValidator<TotpCredentialProvider> {

    static final String TEMPLATE = "totp-mfa-login.ftl";
    static final String CODE_FIELD = "otp";
    static final String SELECTED_CREDENTIAL_FIELD = "selectedCredentialId";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(page(context, null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String typedCode = form.getFirst(CODE_FIELD);
        String selectedId = form.getFirst(SELECTED_CREDENTIAL_FIELD);
        UserModel user = context.getUser();

        Optional<TotpCredentialModel> device = getCredentialProvider(context.getSession()).verifyAndConsume(
                context.getRealm(), user, typedCode, selectedId, RealmOtpPolicy.window(context.getRealm()));
        if (device.isPresent()) {
            context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, device.get().getId());
            context.success();
            return;
        }
        if (selectedId != null && !selectedId.isBlank()) {
            context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, selectedId);
        }
        context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
        String problem = typedCode == null || typedCode.isBlank() ? "totpMfaMissingCode" : "totpMfaInvalidCode";
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                page(context, selectedId, new FormMessage(CODE_FIELD, problem)));
    }

    private Response page(AuthenticationFlowContext context, String selectedId, FormMessage error) {
        List<TotpCredentialModel> devices = getCredentialProvider(context.getSession()).credentials(context.getUser());
        var form = context.form()
                .setExecution(context.getExecution().getId())
                .setAttribute("totpMfaLogin", new LoginPageBean(devices, selectedId));
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return getCredentialProvider(session).isConfiguredFor(user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user.getRequiredActionsStream().noneMatch(TotpSetupRequiredActionFactory.PROVIDER_ID::equals)) {
            user.addRequiredAction(TotpSetupRequiredActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(org.keycloak.authentication.RequiredActionProvider.class,
                        TotpSetupRequiredActionFactory.PROVIDER_ID));
    }

    @Override
    public TotpCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (TotpCredentialProvider) session.getProvider(CredentialProvider.class, TotpCredentialModel.TYPE);
    }

    @Override
    public void close() {
        // Nothing held per request.
    }
}

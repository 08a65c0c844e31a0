package dev.totpmfa.login;

import dev.totpmfa.credential.CredentialCategories;
import java.util.Objects;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.models.AuthenticationExecutionModel;

/**
 * A user with no second factor at all reaches our step: they set one up once the flow is over, as Keycloak does for
 * a REQUIRED step whose user is "not configured". Our step answers this itself, rather than saying "not configured"
 * and leaving it to Keycloak, because Keycloak sets up only REQUIRED steps: where our step is an ALTERNATIVE beside
 * Keycloak's WebAuthn Authenticator (the installer's layout beside security keys), Keycloak would stop every user
 * without a factor, neither signed in nor enrolled.
 *
 * <p>An ALTERNATIVE is answered so only beside other second-factor steps. Beside anything else, such as the password
 * form or a sub-flow, an alternative is another way to prove who the user is, and enrolling there would let the
 * username alone through; the step then fails as Keycloak would, and the next alternative runs.
 */
final class UnenrolledSignIn {

    private UnenrolledSignIn() {
    }

    /** Whether our execution may ask this user for the setup: REQUIRED, or an ALTERNATIVE among second factors. */
    static boolean maySetUp(AuthenticationFlowContext context) {
        AuthenticationExecutionModel ours = context.getExecution();
        if (ours.isRequired()) {
            return true;
        }
        return ours.isAlternative() && context.getRealm().getAuthenticationExecutionsStream(ours.getParentFlow())
                .filter(execution -> !Objects.equals(execution.getId(), ours.getId()))
                .filter(execution -> execution.isRequired() || execution.isAlternative())
                .filter(execution -> !isCondition(context, execution))
                .allMatch(execution -> isSecondFactorAlternative(context, execution));
    }

    private static boolean isSecondFactorAlternative(AuthenticationFlowContext context,
                                                     AuthenticationExecutionModel execution) {
        if (!execution.isAlternative() || execution.isAuthenticatorFlow()) {
            return false;
        }
        Authenticator authenticator = authenticator(context, execution);
        return authenticator instanceof CredentialValidator<?> validator
                && CredentialCategories.declaredTwoFactor(context.getSession(), context.getUser(),
                        validator.getType(context.getSession()));
    }

    private static boolean isCondition(AuthenticationFlowContext context, AuthenticationExecutionModel execution) {
        return !execution.isAuthenticatorFlow()
                && authenticator(context, execution) instanceof ConditionalAuthenticator;
    }

    /** The execution's authenticator, or null when its provider is not deployed. */
    private static Authenticator authenticator(AuthenticationFlowContext context,
                                               AuthenticationExecutionModel execution) {
        Object factory = context.getSession().getKeycloakSessionFactory()
                .getProviderFactory(Authenticator.class, execution.getAuthenticator());
        return factory instanceof AuthenticatorFactory authenticatorFactory
                ? authenticatorFactory.create(context.getSession())
                : null;
    }
}

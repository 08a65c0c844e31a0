package dev.totpmfa.login;

import dev.totpmfa.trust.TrustDecisions;
import java.util.Map;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalLoaAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalLoaAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Where the step sits in a step-up flow: the "Condition - Level of Authentication" executions of the sub-flows
 * around it. Keycloak asks a level whose max age is 0 at every request; that level wants a factor proven now, so a
 * remembered one (a trusted browser) does not answer it.
 */
final class StepUpLevels {

    /** Sub-flows nested deeper than this are not read (the admin console makes nothing near it). */
    private static final int MAX_DEPTH = 32;

    private StepUpLevels() {
    }

    /** Whether a level condition of a sub-flow that holds this execution, at any depth, has max age 0. */
    static boolean askedEveryTime(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        String flowId = context.getExecution().getParentFlow();
        for (int depth = 0; flowId != null && depth < MAX_DEPTH; depth++) {
            if (realm.getAuthenticationExecutionsStream(flowId).anyMatch(e -> levelNotRemembered(realm, e))) {
                return true;
            }
            AuthenticationExecutionModel holder = realm.getAuthenticationExecutionByFlowId(flowId);
            flowId = holder == null ? null : holder.getParentFlow();
        }
        return false;
    }

    private static boolean levelNotRemembered(RealmModel realm, AuthenticationExecutionModel execution) {
        if (!ConditionalLoaAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                || execution.isDisabled()) {
            return false;
        }
        AuthenticatorConfigModel config = execution.getAuthenticatorConfig() == null ? null
                : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        Map<String, String> values = config == null || config.getConfig() == null ? Map.of() : config.getConfig();
        return !TrustDecisions.levelRemembered(values.get(ConditionalLoaAuthenticator.MAX_AGE),
                values.get(ConditionalLoaAuthenticator.STORE_IN_USER_SESSION));
    }
}

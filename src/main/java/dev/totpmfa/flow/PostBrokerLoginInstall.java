package dev.totpmfa.flow;

import dev.totpmfa.names.ProviderIds;
import java.util.List;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The part of {@link FlowInstall} for identity providers: each gets a post-broker-login flow with our step. */
final class PostBrokerLoginInstall {

    /** The post-broker-login flow given to identity providers that have none. */
    static final String POST_BROKER_FLOW = "post broker login with totp-mfa";
    private static final int PRIORITY_STEP = 10;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean dryRun;

    PostBrokerLoginInstall(KeycloakSession session, RealmModel realm, boolean dryRun) {
        this.session = session;
        this.realm = realm;
        this.dryRun = dryRun;
    }

    /**
     * Keycloak runs an identity provider's first-broker-login flow only while the account is not linked yet; every
     * later sign-in through the provider runs its post-broker-login flow alone (no browser flow). Without one that
     * holds our step, a linked user would be signed in by the provider without our code, and a user created by the
     * first broker login would never be asked to enrol. A provider without such a flow gets
     * {@value #POST_BROKER_FLOW} (our step alone, REQUIRED); one with a flow of its own is named, not changed.
     */
    FlowInstall.Binding install(IdentityProviderModel provider) {
        String binding = SignInFlow.providerBinding(SignInFlow.POST_BROKER_LOGIN, provider.getAlias());
        AuthenticationFlowModel bound = RealmFlows.flowById(realm, provider.getPostBrokerLoginFlowId());
        if (bound != null) {
            if (FlowInstall.asksOnEveryWay(realm, bound, true)) {
                return FlowInstall.Binding.done(binding, bound.getAlias(), bound.getAlias(), "unchanged", List.of());
            }
            return FlowInstall.Binding.notDone(binding, bound.getAlias(), "skipped",
                    "the provider's own post-broker-login flow"
                            + " does not ask for totp-mfa on every way through it; add " + ProviderIds.LOGIN_FORM
                            + " (REQUIRED) to it by hand");
        }
        AuthenticationFlowModel earlier = realm.getFlowByAlias(POST_BROKER_FLOW);
        if (earlier != null && !FlowInstall.asksOnEveryWay(realm, earlier, true)) {
            return new FlowInstall.Binding(binding, null, POST_BROKER_FLOW, "conflict", List.of(), "a flow named '"
                    + POST_BROKER_FLOW + "' exists and does not ask for totp-mfa; nothing done");
        }
        if (!dryRun) {
            AuthenticationFlowModel flow = earlier != null ? earlier : createPostBrokerFlow();
            provider.setPostBrokerLoginFlowId(flow.getId());
            session.identityProviders().update(provider);
        }
        return earlier != null
                ? FlowInstall.Binding.done(binding, null, POST_BROKER_FLOW, "bind-existing", List.of())
                : FlowInstall.Binding.done(binding, null, POST_BROKER_FLOW, "create-and-bind", List.of("create '"
                        + POST_BROKER_FLOW + "' with " + ProviderIds.LOGIN_FORM + " (REQUIRED)"));
    }

    private AuthenticationFlowModel createPostBrokerFlow() {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(POST_BROKER_FLOW);
        flow.setDescription("Asks for the totp-mfa code (or enrolment) after each sign-in through an identity"
                + " provider");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow = realm.addAuthenticationFlow(flow);
        AuthenticationExecutionModel ours = new AuthenticationExecutionModel();
        ours.setParentFlow(flow.getId());
        ours.setAuthenticator(ProviderIds.LOGIN_FORM);
        ours.setAuthenticatorFlow(false);
        ours.setRequirement(Requirement.REQUIRED);
        ours.setPriority(PRIORITY_STEP);
        realm.addAuthenticatorExecution(ours);
        return flow;
    }

}

package dev.totpmfa.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * Reads a realm's flows that can sign a user in into a {@link FlowReport}: the realm's browser, direct-grant,
 * first-broker-login and reset-credentials bindings, then each enabled identity provider's own
 * first-broker-login and post-broker-login flows, then every client's browser and direct-grant overrides. The
 * reset-credentials flow signs the user in at its end (Keycloak's "Force login after reset" is off for local users
 * by default), so it is one of them; it is reachable only while "Forgot password" is on.
 */
public final class RealmFlows {

    private RealmFlows() {
    }

    public static FlowReport report(RealmModel realm) {
        List<SignInFlow> flows = new ArrayList<>();
        add(flows, realm, realm.getBrowserFlow(), SignInFlow.BROWSER);
        add(flows, realm, realm.getDirectGrantFlow(), SignInFlow.DIRECT_GRANT);
        add(flows, realm, realm.getFirstBrokerLoginFlow(), SignInFlow.FIRST_BROKER_LOGIN);
        AuthenticationFlowModel reset = realm.getResetCredentialsFlow();
        if (reset != null) {
            flows.add(new SignInFlow(reset.getAlias(), SignInFlow.RESET_CREDENTIALS, classify(realm, reset),
                    realm.isResetPasswordAllowed()));
        }
        realm.getIdentityProvidersStream().filter(IdentityProviderModel::isEnabled)
                .sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                .forEach(provider -> addProvider(flows, realm, provider));
        realm.getClientsStream().sorted(Comparator.comparing(ClientModel::getClientId)).forEach(client -> {
            Map<String, String> overrides = client.getAuthenticationFlowBindingOverrides();
            addOverride(flows, realm, client, overrides, AuthenticationFlowBindings.BROWSER_BINDING,
                    SignInFlow.BROWSER);
            addOverride(flows, realm, client, overrides, AuthenticationFlowBindings.DIRECT_GRANT_BINDING,
                    SignInFlow.DIRECT_GRANT);
        });
        return new FlowReport(realm.getName(), flows);
    }

    /** What one flow asks for after the password, read as the report reads every bound flow. */
    public static SecondFactor classify(RealmModel realm, AuthenticationFlowModel flow) {
        return FlowCheck.classify(FlowStep.flow(steps(realm, flow, new HashSet<>())));
    }

    /**
     * A provider's own first-broker-login flow (when it names one instead of the realm's), and its post-broker-login
     * flow: the only flow of every sign-in through the provider after the first, so a provider without one signs
     * a linked user in with the provider's password alone ({@link SignInFlow#NO_FLOW}, no second factor).
     */
    private static void addProvider(List<SignInFlow> flows, RealmModel realm, IdentityProviderModel provider) {
        AuthenticationFlowModel first = flowById(realm, provider.getFirstBrokerLoginFlowId());
        if (first != null) {
            add(flows, realm, first, SignInFlow.providerBinding(SignInFlow.FIRST_BROKER_LOGIN, provider.getAlias()));
        }
        String postBrokerLogin = SignInFlow.providerBinding(SignInFlow.POST_BROKER_LOGIN, provider.getAlias());
        AuthenticationFlowModel post = flowById(realm, provider.getPostBrokerLoginFlowId());
        if (post == null) {
            flows.add(new SignInFlow(SignInFlow.NO_FLOW, postBrokerLogin, SecondFactor.NONE));
        } else {
            add(flows, realm, post, postBrokerLogin);
        }
    }

    /** The flow a provider or client names by id; null where it names none (or one that is gone). */
    public static AuthenticationFlowModel flowById(RealmModel realm, String id) {
        return id == null || id.isBlank() ? null : realm.getAuthenticationFlowById(id);
    }

    private static void addOverride(List<SignInFlow> flows, RealmModel realm, ClientModel client,
                                    Map<String, String> overrides, String binding, String name) {
        String flowId = overrides == null ? null : overrides.get(binding);
        add(flows, realm, flowById(realm, flowId), SignInFlow.clientOverride(name, client.getClientId()));
    }

    private static void add(List<SignInFlow> flows, RealmModel realm, AuthenticationFlowModel flow, String boundAs) {
        if (flow != null) {
            flows.add(new SignInFlow(flow.getAlias(), boundAs, classify(realm, flow)));
        }
    }

    /** @param entered flows on the current path: a flow that contains itself is read once, not forever */
    private static List<FlowStep> steps(RealmModel realm, AuthenticationFlowModel flow, Set<String> entered) {
        if (!entered.add(flow.getId())) {
            return List.of();
        }
        List<FlowStep> steps = realm.getAuthenticationExecutionsStream(flow.getId())
                .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority))
                .map(execution -> step(realm, execution, entered))
                .toList();
        entered.remove(flow.getId());
        return steps;
    }

    private static FlowStep step(RealmModel realm, AuthenticationExecutionModel execution, Set<String> entered) {
        FlowStep.Requirement requirement = execution.getRequirement() == null
                ? FlowStep.Requirement.DISABLED : FlowStep.Requirement.valueOf(execution.getRequirement().name());
        if (!execution.isAuthenticatorFlow()) {
            return FlowStep.authenticator(execution.getAuthenticator(), requirement);
        }
        AuthenticationFlowModel subflow = realm.getAuthenticationFlowById(execution.getFlowId());
        return new FlowStep(null, requirement, subflow == null ? List.of() : steps(realm, subflow, entered));
    }
}

package dev.totpmfa.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.common.Profile;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * Reads a realm's ways to sign a user in into a {@link FlowReport}: the realm's browser, direct-grant,
 * first-broker-login and reset-credentials bindings, then each enabled identity provider's own
 * first-broker-login and post-broker-login flows, then every client's browser and direct-grant overrides, then the
 * ways in that ask for a password or another issuer's token only: Keycloak's "saml ecp" flow for each SAML client
 * with ECP on, the JWT authorization grant for each client that allows it, and the token exchange of external
 * tokens while that feature is on. The reset-credentials flow signs the user in at its end (Keycloak's "Force login
 * after reset" is off for local users by default), so it is one of them; it is reachable only while "Forgot
 * password" is on.
 *
 * <p>Each flow is judged by every way through it ({@link FlowPaths}), except a first-broker-login flow: Keycloak
 * runs the provider's post-broker-login flow right after it, and that flow is judged as a row of its own.
 */
public final class RealmFlows {

    /** A SAML client's "Allow ECP flow". */
    static final String SAML_ALLOW_ECP = "saml.allow.ecp.flow";
    /** An OIDC client's "JWT Authorization Grant" switch. */
    static final String JWT_GRANT_ENABLED = "oauth2.jwt.authorization.grant.enabled";
    private static final String SAML = "saml";

    private RealmFlows() {
    }

    public static FlowReport report(RealmModel realm) {
        List<SignInFlow> flows = new ArrayList<>();
        add(flows, realm, realm.getBrowserFlow(), SignInFlow.BROWSER);
        add(flows, realm, realm.getDirectGrantFlow(), SignInFlow.DIRECT_GRANT);
        addFirstBrokerLogin(flows, realm, realm.getFirstBrokerLoginFlow(), SignInFlow.FIRST_BROKER_LOGIN);
        AuthenticationFlowModel reset = realm.getResetCredentialsFlow();
        if (reset != null) {
            FlowStep tree = tree(realm, reset);
            flows.add(new SignInFlow(reset.getAlias(), SignInFlow.RESET_CREDENTIALS, FlowCheck.classify(tree),
                    realm.isResetPasswordAllowed(), FlowPaths.withoutCode(tree)));
        }
        realm.getIdentityProvidersStream().filter(IdentityProviderModel::isEnabled)
                .sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                .forEach(provider -> addProvider(flows, realm, provider));
        List<ClientModel> clients = realm.getClientsStream().sorted(Comparator.comparing(ClientModel::getClientId))
                .toList();
        clients.forEach(client -> {
            Map<String, String> overrides = client.getAuthenticationFlowBindingOverrides();
            addOverride(flows, realm, client, overrides, AuthenticationFlowBindings.BROWSER_BINDING,
                    SignInFlow.BROWSER);
            addOverride(flows, realm, client, overrides, AuthenticationFlowBindings.DIRECT_GRANT_BINDING,
                    SignInFlow.DIRECT_GRANT);
        });
        addFlowlessWays(flows, realm, clients);
        return new FlowReport(realm.getName(), flows);
    }

    /**
     * SAML ECP (Keycloak runs its "saml ecp" flow, HTTP Basic: the password), the JWT authorization grant and the
     * token exchange of external tokens (no flow: another issuer's token is the whole proof).
     */
    private static void addFlowlessWays(List<SignInFlow> flows, RealmModel realm, List<ClientModel> clients) {
        AuthenticationFlowModel ecp = realm.getFlowByAlias(SignInFlow.SAML_ECP);
        clients.stream().filter(ClientModel::isEnabled)
                .filter(client -> SAML.equals(client.getProtocol()))
                .filter(client -> Boolean.parseBoolean(client.getAttribute(SAML_ALLOW_ECP)))
                .forEach(client -> {
                    String boundAs = SignInFlow.clientBinding(SignInFlow.SAML_ECP, client.getClientId());
                    if (ecp == null) {
                        flows.add(SignInFlow.noFlow(boundAs, "http-basic-authenticator"));
                    } else {
                        add(flows, realm, ecp, boundAs);
                    }
                });
        if (featureEnabled("JWT_AUTHORIZATION_GRANT")) {
            clients.stream().filter(ClientModel::isEnabled)
                    .filter(client -> Boolean.parseBoolean(client.getAttribute(JWT_GRANT_ENABLED)))
                    .forEach(client -> flows.add(SignInFlow.noFlow(
                            SignInFlow.clientBinding(SignInFlow.JWT_AUTHORIZATION_GRANT, client.getClientId()),
                            "a JWT of an identity provider")));
        }
        if (featureEnabled("TOKEN_EXCHANGE")) {
            flows.add(SignInFlow.noFlow(SignInFlow.EXTERNAL_TOKEN_EXCHANGE, "a token of an identity provider"));
        }
    }

    /**
     * Whether a Keycloak feature is on, named as Keycloak's {@code Profile.Feature} names it. By name, because the
     * features differ between the supported releases: 26.4 has no {@code JWT_AUTHORIZATION_GRANT}, and a reference to
     * the constant would fail the server's start there. A feature the release does not have is off.
     */
    private static boolean featureEnabled(String name) {
        return Arrays.stream(Profile.Feature.values()).filter(feature -> feature.name().equals(name)).findFirst()
                .map(Profile::isFeatureEnabled).orElse(false);
    }

    /** What one flow asks for after the password, read as the report reads every bound flow. */
    public static SecondFactor classify(RealmModel realm, AuthenticationFlowModel flow) {
        return FlowCheck.classify(tree(realm, flow));
    }

    /** A flow's executions as the check reads them, subflows and the conditions' settings included. */
    public static FlowStep tree(RealmModel realm, AuthenticationFlowModel flow) {
        return FlowStep.named(flow.getAlias(), FlowStep.Requirement.REQUIRED, steps(realm, flow, new HashSet<>()));
    }

    /**
     * A provider's own first-broker-login flow (when it names one instead of the realm's), and its post-broker-login
     * flow: the only flow of every sign-in through the provider after the first, so a provider without one signs
     * a linked user in with the provider's password alone ({@link SignInFlow#NO_FLOW}, no second factor).
     */
    private static void addProvider(List<SignInFlow> flows, RealmModel realm, IdentityProviderModel provider) {
        AuthenticationFlowModel first = flowById(realm, provider.getFirstBrokerLoginFlowId());
        if (first != null) {
            addFirstBrokerLogin(flows, realm, first,
                    SignInFlow.providerBinding(SignInFlow.FIRST_BROKER_LOGIN, provider.getAlias()));
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
            FlowStep tree = tree(realm, flow);
            flows.add(new SignInFlow(flow.getAlias(), boundAs, FlowCheck.classify(tree), true,
                    FlowPaths.withoutCode(tree)));
        }
    }

    private static void addFirstBrokerLogin(List<SignInFlow> flows, RealmModel realm, AuthenticationFlowModel flow,
                                            String boundAs) {
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
        FlowStep.Requirement requirement = requirement(execution);
        if (!execution.isAuthenticatorFlow()) {
            AuthenticatorConfigModel config = execution.getAuthenticatorConfig() == null ? null
                    : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
            return FlowStep.authenticator(execution.getAuthenticator(), requirement,
                    config == null || config.getConfig() == null ? Map.of() : config.getConfig());
        }
        AuthenticationFlowModel subflow = realm.getAuthenticationFlowById(execution.getFlowId());
        return subflow == null ? FlowStep.named(null, requirement, List.of())
                : FlowStep.named(subflow.getAlias(), requirement, steps(realm, subflow, entered));
    }

    static FlowStep.Requirement requirement(AuthenticationExecutionModel execution) {
        return execution.getRequirement() == null
                ? FlowStep.Requirement.DISABLED : FlowStep.Requirement.valueOf(execution.getRequirement().name());
    }
}

package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.elements;
import static dev.totpmfa.it.support.AdminHttp.encode;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Authentication flows as an admin builds them in the flow editor (copies of the built-in ones with our step in,
 * new flows, steps, sub-flows, step configs) and the realm's required actions.
 */
public final class FlowAdmin {

    private final AdminHttp http;
    private final RealmAdmin realms;

    FlowAdmin(AdminHttp http, RealmAdmin realms) {
        this.http = http;
        this.realms = realms;
    }

    /**
     * Copies the built-in browser flow to {@code alias}, puts {@code authenticatorId} REQUIRED right after the
     * username/password form (in the copied "forms" subflow, whose conditional OTP subflow is removed), and binds
     * the copy as the realm's browser flow.
     */
    public void installBrowserFlow(String realm, String alias, String authenticatorId) {
        installAfterPassword(realm, "browser", alias, "auth-username-password-form", authenticatorId);
        bind(realm, "browserFlow", alias);
    }

    /**
     * Copies the built-in "first broker login" flow to {@code alias}, puts {@code authenticatorId} REQUIRED right
     * after the password form that links an existing account (Keycloak's conditional 2FA subflow there removed), and
     * binds the copy as the realm's first broker login flow.
     */
    public void installFirstBrokerLoginFlow(String realm, String alias, String authenticatorId) {
        installAfterPassword(realm, "first broker login", alias, "idp-username-password-form", authenticatorId);
        bind(realm, "firstBrokerLoginFlow", alias);
    }

    /**
     * Copies the built-in "direct grant" flow to {@code alias}, adds {@code authenticatorId} REQUIRED after the
     * password step, disables the copied conditional OTP subflow (Keycloak's own OTP check), and binds the copy as
     * the realm's direct grant flow.
     */
    public void installDirectGrantFlow(String realm, String alias, String authenticatorId) {
        copyWithoutSubflows(realm, "direct grant", alias);
        addExecution(realm, alias, authenticatorId, "REQUIRED");
        bind(realm, "directGrantFlow", alias);
    }

    /**
     * README's steps by hand: copies the built-in "reset credentials" flow to {@code alias}, adds
     * {@code authenticatorId} REQUIRED right after "Reset Password" (above the copied "Reset - Conditional OTP"),
     * disables that subflow, and binds the copy as the realm's reset credentials flow.
     */
    public void installResetCredentialsFlow(String realm, String alias, String authenticatorId) {
        copyWithoutSubflows(realm, "reset credentials", alias);
        String ours = addExecution(realm, alias, authenticatorId, "REQUIRED");
        // Added last, below the subflow: one step up puts it right after Reset Password.
        http.send("POST", realmPath(realm) + "/authentication/executions/" + ours + "/raise-priority", null, 204);
        bind(realm, "resetCredentialsFlow", alias);
    }

    /** A new, empty top-level flow (a "basic-flow", as "Create flow" in the admin console makes); its id. */
    public String createFlow(String realm, String alias) {
        http.send("POST", realmPath(realm) + "/authentication/flows", http.json().createObjectNode()
                .put("alias", alias).put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false)
                .put("description", ""), 201);
        return elements(http.get(realmPath(realm) + "/authentication/flows")).stream()
                .filter(flow -> alias.equals(flow.path("alias").asText()))
                .findFirst().orElseThrow().path("id").asText();
    }

    public List<JsonNode> executions(String realm, String flowAlias) {
        return elements(http.get(flowPath(realm, flowAlias) + "/executions"));
    }

    /** Adds the step {@code providerId} at the end of flow {@code flowAlias} with {@code requirement}; its id. */
    public String addExecution(String realm, String flowAlias, String providerId, String requirement) {
        http.send("POST", flowPath(realm, flowAlias) + "/executions/execution",
                http.json().createObjectNode().put("provider", providerId), 201);
        return requireLast(realm, flowAlias, execution -> providerId.equals(execution.path("providerId").asText()),
                requirement);
    }

    /** Adds an empty sub-flow {@code alias} at the end of flow {@code parentAlias} with {@code requirement}; its id. */
    public String addSubFlow(String realm, String parentAlias, String alias, String requirement) {
        http.send("POST", flowPath(realm, parentAlias) + "/executions/flow",
                http.json().createObjectNode().put("alias", alias).put("type", "basic-flow").put("description", "")
                        .put("provider", "registration-page-form"),
                201);
        return requireLast(realm, parentAlias, execution -> execution.path("authenticationFlow").asBoolean()
                && alias.equals(execution.path("displayName").asText()), requirement);
    }

    /** Gives the execution {@code executionId} a new config (the gear icon in the flow editor). */
    public void configureExecution(String realm, String executionId, String alias, Map<String, String> values) {
        http.send("POST", realmPath(realm) + "/authentication/executions/" + encode(executionId) + "/config",
                executionConfig(alias, values), 201);
    }

    /**
     * Sets the config of the execution of {@code providerId} in flow {@code flowAlias} (the gear icon in the flow
     * editor): creates it on first use, replaces its values later.
     */
    public void setExecutionConfig(String realm, String flowAlias, String providerId, String alias,
                                   Map<String, String> values) {
        List<JsonNode> executions = executions(realm, flowAlias);
        JsonNode execution = executions.get(indexOf(executions, providerId));
        String existing = execution.path("authenticationConfig").asText("");
        if (existing.isEmpty()) {
            configureExecution(realm, execution.path("id").asText(), alias, values);
        } else {
            ObjectNode config = executionConfig(alias, values).put("id", existing);
            http.send("PUT", realmPath(realm) + "/authentication/config/" + existing, config, 204);
        }
    }

    /** Registers the required action when the realm does not list it yet, and enables it. */
    public void enableRequiredAction(String realm, String providerId, String name) {
        String actions = realmPath(realm) + "/authentication/required-actions";
        boolean registered = elements(http.get(actions)).stream()
                .anyMatch(action -> providerId.equals(action.path("providerId").asText())
                        || providerId.equals(action.path("alias").asText()));
        if (!registered) {
            http.send("POST", realmPath(realm) + "/authentication/register-required-action",
                    http.json().createObjectNode().put("providerId", providerId).put("name", name), 204);
        }
        ObjectNode action = (ObjectNode) http.get(actions + "/" + encode(providerId));
        action.put("enabled", true);
        http.send("PUT", actions + "/" + encode(providerId), action, 204);
    }

    /** PUTs a required action's config (Configure in the admin console); the raw answer, refused or not. */
    public HttpResponse<String> putRequiredActionConfig(String realm, String alias, Map<String, String> config) {
        ObjectNode body = http.json().createObjectNode();
        ObjectNode values = body.putObject("config");
        config.forEach(values::put);
        return http.exchange("PUT",
                realmPath(realm) + "/authentication/required-actions/" + encode(alias) + "/config", body);
    }

    private void installAfterPassword(String realm, String source, String alias, String passwordStep,
                                      String authenticatorId) {
        copy(realm, source, alias);
        List<JsonNode> executions = executions(realm, alias);
        int passwordForm = indexOf(executions, passwordStep);
        JsonNode formsSubflow = parentOf(executions, passwordForm);
        int level = executions.get(passwordForm).path("level").asInt();
        for (JsonNode execution : executions) {
            boolean sibling = execution.path("level").asInt() == level
                    && execution.path("authenticationFlow").asBoolean()
                    && "CONDITIONAL".equals(execution.path("requirement").asText());
            if (sibling && isInside(executions, execution, formsSubflow)) {
                http.send("DELETE", realmPath(realm) + "/authentication/executions/" + execution.path("id").asText(),
                        null, 204);
            }
        }

        String subflowAlias = formsSubflow.path("displayName").asText();
        http.send("POST", flowPath(realm, subflowAlias) + "/executions/execution",
                http.json().createObjectNode().put("provider", authenticatorId), 201);
        executions = executions(realm, alias);
        ObjectNode ours = (ObjectNode) executions.get(indexOf(executions, authenticatorId));
        ours.put("requirement", "REQUIRED");
        http.send("PUT", flowPath(realm, alias) + "/executions", ours, 204);
    }

    private void copy(String realm, String source, String alias) {
        http.send("POST", flowPath(realm, source) + "/copy", http.json().createObjectNode().put("newName", alias), 201);
    }

    /** A copy of {@code source} whose top-level sub-flows (Keycloak's conditional OTP) are all disabled. */
    private void copyWithoutSubflows(String realm, String source, String alias) {
        copy(realm, source, alias);
        for (JsonNode execution : executions(realm, alias)) {
            if (execution.path("authenticationFlow").asBoolean() && execution.path("level").asInt() == 0) {
                ObjectNode disabled = ((ObjectNode) execution).put("requirement", "DISABLED");
                http.send("PUT", flowPath(realm, alias) + "/executions", disabled, 204);
            }
        }
    }

    private void bind(String realm, String binding, String alias) {
        realms.updateRealm(realm, http.json().createObjectNode().put(binding, alias));
    }

    private String requireLast(String realm, String flowAlias, Predicate<JsonNode> which, String requirement) {
        ObjectNode added = (ObjectNode) executions(realm, flowAlias).stream()
                .filter(execution -> execution.path("level").asInt() == 0 && which.test(execution))
                .reduce((first, second) -> second).orElseThrow();
        added.put("requirement", requirement);
        http.send("PUT", flowPath(realm, flowAlias) + "/executions", added, 204);
        return added.path("id").asText();
    }

    private ObjectNode executionConfig(String alias, Map<String, String> values) {
        ObjectNode config = http.json().createObjectNode().put("alias", alias);
        ObjectNode entries = config.putObject("config");
        values.forEach(entries::put);
        return config;
    }

    private static String flowPath(String realm, String flowAlias) {
        return realmPath(realm) + "/authentication/flows/" + encode(flowAlias);
    }

    private static int indexOf(List<JsonNode> executions, String providerId) {
        for (int i = 0; i < executions.size(); i++) {
            if (providerId.equals(executions.get(i).path("providerId").asText())) {
                return i;
            }
        }
        throw new IllegalStateException("No execution " + providerId + " in " + executions);
    }

    /** Executions come as a flat, depth-first list: the parent is the nearest earlier entry one level up. */
    private static JsonNode parentOf(List<JsonNode> executions, int index) {
        int level = executions.get(index).path("level").asInt();
        for (int i = index - 1; i >= 0; i--) {
            if (executions.get(i).path("level").asInt() == level - 1) {
                return executions.get(i);
            }
        }
        throw new IllegalStateException("Execution " + index + " has no parent flow");
    }

    private static boolean isInside(List<JsonNode> executions, JsonNode execution, JsonNode flow) {
        int index = executions.indexOf(execution);
        return index > 0 && parentOf(executions, index).path("id").asText().equals(flow.path("id").asText());
    }
}

package dev.totpmfa.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * The few admin REST calls the ITs need, over {@link HttpClient} and Jackson trees (no admin client library:
 * its version would have to match the server's). Authenticates as the bootstrap admin with {@code admin-cli}.
 */
public final class AdminApi {

    /** Event types the test realms store; every other type is not needed by any assertion. */
    private static final List<String> EVENT_TYPES = List.of(
            "LOGIN", "LOGIN_ERROR", "CODE_TO_TOKEN", "LOGOUT",
            "UPDATE_CREDENTIAL", "UPDATE_CREDENTIAL_ERROR", "REMOVE_CREDENTIAL", "REMOVE_CREDENTIAL_ERROR",
            "UPDATE_TOTP", "UPDATE_TOTP_ERROR", "REMOVE_TOTP", "REMOVE_TOTP_ERROR",
            "CUSTOM_REQUIRED_ACTION", "CUSTOM_REQUIRED_ACTION_ERROR",
            "EXECUTE_ACTIONS", "EXECUTE_ACTIONS_ERROR");

    private final KeycloakTarget target;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private String token;
    private Instant tokenFetched = Instant.EPOCH;

    public AdminApi(KeycloakTarget target) {
        this.target = target;
    }

    public ObjectMapper json() {
        return json;
    }

    // ---- server -------------------------------------------------------------------------------------------

    public JsonNode serverInfo() {
        return get("/admin/serverinfo");
    }

    // ---- realms -------------------------------------------------------------------------------------------

    public void createRealm(ObjectNode representation) {
        send("POST", "/admin/realms", representation, 201);
    }

    public void deleteRealm(String realm) {
        send("DELETE", realmPath(realm), null, 204);
    }

    public JsonNode realm(String realm) {
        return get(realmPath(realm));
    }

    /** PUT of a partial representation: only the fields present change. */
    public void updateRealm(String realm, ObjectNode changes) {
        send("PUT", realmPath(realm), changes, 204);
    }

    /** The realm OTP policy that new enrolments use ({@code algorithm} as Keycloak names it, e.g. HmacSHA256). */
    public void setOtpPolicy(String realm, String algorithm, int digits, int periodSeconds) {
        updateRealm(realm, json.createObjectNode()
                .put("otpPolicyType", "totp")
                .put("otpPolicyAlgorithm", algorithm)
                .put("otpPolicyDigits", digits)
                .put("otpPolicyPeriod", periodSeconds)
                .put("otpPolicyLookAheadWindow", 1));
    }

    /** Stores user events of {@link #EVENT_TYPES} and admin events with their representations. */
    public void enableEvents(String realm) {
        ObjectNode config = json.createObjectNode()
                .put("eventsEnabled", true)
                .put("adminEventsEnabled", true)
                .put("adminEventsDetailsEnabled", true);
        config.putArray("eventsListeners").add("jboss-logging");
        ArrayNode types = config.putArray("enabledEventTypes");
        EVENT_TYPES.forEach(types::add);
        send("PUT", realmPath(realm) + "/events/config", config, 204);
    }

    /** Keycloak's "clear user cache" of a realm: the next read of each user comes from the database. */
    public void clearUserCache(String realm) {
        send("POST", realmPath(realm) + "/clear-user-cache", null, 204);
    }

    /** Whether the realm stores admin events (the admin console's "Save events" of admin events). */
    public void storeAdminEvents(String realm, boolean store) {
        ObjectNode config = (ObjectNode) get(realmPath(realm) + "/events/config");
        config.put("adminEventsEnabled", store);
        send("PUT", realmPath(realm) + "/events/config", config, 204);
    }

    /** The realm's stored user events as the admin console receives them (newest first). */
    public String userEventsJson(String realm) {
        return send("GET", realmPath(realm) + "/events?first=0&max=1000", null, 200);
    }

    public List<JsonNode> userEvents(String realm, String type) {
        return elements(parse(userEventsJson(realm))).stream()
                .filter(event -> type.equals(event.path("type").asText()))
                .toList();
    }

    public String adminEventsJson(String realm) {
        return send("GET", realmPath(realm) + "/admin-events?first=0&max=1000", null, 200);
    }

    // ---- users and credentials ----------------------------------------------------------------------------

    /** Creates an enabled user with a complete profile (no "update profile" step) and a permanent password. */
    public String createUser(String realm, String username, String password) {
        return createUser(realm, username, password, null);
    }

    /**
     * The same, plus one stored credential written as given (e.g. a device of Keycloak's own {@code otp} type, with
     * its {@code credentialData} and {@code secretData} JSON), as an admin migrating users would create it.
     */
    public String createUser(String realm, String username, String password, ObjectNode extraCredential) {
        ObjectNode user = json.createObjectNode()
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", "Test")
                .put("lastName", "User");
        user.putArray("credentials").addObject()
                .put("type", "password")
                .put("value", password)
                .put("temporary", false);
        if (extraCredential != null) {
            ((ArrayNode) user.get("credentials")).add(extraCredential);
        }
        HttpResponse<String> response = exchange("POST", realmPath(realm) + "/users", user);
        expect(response, 201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * A user as {@link #createUser} plus a TOTP device of Keycloak's own OTP form ({@code otp} credential), stored as
     * Keycloak stores one: {@code secretRaw} is the secret's UTF-8 text (Keycloak's default secret encoding).
     */
    public String createUserWithBuiltInTotp(String realm, String username, String password, String secretRaw,
                                            String algorithm, int digits, int periodSeconds) {
        ObjectNode user = json.createObjectNode()
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", "Test")
                .put("lastName", "User");
        var credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        credentials.addObject()
                .put("type", "otp")
                .put("userLabel", "Keycloak phone")
                .put("secretData", json.createObjectNode().put("value", secretRaw).toString())
                .put("credentialData", json.createObjectNode().put("subType", "totp").put("digits", digits)
                        .put("counter", 0).put("period", periodSeconds).put("algorithm", algorithm).toString());
        HttpResponse<String> response = exchange("POST", realmPath(realm) + "/users", user);
        expect(response, 201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public List<JsonNode> credentials(String realm, String userId) {
        return elements(get(realmPath(realm) + "/users/" + userId + "/credentials"));
    }

    public List<JsonNode> credentials(String realm, String userId, String type) {
        return credentials(realm, userId).stream().filter(c -> type.equals(c.path("type").asText())).toList();
    }

    public void deleteCredential(String realm, String userId, String credentialId) {
        send("DELETE", realmPath(realm) + "/users/" + userId + "/credentials/" + credentialId, null, 204);
    }

    /** Sets the user's password as an admin does ({@code PUT users/{id}/reset-password}), not temporary. */
    public void resetPassword(String realm, String userId, String password) {
        send("PUT", realmPath(realm) + "/users/" + userId + "/reset-password", json().createObjectNode()
                .put("type", "password").put("value", password).put("temporary", false), 204);
    }

    /** Ends all of the user's sessions, so that the next browser login asks for the second factor again. */
    public void logoutUser(String realm, String userId) {
        send("POST", realmPath(realm) + "/users/" + userId + "/logout", null, 204);
    }

    public void deleteUser(String realm, String userId) {
        send("DELETE", realmPath(realm) + "/users/" + userId, null, 204);
    }

    /** The id of the client {@code clientId} (its UUID, as the admin API's client paths want it). */
    public String clientUuid(String realm, String clientId) {
        return get(realmPath(realm) + "/clients?clientId=" + encode(clientId)).get(0).path("id").asText();
    }

    /** Grants the user roles of one client of the realm, e.g. {@code view-users} of {@code realm-management}. */
    public void grantClientRoles(String realm, String userId, String clientId, List<String> roles) {
        String client = clientUuid(realm, clientId);
        ArrayNode body = json.createArrayNode();
        roles.forEach(role -> body.add(get(realmPath(realm) + "/clients/" + client + "/roles/" + encode(role))));
        send("POST", realmPath(realm) + "/users/" + userId + "/role-mappings/clients/" + client, body, 204);
    }

    /** The user's id, by exact username. */
    public String userId(String realm, String username) {
        JsonNode users = get(realmPath(realm) + "/users?exact=true&username=" + encode(username));
        if (users.size() != 1) {
            throw new IllegalStateException("No single user " + username + " in " + realm + ": " + users);
        }
        return users.get(0).path("id").asText();
    }

    /** Partial import of users with their credentials as given (stored columns included), failing on a clash. */
    public void importUsers(String realm, ArrayNode users) {
        ObjectNode body = json.createObjectNode().put("ifResourceExists", "FAIL");
        body.set("users", users);
        send("POST", realmPath(realm) + "/partialImport", body, 200);
    }

    // ---- realm keys (Realm settings -> Keys -> Providers) --------------------------------------------------

    /** The realm's key-provider components with {@code providerId}, e.g. {@code aes-generated}. */
    public List<JsonNode> keyProviders(String realm, String providerId) {
        return elements(get(realmPath(realm) + "/components?type=org.keycloak.keys.KeyProvider")).stream()
                .filter(component -> providerId.equals(component.path("providerId").asText()))
                .toList();
    }

    /** "Add provider": a generated key of {@code providerId} with {@code priority}, as an admin rotates keys. */
    public void addKeyProvider(String realm, String providerId, int priority) {
        ObjectNode component = json.createObjectNode()
                .put("name", providerId + "-" + priority)
                .put("providerId", providerId)
                .put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", realm(realm).path("id").asText());
        component.putObject("config").putArray("priority").add(String.valueOf(priority));
        send("POST", realmPath(realm) + "/components", component, 201);
    }

    public void deleteComponent(String realm, String componentId) {
        send("DELETE", realmPath(realm) + "/components/" + encode(componentId), null, 204);
    }

    // ---- authentication flows and required actions --------------------------------------------------------

    /**
     * Copies the built-in browser flow to {@code alias}, puts {@code authenticatorId} REQUIRED right after the
     * username/password form (in the copied "forms" subflow, whose conditional OTP subflow is removed), and binds
     * the copy as the realm's browser flow.
     */
    public void installBrowserFlow(String realm, String alias, String authenticatorId) {
        installAfterPassword(realm, "browser", alias, "auth-username-password-form", authenticatorId);
        updateRealm(realm, json.createObjectNode().put("browserFlow", alias));
    }

    /**
     * Copies the built-in "first broker login" flow to {@code alias}, puts {@code authenticatorId} REQUIRED right
     * after the password form that links an existing account (Keycloak's conditional 2FA subflow there removed), and
     * binds the copy as the realm's first broker login flow.
     */
    public void installFirstBrokerLoginFlow(String realm, String alias, String authenticatorId) {
        installAfterPassword(realm, "first broker login", alias, "idp-username-password-form", authenticatorId);
        updateRealm(realm, json.createObjectNode().put("firstBrokerLoginFlow", alias));
    }

    private void installAfterPassword(String realm, String source, String alias, String passwordStep,
                                      String authenticatorId) {
        String flows = realmPath(realm) + "/authentication/flows/";
        send("POST", flows + encode(source) + "/copy", json.createObjectNode().put("newName", alias), 201);

        List<JsonNode> executions = executions(realm, alias);
        int passwordForm = indexOf(executions, passwordStep);
        JsonNode formsSubflow = parentOf(executions, passwordForm);
        int level = executions.get(passwordForm).path("level").asInt();
        for (JsonNode execution : executions) {
            boolean sibling = execution.path("level").asInt() == level
                    && execution.path("authenticationFlow").asBoolean()
                    && "CONDITIONAL".equals(execution.path("requirement").asText());
            if (sibling && isInside(executions, execution, formsSubflow)) {
                send("DELETE", realmPath(realm) + "/authentication/executions/" + execution.path("id").asText(), null,
                        204);
            }
        }

        String subflowAlias = formsSubflow.path("displayName").asText();
        send("POST", flows + encode(subflowAlias) + "/executions/execution",
                json.createObjectNode().put("provider", authenticatorId), 201);
        executions = executions(realm, alias);
        ObjectNode ours = (ObjectNode) executions.get(indexOf(executions, authenticatorId));
        ours.put("requirement", "REQUIRED");
        send("PUT", flows + encode(alias) + "/executions", ours, 204);
    }

    public List<JsonNode> executions(String realm, String flowAlias) {
        return elements(get(realmPath(realm) + "/authentication/flows/" + encode(flowAlias) + "/executions"));
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

    /** Registers the required action when the realm does not list it yet, and enables it. */
    public void enableRequiredAction(String realm, String providerId, String name) {
        String actions = realmPath(realm) + "/authentication/required-actions";
        boolean registered = elements(get(actions)).stream()
                .anyMatch(action -> providerId.equals(action.path("providerId").asText())
                        || providerId.equals(action.path("alias").asText()));
        if (!registered) {
            send("POST", realmPath(realm) + "/authentication/register-required-action",
                    json.createObjectNode().put("providerId", providerId).put("name", name), 204);
        }
        ObjectNode action = (ObjectNode) get(actions + "/" + encode(providerId));
        action.put("enabled", true);
        send("PUT", actions + "/" + encode(providerId), action, 204);
    }

    /**
     * Copies the built-in "direct grant" flow to {@code alias}, adds {@code authenticatorId} REQUIRED after the
     * password step, disables the copied conditional OTP subflow (Keycloak's own OTP check), and binds the copy as
     * the realm's direct grant flow.
     */
    public void installDirectGrantFlow(String realm, String alias, String authenticatorId) {
        String flows = realmPath(realm) + "/authentication/flows/";
        send("POST", flows + "direct%20grant/copy", json.createObjectNode().put("newName", alias), 201);
        for (JsonNode execution : executions(realm, alias)) {
            if (execution.path("authenticationFlow").asBoolean() && execution.path("level").asInt() == 0) {
                ObjectNode disabled = ((ObjectNode) execution).put("requirement", "DISABLED");
                send("PUT", flows + encode(alias) + "/executions", disabled, 204);
            }
        }
        send("POST", flows + encode(alias) + "/executions/execution",
                json.createObjectNode().put("provider", authenticatorId), 201);
        List<JsonNode> executions = executions(realm, alias);
        ObjectNode ours = (ObjectNode) executions.get(indexOf(executions, authenticatorId));
        ours.put("requirement", "REQUIRED");
        send("PUT", flows + encode(alias) + "/executions", ours, 204);
        updateRealm(realm, json.createObjectNode().put("directGrantFlow", alias));
    }

    /**
     * README's steps by hand: copies the built-in "reset credentials" flow to {@code alias}, adds
     * {@code authenticatorId} REQUIRED right after "Reset Password" (above the copied "Reset - Conditional OTP"),
     * disables that subflow, and binds the copy as the realm's reset credentials flow.
     */
    public void installResetCredentialsFlow(String realm, String alias, String authenticatorId) {
        String flows = realmPath(realm) + "/authentication/flows/";
        send("POST", flows + "reset%20credentials/copy", json.createObjectNode().put("newName", alias), 201);
        for (JsonNode execution : executions(realm, alias)) {
            if (execution.path("authenticationFlow").asBoolean() && execution.path("level").asInt() == 0) {
                ObjectNode disabled = ((ObjectNode) execution).put("requirement", "DISABLED");
                send("PUT", flows + encode(alias) + "/executions", disabled, 204);
            }
        }
        String ours = addExecution(realm, alias, authenticatorId, "REQUIRED");
        // Added last, below the subflow: one step up puts it right after Reset Password.
        send("POST", realmPath(realm) + "/authentication/executions/" + ours + "/raise-priority", null, 204);
        updateRealm(realm, json.createObjectNode().put("resetCredentialsFlow", alias));
    }

    /** Turns "Forgot password" on, with the realm's mail going to the SMTP server on {@code smtpPort}. */
    public void enableForgotPassword(String realm, int smtpPort) {
        ObjectNode changes = json.createObjectNode().put("resetPasswordAllowed", true);
        changes.putObject("smtpServer").put("host", "127.0.0.1").put("port", Integer.toString(smtpPort))
                .put("from", "no-reply@totpmfa.test").put("auth", "false").put("ssl", "false")
                .put("starttls", "false");
        updateRealm(realm, changes);
    }

    public void disableForgotPassword(String realm) {
        ObjectNode changes = json.createObjectNode().put("resetPasswordAllowed", false);
        changes.putObject("smtpServer");
        updateRealm(realm, changes);
    }

    /** A call to our admin API under {@code /admin/realms/{realm}/totp-mfa/} as the master admin; its JSON. */
    public JsonNode totpMfa(String realm, String method, String path) {
        return parse(send(method, realmPath(realm) + "/totp-mfa/" + path, null, 200));
    }

    /** A new, empty top-level flow (a "basic-flow", as "Create flow" in the admin console makes); its id. */
    public String createFlow(String realm, String alias) {
        send("POST", realmPath(realm) + "/authentication/flows", json.createObjectNode()
                .put("alias", alias).put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false)
                .put("description", ""), 201);
        return elements(get(realmPath(realm) + "/authentication/flows")).stream()
                .filter(flow -> alias.equals(flow.path("alias").asText()))
                .findFirst().orElseThrow().path("id").asText();
    }

    /** Adds the step {@code providerId} at the end of flow {@code flowAlias} with {@code requirement}; its id. */
    public String addExecution(String realm, String flowAlias, String providerId, String requirement) {
        send("POST", realmPath(realm) + "/authentication/flows/" + encode(flowAlias) + "/executions/execution",
                json.createObjectNode().put("provider", providerId), 201);
        return requireLast(realm, flowAlias, execution -> providerId.equals(execution.path("providerId").asText()),
                requirement);
    }

    /** Adds an empty sub-flow {@code alias} at the end of flow {@code parentAlias} with {@code requirement}; its id. */
    public String addSubFlow(String realm, String parentAlias, String alias, String requirement) {
        send("POST", realmPath(realm) + "/authentication/flows/" + encode(parentAlias) + "/executions/flow",
                json.createObjectNode().put("alias", alias).put("type", "basic-flow").put("description", "")
                        .put("provider", "registration-page-form"),
                201);
        return requireLast(realm, parentAlias, execution -> execution.path("authenticationFlow").asBoolean()
                && alias.equals(execution.path("displayName").asText()), requirement);
    }

    private String requireLast(String realm, String flowAlias, Predicate<JsonNode> which,
                               String requirement) {
        ObjectNode added = (ObjectNode) executions(realm, flowAlias).stream()
                .filter(execution -> execution.path("level").asInt() == 0 && which.test(execution))
                .reduce((first, second) -> second).orElseThrow();
        added.put("requirement", requirement);
        send("PUT", realmPath(realm) + "/authentication/flows/" + encode(flowAlias) + "/executions", added, 204);
        return added.path("id").asText();
    }

    /** Gives the execution {@code executionId} a new config (the gear icon in the flow editor). */
    public void configureExecution(String realm, String executionId, String alias, Map<String, String> values) {
        ObjectNode config = json.createObjectNode().put("alias", alias);
        ObjectNode entries = config.putObject("config");
        values.forEach(entries::put);
        send("POST", realmPath(realm) + "/authentication/executions/" + encode(executionId) + "/config", config,
                201);
    }

    // ---- clients ------------------------------------------------------------------------------------------

    /** A public client for the authorization code flow only (no direct grant), redirecting to {@code redirectUri}. */
    public void createPublicClient(String realm, String clientId, String redirectUri) {
        ObjectNode client = json.createObjectNode()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("standardFlowEnabled", true)
                .put("directAccessGrantsEnabled", false)
                .put("enabled", true);
        client.putArray("redirectUris").add(redirectUri);
        send("POST", realmPath(realm) + "/clients", client, 201);
    }

    /** Creates a client from its representation; its id (not its clientId). */
    public String createClient(String realm, ObjectNode client) {
        HttpResponse<String> response = exchange("POST", realmPath(realm) + "/clients", client);
        expect(response, 201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Adds a protocol mapper (e.g. {@code oidc-amr-mapper}) to the client whose id is {@code clientUuid}. */
    public void addProtocolMapper(String realm, String clientUuid, ObjectNode mapper) {
        send("POST", realmPath(realm) + "/clients/" + encode(clientUuid) + "/protocol-mappers/models", mapper, 201);
    }

    // ---- authenticator config and attack detection ------------------------------------------------------

    /**
     * Sets the config of the execution of {@code providerId} in flow {@code flowAlias} (the gear icon in the flow
     * editor): creates it on first use, replaces its values later.
     */
    public void setExecutionConfig(String realm, String flowAlias, String providerId, String alias,
                                   java.util.Map<String, String> values) {
        JsonNode execution = executions(realm, flowAlias).get(indexOf(executions(realm, flowAlias), providerId));
        ObjectNode config = json.createObjectNode().put("alias", alias);
        ObjectNode entries = config.putObject("config");
        values.forEach(entries::put);
        String existing = execution.path("authenticationConfig").asText("");
        if (existing.isEmpty()) {
            send("POST", realmPath(realm) + "/authentication/executions/" + execution.path("id").asText() + "/config",
                    config, 201);
        } else {
            config.put("id", existing);
            send("PUT", realmPath(realm) + "/authentication/config/" + existing, config, 204);
        }
    }

    /** Keycloak's brute-force record of the user ({@code numFailures}, {@code disabled}, ...). */
    public JsonNode bruteForceStatus(String realm, String userId) {
        return get(realmPath(realm) + "/attack-detection/brute-force/users/" + userId);
    }

    /** The admin console's "Unlock user": deletes the user's login-failure record. */
    public void clearLoginFailures(String realm, String userId) {
        send("DELETE", realmPath(realm) + "/attack-detection/brute-force/users/" + userId, null, 204);
    }

    /** The user's pending required actions. */
    public List<String> requiredActions(String realm, String userId) {
        return elements(get(realmPath(realm) + "/users/" + userId).path("requiredActions")).stream()
                .map(JsonNode::asText).toList();
    }

    /** A public client that may use the resource-owner password grant (direct access grants) only. */
    public void createDirectGrantClient(String realm, String clientId) {
        ObjectNode client = json.createObjectNode()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true)
                .put("enabled", true);
        send("POST", realmPath(realm) + "/clients", client, 201);
    }

    /**
     * Merges {@code changes} into the user's current representation ({@code attributes} key by key) and PUTs the
     * whole: with the user profile on, a partial PUT would drop the attributes it does not name.
     */
    public void updateUser(String realm, String userId, ObjectNode changes) {
        ObjectNode user = (ObjectNode) get(realmPath(realm) + "/users/" + userId);
        changes.properties().forEach(field -> {
            if ("attributes".equals(field.getKey()) && user.path("attributes").isObject()) {
                ((ObjectNode) user.get("attributes")).setAll((ObjectNode) field.getValue());
            } else {
                user.set(field.getKey(), field.getValue());
            }
        });
        send("PUT", realmPath(realm) + "/users/" + userId, user, 204);
    }

    /** The user's required actions replaced by {@code actions} (e.g. Keycloak's own CONFIGURE_TOTP). */
    public void setRequiredActions(String realm, String userId, List<String> actions) {
        ObjectNode changes = json.createObjectNode();
        ArrayNode list = changes.putArray("requiredActions");
        actions.forEach(list::add);
        updateUser(realm, userId, changes);
    }

    /** The users of our admin API's {@code GET users} (at most 1000), as the master admin sees them. */
    public List<JsonNode> totpMfaUsers(String realm) {
        return elements(get(realmPath(realm) + "/totp-mfa/users?first=0&max=1000"));
    }

    /** PUTs a required action's config (Configure in the admin console); the raw answer, refused or not. */
    public HttpResponse<String> putRequiredActionConfig(String realm, String alias, Map<String, String> config) {
        ObjectNode body = json.createObjectNode();
        ObjectNode values = body.putObject("config");
        config.forEach(values::put);
        return exchange("PUT", realmPath(realm) + "/authentication/required-actions/" + encode(alias) + "/config",
                body);
    }

    // ---- identity providers and fine-grained admin permissions -------------------------------------------

    /**
     * An OpenID Connect identity provider {@code alias} of {@code realm} that signs users in at realm
     * {@code idpRealm} of the same server with the confidential client {@code clientId}/{@code secret}: tokens
     * fetched over the back channel, claims read from the ID token (no signature check: same server, test only).
     */
    public void createOidcIdentityProvider(String realm, String alias, String idpRealm, String clientId,
                                           String secret) {
        String oidc = target.baseUrl() + "/realms/" + encode(idpRealm) + "/protocol/openid-connect";
        ObjectNode provider = json.createObjectNode().put("alias", alias).put("providerId", "oidc")
                .put("enabled", true).put("trustEmail", false);
        provider.putObject("config")
                .put("authorizationUrl", oidc + "/auth")
                .put("tokenUrl", oidc + "/token")
                .put("clientId", clientId)
                .put("clientSecret", secret)
                .put("clientAuthMethod", "client_secret_post")
                .put("defaultScope", "openid profile email")
                .put("validateSignature", "false")
                .put("syncMode", "IMPORT");
        send("POST", realmPath(realm) + "/identity-provider/instances", provider, 201);
    }

    public JsonNode identityProvider(String realm, String alias) {
        return get(realmPath(realm) + "/identity-provider/instances/" + encode(alias));
    }

    /** The identity-provider links of a user ({@code identityProvider}, {@code userId}, {@code userName}). */
    public List<JsonNode> federatedIdentities(String realm, String userId) {
        return elements(get(realmPath(realm) + "/users/" + encode(userId) + "/federated-identity"));
    }

    /** A group of the realm; its id. */
    public String createGroup(String realm, String name) {
        HttpResponse<String> response = exchange("POST", realmPath(realm) + "/groups",
                json.createObjectNode().put("name", name));
        expect(response, 201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void joinGroup(String realm, String userId, String groupId) {
        send("PUT", realmPath(realm) + "/users/" + encode(userId) + "/groups/" + encode(groupId), null, 204);
    }

    /**
     * A request to any admin path ({@code /admin/realms/...}) with the master admin's token; the raw answer.
     */
    public HttpResponse<String> request(String method, String path, JsonNode body) {
        return exchange(method, path, body);
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private static String realmPath(String realm) {
        return "/admin/realms/" + encode(realm);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode get(String path) {
        return parse(send("GET", path, null, 200));
    }

    public JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
    }

    private String send(String method, String path, JsonNode body, int expectedStatus) {
        HttpResponse<String> response = exchange(method, path, body);
        expect(response, expectedStatus);
        return response.body();
    }

    private static void expect(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " -> "
                    + response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
        }
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body) {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() == 401) {
            // A token of a server that has since restarted on another database (a test's own): a new one, once.
            forgetToken();
            response = send(method, path, body);
        }
        return response;
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, publisher)
                .build();
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException staleConnection) {
                // A pooled connection to a server that has since been restarted: one new connection, once.
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void forgetToken() {
        token = null;
    }

    /** Master realm tokens live 60 s; a fresh one every 30 s keeps calls from racing the expiry. */
    private synchronized String token() {
        if (token != null && Duration.between(tokenFetched, Instant.now()).toSeconds() < 30) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli"
                + "&username=" + URLEncoder.encode(target.adminUser(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(target.adminPassword(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(target.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException staleConnection) {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            expect(response, 200);
            token = parse(response.body()).path("access_token").asText();
            tokenFetched = Instant.now();
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("admin token", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

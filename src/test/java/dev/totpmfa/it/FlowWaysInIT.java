package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LdapDirectory;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ways into a realm that skip our step, as {@code GET flows} names them and the installer closes them: Kerberos
 * that a real LDAP provider switches on, a security key the installer must keep, a flow it cannot convert safely,
 * and the ways in that run no second factor at all (SAML ECP, the JWT authorization grant, token exchange). Each test has a realm of
 * its own, made by the harness with our step REQUIRED after the password in its browser flow.
 *
 * <p>Each test was seen to fail with its guarantee taken out of the main code (temporary edits, reverted): the
 * every-path rule finding no way past our step ({@code FlowPaths.withoutCode} always empty) fails the Kerberos test
 * (the browser flow not weaker with Kerberos ALTERNATIVE), the conflict test (the copy made and bound) and the ECP test
 * (no {@code http-basic-authenticator}); the installer no longer guarding a step that completes the flow alone fails
 * the Kerberos test (its answer {@code skipped}); our step added REQUIRED whatever stands beside it (Keycloak would
 * then never run the key), and {@code conditional-user-configured} left on beside our step (the answer
 * {@code conflict}), each fail the security-key test; the plan no longer refusing a copy with a way past our step (the
 * answer {@code copy-and-bind}), and the copy written although the answer is {@code conflict}, each fail the conflict
 * test; {@code GET flows} without the ECP row, without the JWT-grant row, or without the token-exchange row fails the
 * test of that way ("no flow bound as …").
 */
@KeycloakIT
class FlowWaysInIT {

    @RegisterExtension
    static final LdapDirectory ldap = LdapDirectory.start();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static final String CONDITIONAL_2FA = "Browser - Conditional 2FA";
    /** A copy of the stock browser flow whose second factor only holders of a role are asked for. */
    private static final String ADMINS_2FA = "browser 2fa for admins";
    /** {@code GET flows}' row for token exchange v1 (no flow, so no alias). */
    private static final String EXTERNAL_TOKEN_EXCHANGE = "token exchange of external tokens";

    /**
     * LDAP's "Allow Kerberos authentication" makes Keycloak turn every Kerberos execution of the realm ALTERNATIVE,
     * the browser flow's too: a SPNEGO sign-in then completes the flow without our code. {@code GET flows} names
     * it, and the installer's copy runs our step after Kerberos, so that no way through it skips our step.
     */
    @Test
    void kerberosFromLdapIsAWayPastOurStepUntilTheInstallerFollowsItWithOurStep() {
        try (TestRealm realm = TestRealm.create(keycloak, admin, "kerberos")) {
            String browser = admin.realms().realm(realm.name()).path("browserFlow").asText();
            assertThat(flow(flows(realm), "browser").path("weaker").asBoolean()).as("before LDAP").isFalse();

            ldap.federate(realm, LdapDirectory.Mode.READ_ONLY_IMPORT, Map.of("allowKerberosAuthentication", "true",
                    "kerberosRealm", "TOTP-MFA.TEST", "serverPrincipal", "HTTP/localhost@TOTP-MFA.TEST",
                    "keyTab", "/nonexistent/http.keytab", "useKerberosForPasswordAuthentication", "false"));

            assertThat(requirement(realm.name(), browser, "auth-spnego")).isEqualTo("ALTERNATIVE");
            JsonNode before = flow(flows(realm), "browser");
            assertThat(before.path("secondFactor").asText()).isEqualTo("totp-mfa");
            assertThat(before.path("weaker").asBoolean()).as("weaker with Kerberos: " + before).isTrue();
            assertThat(before.path("withoutCode")).extracting(JsonNode::asText).containsExactly("auth-spnego");

            JsonNode install = binding(admin.totpMfa(realm.name(), "POST", "flows/install?dryRun=false"), "browser");
            assertThat(install.path("action").asText()).as(install.toString()).isEqualTo("copy-and-bind");
            assertThat(install.path("changes")).extracting(JsonNode::asText).anyMatch(change -> change.startsWith(
                    "disable auth-spnego in '" + browser + "' and add in its place the subflow"));

            JsonNode after = flow(flows(realm), "browser");
            assertThat(after.path("alias").asText()).isEqualTo(browser + " with totp-mfa");
            assertThat(after.path("weaker").asBoolean()).isFalse();
            assertThat(after.path("withoutCode")).isEmpty();
            List<JsonNode> copy = admin.flows().executions(realm.name(), browser + " with totp-mfa");
            assertThat(copy).filteredOn(step -> "auth-spnego".equals(step.path("providerId").asText()))
                    .extracting(step -> step.path("requirement").asText() + "@" + step.path("level").asInt())
                    .containsExactly("DISABLED@0", "ALTERNATIVE@2");
            assertThat(copy).filteredOn(step -> ProviderIds.LOGIN_FORM.equals(step.path("providerId").asText()))
                    .extracting(step -> step.path("requirement").asText() + "@" + step.path("level").asInt())
                    .contains("REQUIRED@1");
        }
    }

    /**
     * A realm that switched its security keys on (WebAuthn Authenticator ALTERNATIVE in the stock browser flow's
     * "Conditional 2FA") keeps them: the installer disables only Keycloak's OTP step, puts ours beside the key, keeps
     * the passkey condition, and lists each execution it disables or adds.
     */
    @Test
    void theInstallerKeepsAnEnabledSecurityKeyAndListsWhatItChanges() {
        try (TestRealm realm = TestRealm.create(keycloak, admin, "webauthn")) {
            setRequirement(realm.name(), "browser", "webauthn-authenticator", "ALTERNATIVE");
            admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("browserFlow", "browser"));

            JsonNode install = binding(admin.totpMfa(realm.name(), "POST", "flows/install?dryRun=false"), "browser");

            assertThat(install.path("action").asText()).as(install.toString()).isEqualTo("copy-and-bind");
            assertThat(install.path("changes")).extracting(JsonNode::asText).containsExactly(
                    "disable auth-otp-form in '" + CONDITIONAL_2FA + "'",
                    "add totp-mfa-form (ALTERNATIVE) in '" + CONDITIONAL_2FA + "' where auth-otp-form was, beside"
                            + " webauthn-authenticator",
                    "disable conditional-user-configured in '" + CONDITIONAL_2FA + "' (it would skip totp-mfa-form"
                            + " for a user without a second factor)");
            List<JsonNode> copy = admin.flows().executions(realm.name(), "browser with totp-mfa");
            assertThat(requirementIn(copy, "webauthn-authenticator")).isEqualTo("ALTERNATIVE");
            assertThat(requirementIn(copy, ProviderIds.LOGIN_FORM)).isEqualTo("ALTERNATIVE");
            assertThat(requirementIn(copy, "auth-otp-form")).isEqualTo("DISABLED");
            assertThat(requirementIn(copy, "conditional-credential")).isEqualTo("REQUIRED");
            assertThat(copy).filteredOn(step -> step.path("displayName").asText().endsWith(CONDITIONAL_2FA))
                    .extracting(step -> step.path("requirement").asText()).containsExactly("CONDITIONAL");
            assertThat(requirement(realm.name(), "browser", "webauthn-authenticator")).as("the original")
                    .isEqualTo("ALTERNATIVE");
            JsonNode bound = flow(flows(realm), "browser");
            assertThat(bound.path("alias").asText()).isEqualTo("browser with totp-mfa");
            assertThat(bound.path("weaker").asBoolean()).isFalse();
        }
    }

    /**
     * "Conditional 2FA" only for holders of a role: our step in its place would be skipped for everyone else, who
     * would then sign in on the password alone. The installer says so and changes nothing.
     */
    @Test
    void aFlowItCannotConvertSafelyIsAConflictAndNothingChanges() {
        try (TestRealm realm = TestRealm.create(keycloak, admin, "conflict")) {
            HttpResponse<String> copied = admin.request("POST", "/admin/realms/" + realm.name()
                    + "/authentication/flows/browser/copy", admin.json().createObjectNode().put("newName", ADMINS_2FA));
            assertThat(copied.statusCode()).as(copied.body()).isEqualTo(201);
            String role = admin.flows().addExecution(realm.name(), ADMINS_2FA + " " + CONDITIONAL_2FA,
                    "conditional-user-role",
                    "REQUIRED");
            admin.flows().configureExecution(realm.name(), role, "only admins", Map.of("condUserRole", "admin"));
            admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("browserFlow", ADMINS_2FA));

            JsonNode install = binding(admin.totpMfa(realm.name(), "POST", "flows/install?dryRun=false"), "browser");

            assertThat(install.path("action").asText()).as(install.toString()).isEqualTo("conflict");
            assertThat(install.path("reason").asText()).contains("auth-username-password-form");
            assertThat(install.path("changes")).isEmpty();
            assertThat(admin.realms().realm(realm.name()).path("browserFlow").asText()).isEqualTo(ADMINS_2FA);
            assertThat(admin.flows().executions(realm.name(), ADMINS_2FA))
                    .noneMatch(step -> ProviderIds.LOGIN_FORM.equals(
                            step.path("providerId").asText()));
            assertThat(flowAliases(realm.name())).doesNotContain(ADMINS_2FA + " with totp-mfa");
        }
    }

    /** A SAML client with ECP on signs in with HTTP Basic; the JWT grant trades another issuer's token. */
    @Test
    void samlEcpAndTheJwtAuthorizationGrantAreWaysInWithoutACode() {
        try (TestRealm realm = TestRealm.create(keycloak, admin, "waysin")) {
            ObjectNode saml = admin.json().createObjectNode().put("clientId", "urn:it:ecp").put("protocol", "saml")
                    .put("enabled", true);
            saml.putObject("attributes").put("saml.allow.ecp.flow", "true");
            admin.clients().createClient(realm.name(), saml);
            ObjectNode jwt = admin.json().createObjectNode().put("clientId", "it-jwt-grant")
                    .put("protocol", "openid-connect").put("publicClient", false).put("enabled", true);
            jwt.putObject("attributes").put("oauth2.jwt.authorization.grant.enabled", "true");
            admin.clients().createClient(realm.name(), jwt);

            JsonNode flows = flows(realm);

            JsonNode ecp = flow(flows, "saml ecp of client urn:it:ecp");
            assertThat(ecp.path("alias").asText()).isEqualTo("saml ecp");
            assertThat(ecp.path("weaker").asBoolean()).isTrue();
            assertThat(ecp.path("withoutCode")).extracting(JsonNode::asText)
                    .containsExactly("http-basic-authenticator");
            JsonNode grant = flow(flows, "jwt authorization grant of client it-jwt-grant");
            assertThat(grant.path("weaker").asBoolean()).isTrue();
            assertThat(grant.path("secondFactor").asText()).isEqualTo("none");
            assertThat(flows.path("warning").asText()).contains("saml ecp of client urn:it:ecp",
                    "jwt authorization grant of client it-jwt-grant");
        }
    }

    /**
     * Token exchange v1 trades an identity provider's token for ours with no flow at all. Off by default (a preview
     * feature), it is no way in; switched on with {@code --features=token-exchange}, {@code GET flows} lists it
     * without a second factor and warns about it. The server gets its default options back afterwards.
     */
    @Test
    void theTokenExchangeOfExternalTokensIsAWayInWhileItsFeatureIsOn() {
        assumeTrue(keycloak.supportsRestart(), "the target cannot be restarted with other options");
        try (TestRealm realm = TestRealm.create(keycloak, admin, "noexchange")) {
            assertThat(boundAs(flows(realm))).as("feature off").doesNotContain(EXTERNAL_TOKEN_EXCHANGE);
        }
        keycloak.restart(List.of("--features=token-exchange"));
        try (TestRealm realm = TestRealm.create(keycloak, admin, "exchange")) {
            JsonNode flows = flows(realm);
            JsonNode exchange = flow(flows, EXTERNAL_TOKEN_EXCHANGE);
            assertThat(exchange.path("alias").asText()).isEqualTo("(none)");
            assertThat(exchange.path("secondFactor").asText()).isEqualTo("none");
            assertThat(exchange.path("weaker").asBoolean()).isTrue();
            assertThat(exchange.path("withoutCode")).extracting(JsonNode::asText)
                    .containsExactly("a token of an identity provider");
            assertThat(flows.path("warning").asText()).contains(EXTERNAL_TOKEN_EXCHANGE);
        } finally {
            keycloak.ensureStartedWithDefaults();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static JsonNode flows(TestRealm realm) {
        return admin.totpMfa(realm.name(), "GET", "flows");
    }

    private static JsonNode flow(JsonNode flows, String boundAs) {
        return StreamSupport.stream(flows.path("flows").spliterator(), false)
                .filter(flow -> boundAs.equals(flow.path("boundAs").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no flow bound as " + boundAs + ": " + flows));
    }

    private static List<String> boundAs(JsonNode flows) {
        return StreamSupport.stream(flows.path("flows").spliterator(), false)
                .map(flow -> flow.path("boundAs").asText()).toList();
    }

    private static JsonNode binding(JsonNode install, String binding) {
        return StreamSupport.stream(install.path("flows").spliterator(), false)
                .filter(flow -> binding.equals(flow.path("binding").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no binding " + binding + ": " + install));
    }

    private static String requirement(String realm, String flowAlias, String providerId) {
        return requirementIn(admin.flows().executions(realm, flowAlias), providerId);
    }

    private static String requirementIn(List<JsonNode> executions, String providerId) {
        return executions.stream().filter(step -> providerId.equals(step.path("providerId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + providerId + " in " + executions))
                .path("requirement").asText();
    }

    private static void setRequirement(String realm, String flowAlias, String providerId, String requirement) {
        ObjectNode execution = (ObjectNode) admin.flows().executions(realm, flowAlias).stream()
                .filter(step -> providerId.equals(step.path("providerId").asText())).findFirst().orElseThrow();
        execution.put("requirement", requirement);
        HttpResponse<String> updated = admin.request("PUT", "/admin/realms/" + realm + "/authentication/flows/"
                + flowAlias + "/executions", execution);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    }

    private static List<String> flowAliases(String realm) {
        HttpResponse<String> flows = admin.request("GET", "/admin/realms/" + realm + "/authentication/flows", null);
        return StreamSupport.stream(admin.parse(flows.body()).spliterator(), false)
                .map(flow -> flow.path("alias").asText()).toList();
    }
}

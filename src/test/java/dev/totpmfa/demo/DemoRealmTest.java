package dev.totpmfa.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.totpmfa.flow.FlowCheck;
import dev.totpmfa.flow.FlowStep;
import dev.totpmfa.flow.SecondFactor;
import dev.totpmfa.names.ProviderIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The demo realm is what `bin/demo` and `docker/compose.yml` import; Keycloak imports a broken flow without
 * complaint and only fails at the first login. These checks parse it with Keycloak's own representation
 * classes and pin it to the provider ids of README's public names, so a rename cannot silently break the demo.
 */
class DemoRealmTest {

    private static final Path REALM_FILE = Path.of("docker/realm/totp-mfa-demo-realm.json");
    private static final Path DEMO_SCRIPT = Path.of("bin/demo");

    private static RealmRepresentation realm;
    private static Map<String, AuthenticationFlowRepresentation> flows;

    @BeforeAll
    static void readRealm() throws IOException {
        try (InputStream in = Files.newInputStream(REALM_FILE)) {
            realm = JsonSerialization.readValue(in, RealmRepresentation.class);
        }
        flows = realm.getAuthenticationFlows().stream()
                .collect(Collectors.toMap(AuthenticationFlowRepresentation::getAlias, Function.identity()));
    }

    @Test
    void browserFlowAsksForTheTotpFormAfterThePassword() {
        AuthenticationFlowRepresentation browser = flows.get(realm.getBrowserFlow());
        assertThat(browser).as("the bound browser flow").isNotNull();
        assertThat(browser.isTopLevel()).isTrue();

        List<AuthenticationExecutionExportRepresentation> forms = inOrder(subflowContaining(browser,
                "auth-username-password-form"));
        assertThat(forms).extracting(AuthenticationExecutionExportRepresentation::getAuthenticator,
                AuthenticationExecutionExportRepresentation::getRequirement)
                .containsExactly(tuple("auth-username-password-form", "REQUIRED"),
                        tuple(ProviderIds.LOGIN_FORM, "REQUIRED"));
    }

    /**
     * Every flow that can sign the demo user in asks for our factor: Keycloak's stock direct-grant and first broker
     * login flows ask for Keycloak's OTP, which a user enrolled with us passes on the password alone. The reset flow
     * is bound too, so that turning Forgot password on (off in the demo) does not open a way around the code.
     */
    @Test
    void everySignInFlowAsksForOurFactor() {
        assertThat(List.of(realm.getBrowserFlow(), realm.getDirectGrantFlow(), realm.getFirstBrokerLoginFlow(),
                realm.getResetCredentialsFlow()))
                .allSatisfy(alias -> assertThat(FlowCheck.classify(FlowStep.flow(stepsOf(flows.get(alias)))))
                        .as(alias).isEqualTo(SecondFactor.TOTP_MFA));
        assertThat(inOrder(flows.get(realm.getDirectGrantFlow())))
                .extracting(AuthenticationExecutionExportRepresentation::getAuthenticator,
                        AuthenticationExecutionExportRepresentation::getRequirement)
                .containsExactly(tuple("direct-grant-validate-username", "REQUIRED"),
                        tuple("direct-grant-validate-password", "REQUIRED"),
                        tuple(ProviderIds.DIRECT_GRANT, "REQUIRED"));
        assertThat(inOrder(subflowContaining(flows.get("TOTP MFA handle existing account"),
                "idp-username-password-form")))
                .extracting(AuthenticationExecutionExportRepresentation::getAuthenticator,
                        AuthenticationExecutionExportRepresentation::getRequirement)
                .containsExactly(tuple("idp-username-password-form", "REQUIRED"),
                        tuple(ProviderIds.LOGIN_FORM, "REQUIRED"));
        assertThat(realm.isResetPasswordAllowed()).as("Forgot password").isFalse();
        assertThat(inOrder(flows.get(realm.getResetCredentialsFlow())))
                .extracting(AuthenticationExecutionExportRepresentation::getAuthenticator)
                .containsExactly("reset-credentials-choose-user", "reset-credential-email", "reset-password",
                        ProviderIds.LOGIN_FORM);
    }

    private static List<FlowStep> stepsOf(AuthenticationFlowRepresentation flow) {
        return inOrder(flow).stream()
                .map(execution -> new FlowStep(execution.isAuthenticatorFlow() ? null : execution.getAuthenticator(),
                        FlowStep.Requirement.valueOf(execution.getRequirement()),
                        execution.isAuthenticatorFlow() ? stepsOf(flows.get(execution.getFlowAlias())) : List.of()))
                .toList();
    }

    @Test
    void everyFlowReferenceAndBindingResolves() {
        for (AuthenticationFlowRepresentation flow : realm.getAuthenticationFlows()) {
            for (AuthenticationExecutionExportRepresentation execution : flow.getAuthenticationExecutions()) {
                if (execution.isAuthenticatorFlow()) {
                    assertThat(flows).as("subflow of '%s'", flow.getAlias()).containsKey(execution.getFlowAlias());
                } else {
                    assertThat(execution.getAuthenticator()).as("authenticator in '%s'", flow.getAlias()).isNotBlank();
                }
            }
        }
        // An imported realm that lists flows gets only those: the built-in bindings must all be present.
        assertThat(List.of(realm.getBrowserFlow(), realm.getRegistrationFlow(), realm.getDirectGrantFlow(),
                realm.getResetCredentialsFlow(), realm.getClientAuthenticationFlow(),
                realm.getDockerAuthenticationFlow(), realm.getFirstBrokerLoginFlow()))
                .allSatisfy(alias -> assertThat(flows).containsKey(alias));
        assertThat(flows).containsKeys("browser", "registration", "direct grant", "reset credentials", "clients",
                "docker auth", "first broker login");
    }

    @Test
    void ourRequiredActionsAreRegisteredBesideKeycloaksDefaults() {
        Map<String, RequiredActionProviderRepresentation> actions = realm.getRequiredActions().stream()
                .collect(Collectors.toMap(RequiredActionProviderRepresentation::getAlias, Function.identity()));

        assertThat(actions.get(ProviderIds.SETUP_ACTION)).satisfies(action -> {
            assertThat(action.getProviderId()).isEqualTo(ProviderIds.SETUP_ACTION);
            assertThat(action.getName()).isEqualTo("Set up authenticator app (TOTP)");
            assertThat(action.isEnabled()).isTrue();
        });
        assertThat(actions.get(ProviderIds.RECOVERY_CODES_ACTION)).satisfies(action -> {
            assertThat(action.getProviderId()).isEqualTo(ProviderIds.RECOVERY_CODES_ACTION);
            assertThat(action.getName()).isEqualTo("Generate new recovery codes");
            assertThat(action.isEnabled()).isTrue();
        });
        // Listing required actions replaces Keycloak's defaults on import, so they are listed too.
        assertThat(actions).containsKeys("CONFIGURE_TOTP", "TERMS_AND_CONDITIONS", "UPDATE_PASSWORD",
                "UPDATE_PROFILE", "VERIFY_EMAIL", "delete_account", "webauthn-register",
                "webauthn-register-passwordless", "VERIFY_PROFILE", "delete_credential", "update_user_locale",
                "CONFIGURE_RECOVERY_AUTHN_CODES");
        assertThat(realm.getRequiredActions()).extracting(RequiredActionProviderRepresentation::getPriority)
                .doesNotContainNull()
                .isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void otpPolicyIsTheAuthenticatorAppDefault() {
        assertThat(realm.getOtpPolicyType()).isEqualTo("totp");
        assertThat(realm.getOtpPolicyAlgorithm()).isEqualTo("HmacSHA1");
        assertThat(realm.getOtpPolicyDigits()).isEqualTo(6);
        assertThat(realm.getOtpPolicyPeriod()).isEqualTo(30);
        assertThat(realm.getOtpPolicyLookAheadWindow()).isEqualTo(1);
    }

    @Test
    void demoUserCanSignInWithThePasswordThatBinDemoPrints() throws IOException {
        UserRepresentation demo = realm.getUsers().stream()
                .filter(user -> "demo".equals(user.getUsername())).findFirst().orElseThrow();
        CredentialRepresentation password = demo.getCredentials().stream()
                .filter(credential -> CredentialRepresentation.PASSWORD.equals(credential.getType()))
                .findFirst().orElseThrow();

        assertThat(demo.isEnabled()).isTrue();
        assertThat(password.isTemporary()).isFalse();
        assertThat(password.getValue()).isEqualTo(scriptConstant("DEMO_PASSWORD"));
        assertThat(demo.getUsername()).isEqualTo(scriptConstant("DEMO_USER"));
        // Import does not grant the default roles by itself; without them the account console is forbidden.
        assertThat(demo.getRealmRoles()).contains("default-roles-" + realm.getRealm());
        // Filled in so that the user profile does not interrupt the first login.
        assertThat(List.of(demo.getEmail(), demo.getFirstName(), demo.getLastName())).allSatisfy(
                value -> assertThat(value).isNotBlank());
    }

    private static AuthenticationFlowRepresentation subflowContaining(AuthenticationFlowRepresentation flow,
                                                                      String authenticator) {
        return flow.getAuthenticationExecutions().stream()
                .filter(AuthenticationExecutionExportRepresentation::isAuthenticatorFlow)
                .map(execution -> flows.get(execution.getFlowAlias()))
                .filter(Objects::nonNull)
                .filter(subflow -> subflow.getAuthenticationExecutions().stream()
                        .anyMatch(execution -> authenticator.equals(execution.getAuthenticator())))
                .findFirst().orElseThrow(() -> new AssertionError("no subflow with " + authenticator));
    }

    private static List<AuthenticationExecutionExportRepresentation> inOrder(AuthenticationFlowRepresentation flow) {
        return flow.getAuthenticationExecutions().stream()
                .sorted(Comparator.comparing(AuthenticationExecutionExportRepresentation::getPriority))
                .toList();
    }

    private static String scriptConstant(String name) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^readonly " + name + "=(\\S+)$").matcher(Files.readString(DEMO_SCRIPT));
        assertThat(matcher.find()).as("%s in %s", name, DEMO_SCRIPT).isTrue();
        return matcher.group(1);
    }
}

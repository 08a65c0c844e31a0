package dev.totpmfa.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.names.ProviderIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A realm of its own for one IT class, so classes never see each other's users, events or policies: the
 * browser flow with {@code totp-mfa-form} REQUIRED after the password, the {@code totp-mfa-setup} required action
 * enabled, user and admin events stored, a public client {@value #CLIENT_ID} redirecting to the
 * {@link CallbackServer}. Deleted on {@link #close()} unless {@code -Dit.keepRealms=true}.
 * <p>
 * An IT class declares it once, with what sets it apart, and JUnit creates it before the class's first test and
 * deletes it after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestRealm realm = TestRealm.perClass("lockout").enableRecoveryCodes();
 * }</pre>
 *
 * Settings called before the realm exists are applied, in order, right after it is created. A realm needed by one
 * test only comes from {@link #create} in a try-with-resources block.
 */
public final class TestRealm implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String CLIENT_ID = "it-client";
    public static final String AUTHENTICATOR = ProviderIds.LOGIN_FORM;
    public static final String SETUP_ACTION = ProviderIds.SETUP_ACTION;
    public static final String CREDENTIAL_TYPE = ProviderIds.TOTP_CREDENTIAL;
    public static final String RECOVERY_CODES_ACTION = ProviderIds.RECOVERY_CODES_ACTION;
    public static final String RECOVERY_CODES_TYPE = ProviderIds.RECOVERY_CODES_CREDENTIAL;
    public static final String BROWSER_FLOW = "browser-totp-mfa";
    /** The reset-credentials flow {@link #enableForgotPassword} binds: our step right after Reset Password. */
    public static final String RESET_FLOW = "reset-credentials-totp-mfa";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminApi admin;
    private final KeycloakTarget target;
    private final boolean owned;
    /** Set when the realm exists; a per-class realm gets them before its class's first test. */
    private String name;
    private String redirectUri;
    /** For a per-class realm: its purpose and policy until it is created, then what was asked of it before. */
    private final String purpose;
    private final OtpPolicy policy;
    private final List<Consumer<TestRealm>> pendingSettings = new ArrayList<>();

    private TestRealm(AdminApi admin, KeycloakTarget target, String name, String redirectUri, boolean owned) {
        this.admin = admin;
        this.target = target;
        this.name = name;
        this.redirectUri = redirectUri;
        this.owned = owned;
        this.purpose = null;
        this.policy = null;
    }

    private TestRealm(String purpose, OtpPolicy policy) {
        this.admin = KeycloakTargets.admin();
        this.target = KeycloakTargets.current();
        this.owned = true;
        this.purpose = purpose;
        this.policy = policy;
    }

    /**
     * The realm of one {@link KeycloakIT} class, registered with {@code @RegisterExtension} on a static field:
     * created on the shared server before the class's first test, deleted after its last.
     */
    public static TestRealm perClass(String purpose) {
        return perClass(purpose, OtpPolicy.FAST);
    }

    public static TestRealm perClass(String purpose, OtpPolicy policy) {
        return new TestRealm(purpose, policy);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (purpose == null || name != null) {
            throw new IllegalStateException("only a TestRealm.perClass(...) is registered as an extension, once");
        }
        TestRealm created = create(target, admin, purpose, policy);
        name = created.name;
        redirectUri = created.redirectUri;
        pendingSettings.forEach(setting -> setting.accept(this));
        pendingSettings.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (name != null) {
            close();
            name = null;
        }
    }

    /** Applies a setting now, or right after creation for a per-class realm that does not exist yet. */
    private TestRealm apply(Consumer<TestRealm> setting) {
        if (name == null) {
            pendingSettings.add(setting);
        } else {
            setting.accept(this);
        }
        return this;
    }

    private String existingName() {
        if (name == null) {
            throw new IllegalStateException("the realm '" + purpose + "' is created before the class's first test"
                    + " (is it a static @RegisterExtension field of a @KeycloakIT class?)");
        }
        return name;
    }

    /** A new realm named {@code it-<purpose>-<random>} with the given OTP policy for new enrolments. */
    public static TestRealm create(KeycloakTarget target, AdminApi admin, String purpose, OtpPolicy policy) {
        return create(target, admin, purpose, policy, admin.json().createObjectNode());
    }

    /**
     * The same, created from {@code representation} (e.g. a fixed {@code id} and key {@code components}, as a realm
     * import brings them) with this harness's fields added.
     */
    public static TestRealm create(KeycloakTarget target, AdminApi admin, String purpose, OtpPolicy policy,
                                   ObjectNode representation) {
        String name = "it-" + purpose + "-" + randomHex(4);
        ObjectNode realm = representation
                .put("realm", name)
                .put("enabled", true)
                .put("displayName", "IT " + purpose)
                .put("registrationAllowed", false)
                .put("bruteForceProtected", false);
        admin.realms().createRealm(realm);
        admin.realms().setOtpPolicy(name, policy.algorithm(), policy.digits(), policy.periodSeconds());
        admin.events().enableEvents(name);
        admin.flows().enableRequiredAction(name, SETUP_ACTION, "Set up authenticator app (TOTP)");
        admin.flows().installBrowserFlow(name, BROWSER_FLOW, AUTHENTICATOR);
        String redirectUri = CallbackServer.redirectUri();
        admin.clients().createPublicClient(name, CLIENT_ID, redirectUri);
        return new TestRealm(admin, target, name, redirectUri, true);
    }

    public static TestRealm create(KeycloakTarget target, AdminApi admin, String purpose) {
        return create(target, admin, purpose, OtpPolicy.FAST);
    }

    /**
     * A realm that is already there (an imported one), as it is, plus the public client {@value #CLIENT_ID}; never
     * deleted by {@link #close()}.
     */
    public static TestRealm existing(KeycloakTarget target, AdminApi admin, String name) {
        String redirectUri = CallbackServer.redirectUri();
        admin.clients().createPublicClient(name, CLIENT_ID, redirectUri);
        return new TestRealm(admin, target, name, redirectUri, false);
    }

    public TestUser createUser() {
        return createUser(null);
    }

    /** A user who also holds {@code credential} (see {@link BuiltInOtpCredentials}); null for none. */
    public TestUser createUser(ObjectNode credential) {
        String username = "user-" + randomHex(4);
        String password = "pw-" + randomHex(8);
        return new TestUser(admin.users().createUser(name(), username, password, credential), username, password);
    }

    /** The same realm as seen through another node of a cluster. */
    public TestRealm onNode(KeycloakTarget node) {
        return new TestRealm(admin, node, name(), redirectUri, owned);
    }

    public String name() {
        return existingName();
    }

    public String redirectUri() {
        existingName();
        return redirectUri;
    }

    /** The user's authenticator apps ({@value #CREDENTIAL_TYPE} credentials), as the admin API lists them. */
    public List<JsonNode> devicesOf(TestUser user) {
        return admin.users().credentials(name(), user.id(), CREDENTIAL_TYPE);
    }

    /** The names of the user's authenticator apps, as the account console lists them. */
    public List<String> deviceLabelsOf(TestUser user) {
        return devicesOf(user).stream().map(device -> device.path("userLabel").asText()).toList();
    }

    /** The realm's stored user events of one type ({@code LOGIN}, {@code UPDATE_CREDENTIAL}, ...), newest first. */
    public List<JsonNode> userEvents(String type) {
        return admin.events().userEvents(name(), type);
    }

    /** The admin API this realm is administered through. */
    public AdminApi admin() {
        return admin;
    }

    /** The authorization endpoint URL that starts a login of the test client. */
    public String authUrl() {
        return target.baseUrl() + "/realms/" + name() + "/protocol/openid-connect/auth"
                + "?client_id=" + CLIENT_ID
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid&state=" + randomHex(8);
    }

    /** The same with {@code kc_action}: an application-initiated action. */
    public String authUrl(String kcAction) {
        return authUrl() + "&kc_action=" + URLEncoder.encode(kcAction, StandardCharsets.UTF_8);
    }

    public String logoutUrl() {
        return target.baseUrl() + "/realms/" + name() + "/protocol/openid-connect/logout";
    }

    public String accountConsoleUrl() {
        return target.baseUrl() + "/realms/" + name() + "/account";
    }

    public TestRealm setOtpPolicy(OtpPolicy policy) {
        return apply(realm -> admin.realms().setOtpPolicy(realm.name(), policy.algorithm(), policy.digits(),
                policy.periodSeconds()));
    }

    /**
     * Registers and enables {@value #RECOVERY_CODES_ACTION}: recovery codes then follow the first enrolment and
     * the login step can ask for a new set. Not part of {@link #create}, so that classes which only look at
     * enrolment end at the client right after the setup page.
     */
    public TestRealm enableRecoveryCodes() {
        return apply(realm -> admin.flows().enableRequiredAction(realm.name(), RECOVERY_CODES_ACTION,
                "Generate new recovery codes"));
    }

    /**
     * Turns "Forgot password" on with mail to the SMTP server on {@code smtpPort}, and binds a reset-credentials flow
     * that asks for our code ({@value #RESET_FLOW}, made by hand as README says): the stock one would sign the user
     * in on the e-mailed link and a new password alone.
     */
    public TestRealm enableForgotPassword(int smtpPort) {
        return apply(realm -> {
            if (!realm.resetFlowIs(RESET_FLOW)) {
                admin.flows().installResetCredentialsFlow(realm.name(), RESET_FLOW, AUTHENTICATOR);
            }
            admin.realms().enableForgotPassword(realm.name(), smtpPort);
        });
    }

    /** Turns "Forgot password" off again (the bound reset flow stays). */
    public TestRealm disableForgotPassword() {
        return apply(realm -> admin.realms().disableForgotPassword(realm.name()));
    }

    private boolean resetFlowIs(String alias) {
        return admin.realms().realm(name()).path("resetCredentialsFlow").asText().equals(alias);
    }

    /** Sets the config of our step in the browser flow (lockout-failures, lockout-seconds, ...). */
    public TestRealm configureAuthenticator(Map<String, String> config) {
        return apply(realm -> admin.flows().setExecutionConfig(realm.name(), BROWSER_FLOW, AUTHENTICATOR,
                "totp-mfa-it-" + randomHex(3), config));
    }

    /**
     * Cheap password hashing for users created from now on, for tests that log in hundreds of times over HTTP
     * (the password step is not what they test, and the default hash costs tens of milliseconds of CPU).
     */
    public TestRealm useFastPasswordHashing() {
        return apply(realm -> admin.realms().updateRealm(realm.name(), admin.json().createObjectNode()
                .put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)")));
    }

    @Override
    public void close() {
        if (owned && !Boolean.getBoolean("it.keepRealms")) {
            admin.realms().deleteRealm(existingName());
        }
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A realm OTP policy; {@code algorithm} as Keycloak names it (HmacSHA1, HmacSHA256, HmacSHA512). */
    public record OtpPolicy(String algorithm, int digits, int periodSeconds) {
        /** Keycloak's default policy. */
        public static final OtpPolicy DEFAULT = new OtpPolicy("HmacSHA1", 6, 30);
        /** The shortest period we support: tests that log in twice with one device wait at most 15 s. */
        public static final OtpPolicy FAST = new OtpPolicy("HmacSHA1", 6, 15);
    }
}

package dev.totpmfa.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A realm of its own for one IT class, so classes never see each other's users, events or policies: the
 * browser flow with {@code totp-mfa-form} REQUIRED after the password, the {@code totp-mfa-setup} required action
 * enabled, user and admin events stored, a public client {@value #CLIENT_ID} redirecting to the
 * {@link CallbackServer}. Deleted on {@link #close()} unless {@code -Dit.keepRealms=true}.
 */
public final class TestRealm implements AutoCloseable {

    public static final String CLIENT_ID = "it-client";
    public static final String AUTHENTICATOR = "totp-mfa-form";
    public static final String SETUP_ACTION = "totp-mfa-setup";
    public static final String CREDENTIAL_TYPE = "totp-mfa";
    public static final String RECOVERY_CODES_ACTION = "totp-mfa-recovery-codes";
    public static final String RECOVERY_CODES_TYPE = "totp-mfa-recovery-codes";
    static final String BROWSER_FLOW = "browser-totp-mfa";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminApi admin;
    private final KeycloakTarget target;
    private final String name;
    private final String redirectUri;
    private final boolean owned;

    private TestRealm(AdminApi admin, KeycloakTarget target, String name, String redirectUri, boolean owned) {
        this.admin = admin;
        this.target = target;
        this.name = name;
        this.redirectUri = redirectUri;
        this.owned = owned;
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
        admin.createRealm(realm);
        admin.setOtpPolicy(name, policy.algorithm(), policy.digits(), policy.periodSeconds());
        admin.enableEvents(name);
        admin.enableRequiredAction(name, SETUP_ACTION, "Set up authenticator app (TOTP)");
        admin.installBrowserFlow(name, BROWSER_FLOW, AUTHENTICATOR);
        String redirectUri = CallbackServer.redirectUri();
        admin.createPublicClient(name, CLIENT_ID, redirectUri);
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
        admin.createPublicClient(name, CLIENT_ID, redirectUri);
        return new TestRealm(admin, target, name, redirectUri, false);
    }

    public TestUser createUser() {
        return createUser(null);
    }

    /** A user who also holds {@code credential} (see {@link BuiltInOtpCredentials}); null for none. */
    public TestUser createUser(ObjectNode credential) {
        String username = "user-" + randomHex(4);
        String password = "pw-" + randomHex(8);
        return new TestUser(admin.createUser(name, username, password, credential), username, password);
    }

    /** The same realm as seen through another node of a cluster. */
    public TestRealm onNode(KeycloakTarget node) {
        return new TestRealm(admin, node, name, redirectUri, owned);
    }

    public String name() {
        return name;
    }

    public String redirectUri() {
        return redirectUri;
    }

    /** The authorization endpoint URL that starts a login of the test client. */
    public String authUrl() {
        return target.baseUrl() + "/realms/" + name + "/protocol/openid-connect/auth"
                + "?client_id=" + CLIENT_ID
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid&state=" + randomHex(8);
    }

    /** The same with {@code kc_action}: an application-initiated action. */
    public String authUrl(String kcAction) {
        return authUrl() + "&kc_action=" + URLEncoder.encode(kcAction, StandardCharsets.UTF_8);
    }

    public String logoutUrl() {
        return target.baseUrl() + "/realms/" + name + "/protocol/openid-connect/logout";
    }

    public String accountConsoleUrl() {
        return target.baseUrl() + "/realms/" + name + "/account";
    }

    public void setOtpPolicy(OtpPolicy policy) {
        admin.setOtpPolicy(name, policy.algorithm(), policy.digits(), policy.periodSeconds());
    }

    /**
     * Registers and enables {@value #RECOVERY_CODES_ACTION}: recovery codes then follow the first enrolment and
     * the login step can ask for a new set. Not part of {@link #create}, so that classes which only look at
     * enrolment end at the client right after the setup page.
     */
    public TestRealm enableRecoveryCodes() {
        admin.enableRequiredAction(name, RECOVERY_CODES_ACTION, "Generate new recovery codes");
        return this;
    }

    /** Sets the config of our step in the browser flow (lockout-failures, lockout-seconds, ...). */
    public TestRealm configureAuthenticator(java.util.Map<String, String> config) {
        admin.setExecutionConfig(name, BROWSER_FLOW, AUTHENTICATOR, "totp-mfa-it-" + randomHex(3), config);
        return this;
    }

    /**
     * Cheap password hashing for users created from now on, for tests that log in hundreds of times over HTTP
     * (the password step is not what they test, and the default hash costs tens of milliseconds of CPU).
     */
    public TestRealm useFastPasswordHashing() {
        admin.updateRealm(name, admin.json().createObjectNode()
                .put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"));
        return this;
    }

    @Override
    public void close() {
        if (owned && !Boolean.getBoolean("it.keepRealms")) {
            admin.deleteRealm(name);
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

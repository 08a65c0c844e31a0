package dev.totpmfa.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Settings of the {@code totp-mfa-form} step, from its execution's config (gear icon in the flow editor).
 * Keycloak does not validate authenticator config, so a bad value falls back to its default with one WARN.
 */
public final class LoginSettings {

    static final IntSetting LOCKOUT_FAILURES = new IntSetting("lockout-failures", "Failures before lockout",
            "Consecutive wrong codes after which the user must wait before the next try.", 5, 1, 50);
    static final IntSetting LOCKOUT_SECONDS = new IntSetting("lockout-seconds", "Lockout time (seconds)",
            "Wait after the first lockout; it doubles with each further failure.", 30, 1, 3600);
    static final IntSetting LOCKOUT_MAX_SECONDS = new IntSetting("lockout-max-seconds", "Longest lockout (seconds)",
            "Cap of the growing wait.", 900, 1, 86400);
    static final IntSetting RECOVERY_WARNING = new IntSetting("recovery-codes-warning", "Recovery-code warning",
            "When a user has this many recovery codes left or fewer, they are asked to make a new set.", 3, 0, 20);
    static final IntSetting TRUST_BROWSER_DAYS = new IntSetting("trust-browser-days", "Trust a browser (days)",
            "Offers 'Don't ask again on this browser' with the code: a ticked browser skips the code for this many"
                    + " days, until the user's password or second factor changes. 0 turns it off.",
            0, 0, 365);

    static final BoolSetting CODE_AFTER_PASSKEY = new BoolSetting("code-after-passkey", "Code after a passkey",
            "Asks for the code also when the user signed in with a passkey (Keycloak's passwordless WebAuthn or the"
                    + " passkeys of its username form). Off, a passkey sign-in passes this step, as Keycloak's"
                    + " 'Condition - credential' skips its own second factor after a passkey.",
            false);

    /** Lets users who enrolled with Keycloak's own OTP form log in and be migrated, instead of enrolling again. */
    public static final String ACCEPT_BUILT_IN_OTP = "accept-builtin-otp";

    private static final List<IntSetting> ALL = List.of(LOCKOUT_FAILURES, LOCKOUT_SECONDS, LOCKOUT_MAX_SECONDS,
            RECOVERY_WARNING, TRUST_BROWSER_DAYS);
    private static final Logger LOG = Logger.getLogger(LoginSettings.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final int lockoutFailures;
    private final Duration lockoutTime;
    private final Duration maxLockoutTime;
    private final int recoveryWarningThreshold;
    private final boolean acceptBuiltInOtp;
    private final int trustBrowserDays;
    private final boolean codeAfterPasskey;

    private LoginSettings(Map<String, String> config) {
        this.lockoutFailures = valueOrDefault(LOCKOUT_FAILURES, config);
        this.lockoutTime = Duration.ofSeconds(valueOrDefault(LOCKOUT_SECONDS, config));
        this.maxLockoutTime = Duration.ofSeconds(Math.max(lockoutTime.toSeconds(),
                valueOrDefault(LOCKOUT_MAX_SECONDS, config)));
        this.recoveryWarningThreshold = valueOrDefault(RECOVERY_WARNING, config);
        this.acceptBuiltInOtp = config == null || !"false".equalsIgnoreCase(config.get(ACCEPT_BUILT_IN_OTP));
        this.trustBrowserDays = valueOrDefault(TRUST_BROWSER_DAYS, config);
        this.codeAfterPasskey = valueOrDefault(CODE_AFTER_PASSKEY, config);
    }

    /** @param config the execution's config; null when the admin never configured it */
    public static LoginSettings parse(Map<String, String> config) {
        return new LoginSettings(config);
    }

    public int lockoutFailures() {
        return lockoutFailures;
    }

    public Duration lockoutTime() {
        return lockoutTime;
    }

    public Duration maxLockoutTime() {
        return maxLockoutTime;
    }

    public int recoveryWarningThreshold() {
        return recoveryWarningThreshold;
    }

    /** Built-in {@code otp} (TOTP) credentials are accepted and migrated on first use; default on. */
    public boolean acceptBuiltInOtp() {
        return acceptBuiltInOtp;
    }

    /** How long a browser the user ticked skips the code; 0 (the default): never offered nor honoured. */
    public int trustBrowserDays() {
        return trustBrowserDays;
    }

    /** Whether a sign-in with a passkey is still asked for the code; default off. */
    public boolean codeAfterPasskey() {
        return codeAfterPasskey;
    }

    public static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        builder.property().name(ACCEPT_BUILT_IN_OTP).label("Accept Keycloak's own OTP")
                .helpText("Users who set up an authenticator app with Keycloak's built-in OTP form can log in with it;"
                        + " at the first successful login the device is moved into a sealed totp-mfa credential,"
                        + " once no sign-in flow of the realm still uses Keycloak's OTP steps. Off: such users are"
                        + " stopped with a message to contact an administrator, never sent to a new enrolment."
                        + " Keycloak's built-in recovery codes are accepted until used up; default on.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add();
        for (IntSetting setting : ALL) {
            builder.property().name(setting.key()).label(setting.label()).helpText(setting.helpWithRange())
                    .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(setting.defaultValue()).add();
        }
        builder.property().name(CODE_AFTER_PASSKEY.key()).label(CODE_AFTER_PASSKEY.label())
                .helpText(CODE_AFTER_PASSKEY.helpWithDefault()).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(Boolean.toString(CODE_AFTER_PASSKEY.defaultValue())).add();
        return new ArrayList<>(builder.build());
    }

    private static int valueOrDefault(IntSetting setting, Map<String, String> config) {
        return valueOrDefault(() -> setting.parse(config), setting.defaultValue(), config);
    }

    private static boolean valueOrDefault(BoolSetting setting, Map<String, String> config) {
        return valueOrDefault(() -> setting.parse(config), setting.defaultValue(), config);
    }

    /** The parsed value, or the default (and a warning, once per value) where the admin's value is not acceptable. */
    private static <T> T valueOrDefault(Supplier<T> parsed, T defaultValue, Map<String, String> config) {
        try {
            return parsed.get();
        } catch (InvalidSettingException e) {
            warnOnce(e, config, defaultValue);
            return defaultValue;
        }
    }

    private static void warnOnce(InvalidSettingException e, Map<String, String> config, Object defaultValue) {
        if (WARNED.add(e.key() + "=" + config.get(e.key()))) {
            LOG.warnf("keycloak-totp-mfa: %s; using the default %s", e.getMessage(), defaultValue);
        }
    }
}

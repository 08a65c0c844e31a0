package dev.totpmfa.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Settings of the enrolment required action ({@code totp-mfa-setup}), as an admin sets them under
 * Authentication → Required actions → Set up authenticator app (TOTP) → Configure.
 */
public final class SetupSettings {

    /** Name shown in the authenticator app; empty means the realm's display name or name. */
    public static final String ISSUER = "issuer";

    /** Last day (UTC) on which a user without a second factor may choose "Set up later"; empty for none. */
    public static final String GRACE_UNTIL = "grace-until";

    static final int ISSUER_MAX_LENGTH = 64;

    static final IntSetting GRACE_LOGINS = new IntSetting("grace-logins", "Postponements allowed",
            "How many times a user without a second factor may choose \"Set up later\" on the setup page and sign in"
                    + " without one; 0 means no grace (unless a last day is set below, which then decides alone)."
                    + " Counted per user, never restored.",
            0, 0, 1000);

    /** Four-digit year only: {@code LocalDate} alone would also take a sign and more digits. */
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private static final SetupSettings DEFAULTS = new SetupSettings(null, EnrolmentGrace.NONE);

    private final String issuer;
    private final EnrolmentGrace grace;

    private SetupSettings(String issuer, EnrolmentGrace grace) {
        this.issuer = issuer;
        this.grace = grace;
    }

    public static SetupSettings defaults() {
        return DEFAULTS;
    }

    /**
     * @param config the action's config map; null or empty means defaults
     * @throws InvalidSettingException naming the key and why, when a value is not acceptable
     */
    public static SetupSettings parse(Map<String, String> config) {
        if (config == null) {
            return DEFAULTS;
        }
        return new SetupSettings(parseIssuer(config.get(ISSUER)),
                new EnrolmentGrace(GRACE_LOGINS.parse(config), parseDay(config.get(GRACE_UNTIL))));
    }

    private static String parseIssuer(String issuer) {
        if (issuer == null || issuer.isBlank()) {
            return null;
        }
        issuer = issuer.strip();
        if (issuer.length() > ISSUER_MAX_LENGTH) {
            throw new InvalidSettingException(ISSUER, "at most " + ISSUER_MAX_LENGTH + " characters");
        }
        if (issuer.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidSettingException(ISSUER, "no control characters such as line breaks");
        }
        return issuer;
    }

    private static LocalDate parseDay(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String day = raw.strip();
        if (ISO_DATE.matcher(day).matches()) {
            try {
                return LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                // Reported below: a day that does not exist, such as 2027-02-30.
            }
        }
        throw new InvalidSettingException(GRACE_UNTIL, "a date written yyyy-MM-dd, such as 2027-03-31, or empty");
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** The grace for users without a second factor; {@link EnrolmentGrace#NONE} unless an admin set one. */
    public EnrolmentGrace grace() {
        return grace;
    }

    public static List<ProviderConfigProperty> configProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ISSUER)
                .label("Issuer")
                .helpText("Name the authenticator app shows above the code, e.g. your company. Leave empty to use"
                        + " the realm's display name (or its name). At most " + ISSUER_MAX_LENGTH + " characters.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name(GRACE_LOGINS.key())
                .label(GRACE_LOGINS.label())
                .helpText(GRACE_LOGINS.helpWithRange())
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(GRACE_LOGINS.defaultValue())
                .add()
                .property()
                .name(GRACE_UNTIL)
                .label("Postpone until")
                .helpText("Last day (yyyy-MM-dd, ending at midnight UTC) on which a user without a second factor may"
                        + " choose \"Set up later\". With a number of postponements as well, both must still allow it."
                        + " Empty for no date limit.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }
}

package dev.totpmfa.it.support;

import java.util.HashMap;
import java.util.Map;

/**
 * A step-up browser flow as the README's "Step-up" section builds it in the admin console: the cookie, or the
 * levels: "Condition - Level of Authentication" level 1 with the password form, level 2 with {@code totp-mfa-form}.
 * Each step reports an Authentication Method Reference ({@code pwd}, {@code otp}) for Keycloak's AMR mapper.
 */
public final class StepUpFlow {

    /** Keycloak's condition, its keys, and the execution config keys its AMR mapper reads. */
    public static final String LOA_CONDITION = "conditional-level-of-authentication";
    public static final String AMR_REFERENCE = "default.reference.value";
    public static final String AMR_MAX_AGE = "default.reference.maxAge";
    /** How long a level (and a step's amr) counts in the session: Keycloak's default for a level, ten hours. */
    public static final int REMEMBERED_SECONDS = 36000;

    private StepUpFlow() {
    }

    /**
     * Creates the flow {@code alias} in {@code realm}; level 2 is remembered for {@code levelTwoMaxAge} seconds
     * (0: asked at every request), and our step gets {@code stepConfig} besides its amr reference. Its id.
     */
    public static String create(AdminApi admin, String realm, String alias, int levelTwoMaxAge,
                                Map<String, String> stepConfig) {
        String id = admin.flows().createFlow(realm, alias);
        admin.flows().addExecution(realm, alias, "auth-cookie", "ALTERNATIVE");
        String levels = alias + " levels";
        admin.flows().addSubFlow(realm, alias, levels, "ALTERNATIVE");

        String one = level(admin, realm, levels, alias + " level 1", 1, REMEMBERED_SECONDS);
        String password = admin.flows().addExecution(realm, one, "auth-username-password-form", "REQUIRED");
        admin.flows().configureExecution(realm, password, alias + "-pwd", amr("pwd", Map.of()));

        String two = level(admin, realm, levels, alias + " level 2", 2, levelTwoMaxAge);
        String code = admin.flows().addExecution(realm, two, TestRealm.AUTHENTICATOR, "REQUIRED");
        admin.flows().configureExecution(realm, code, alias + "-otp", amr("otp", stepConfig));
        return id;
    }

    private static String level(AdminApi admin, String realm, String parent, String alias, int level, int maxAge) {
        admin.flows().addSubFlow(realm, parent, alias, "CONDITIONAL");
        String condition = admin.flows().addExecution(realm, alias, LOA_CONDITION, "REQUIRED");
        admin.flows().configureExecution(realm, condition, alias.replace(' ', '-'), Map.of(
                "loa-condition-level", Integer.toString(level), "loa-max-age", Integer.toString(maxAge)));
        return alias;
    }

    private static Map<String, String> amr(String reference, Map<String, String> others) {
        Map<String, String> config = new HashMap<>(others);
        config.put(AMR_REFERENCE, reference);
        config.put(AMR_MAX_AGE, Integer.toString(REMEMBERED_SECONDS));
        return config;
    }
}

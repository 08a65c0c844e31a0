package dev.totpmfa.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET flows}: every flow that can sign a user in to the realm and what it asks for after the password.
 *
 * @param usesTotpMfa whether any of them asks for our factor
 * @param warning     the WARN the server logs for these flows, null when there is none
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FlowsView(String realm, boolean usesTotpMfa, List<Flow> flows, String warning) {

    /**
     * @param secondFactor {@code totp-mfa}, {@code keycloak-otp}, {@code mixed} (both) or {@code none}
     * @param weaker       whether it lets a user of our step in without our code while the realm uses our step
     * @param reachable    false for the reset-credentials flow while "Forgot password" is off: listed, never weaker
     * @param withoutCode  the ways that complete it without our step (or a security key or passkey), each as the
     *                     steps that run on it joined with {@code " + "}, e.g. {@code auth-spnego}; empty when none
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Flow(String alias, String boundAs, String secondFactor, boolean weaker, boolean reachable,
            List<String> withoutCode) {
    }

    public static FlowsView of(FlowReport report) {
        List<SignInFlow> weaker = report.weakerFlows();
        return new FlowsView(report.realm(), report.usesTotpMfa(), report.flows().stream()
                .map(flow -> new Flow(flow.alias(), flow.boundAs(), publicName(flow.secondFactor()),
                        weaker.contains(flow), flow.reachable(), flow.withoutCode()))
                .toList(), report.warning().orElse(null));
    }

    static String publicName(SecondFactor factor) {
        return switch (factor) {
            case TOTP_MFA -> "totp-mfa";
            case KEYCLOAK_OTP -> "keycloak-otp";
            case MIXED -> "mixed";
            case NONE -> "none";
        };
    }
}

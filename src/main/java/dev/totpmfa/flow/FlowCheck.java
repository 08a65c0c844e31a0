package dev.totpmfa.flow;

import dev.totpmfa.flow.FlowStep.Requirement;
import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Set;

/**
 * Classifies a flow by the second-factor steps it can reach. A step is reachable when neither it nor any subflow
 * on its way is DISABLED, and it is not an ALTERNATIVE beside REQUIRED or CONDITIONAL executions (Keycloak never
 * runs those). A step inside a CONDITIONAL subflow counts: its condition only decides for whom it runs.
 */
public final class FlowCheck {

    /** Our steps, browser and direct grant. */
    static final Set<String> TOTP_MFA_STEPS = Set.of(ProviderIds.LOGIN_FORM, ProviderIds.DIRECT_GRANT);
    /** Keycloak's own second-factor steps that only know its {@code otp} and {@code recovery-authn-codes}. */
    static final Set<String> KEYCLOAK_OTP_STEPS = Set.of("auth-otp-form", "auth-conditional-otp-form",
            "direct-grant-validate-otp", "auth-recovery-authn-code-form");

    /**
     * Keycloak's "Reset OTP" of the stock reset-credentials flow. It checks nothing: it may remove the user's
     * {@code otp} devices (its "Remove one" or "Remove all") and asks for a new one after the flow. So it is no
     * second factor, and where it runs before our step it can take away the built-in device our step would have
     * asked for, leaving a user our step then sends to enrolment on the mailbox alone.
     */
    public static final String RESET_OTP = "reset-otp";

    private FlowCheck() {
    }

    /** Whether a step is one of Keycloak's own OTP or recovery-code steps. */
    public static boolean isKeycloakOtpStep(String authenticator) {
        return authenticator != null && KEYCLOAK_OTP_STEPS.contains(authenticator);
    }

    public static SecondFactor classify(FlowStep flow) {
        List<String> reachable = reachableInOrder(flow);
        boolean ours = reachesAny(reachable, TOTP_MFA_STEPS) && !firstReached(reachable, Set.of(RESET_OTP),
                TOTP_MFA_STEPS);
        boolean keycloaks = reachesAny(reachable, KEYCLOAK_OTP_STEPS);
        if (ours && keycloaks) {
            return SecondFactor.MIXED;
        }
        if (ours) {
            return SecondFactor.TOTP_MFA;
        }
        return keycloaks ? SecondFactor.KEYCLOAK_OTP : SecondFactor.NONE;
    }

    private static boolean reachesAny(List<String> reachable, Set<String> authenticators) {
        return reachable.stream().anyMatch(authenticators::contains);
    }

    /**
     * Whether a step of {@code first} comes before any step of {@code then} among the reachable steps, which are in
     * the order Keycloak runs them.
     */
    private static boolean firstReached(List<String> reachable, Set<String> first, Set<String> then) {
        for (String authenticator : reachable) {
            if (then.contains(authenticator)) {
                return false;
            }
            if (first.contains(authenticator)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The authenticators a flow can run, in the order Keycloak runs them (executions by priority, a subflow's steps
     * where the subflow stands): disabled steps and alternatives that cannot run are left out.
     */
    private static List<String> reachableInOrder(FlowStep step) {
        if (step.requirement() == Requirement.DISABLED) {
            return List.of();
        }
        if (!step.isSubflow()) {
            return step.authenticator() == null ? List.of() : List.of(step.authenticator());
        }
        return runnable(step.steps()).stream().flatMap(child -> reachableInOrder(child).stream()).toList();
    }

    /**
     * Alternatives run only in a flow that has no REQUIRED or CONDITIONAL execution. The conditions of a conditional
     * subflow (Keycloak's are named {@code conditional-…}) decide whether it runs, and are not counted.
     */
    private static List<FlowStep> runnable(List<FlowStep> steps) {
        boolean anyMandatory = steps.stream().filter(step -> !step.isCondition())
                .anyMatch(step -> step.requirement() == Requirement.REQUIRED
                        || step.requirement() == Requirement.CONDITIONAL);
        return anyMandatory
                ? steps.stream().filter(step -> step.requirement() != Requirement.ALTERNATIVE).toList()
                : steps;
    }
}

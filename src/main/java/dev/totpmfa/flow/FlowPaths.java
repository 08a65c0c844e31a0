package dev.totpmfa.flow;

import dev.totpmfa.flow.FlowStep.Requirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The every-path rule: a flow asks for our code only when every way through it that can complete it passes our
 * step (or a security key or passkey, which a realm may offer beside it). It follows Keycloak's
 * {@code DefaultAuthenticationFlow}: in one (sub)flow the REQUIRED and CONDITIONAL executions all run in order and
 * the ALTERNATIVE ones are then ignored; without those, any one ALTERNATIVE that succeeds completes it; a CONDITIONAL
 * subflow is skipped when any of its enabled conditions does not hold, and always when it has none; a flow in which
 * every mandatory execution was skipped fails. Each authenticator is taken to be able to succeed for somebody, each
 * condition to hold for some sign-ins and not for others, with one exception: {@code conditional-credential} that
 * holds only while no passkey was used skips its subflow only after a passkey.
 *
 * <p>Keycloak's {@code conditional-user-configured} holds only for a user who has one of its subflow's steps
 * configured; for our step that means a user with any second factor, so a user without one skips the subflow and
 * signs in on the password alone, never asked to enrol: a conditional subflow around our step is a way past it.
 */
public final class FlowPaths {

    /** Factors a realm may offer beside ours: security keys (second factor) and passkeys (instead of a password). */
    static final Set<String> OTHER_FACTORS = Set.of("webauthn-authenticator", "webauthn-authenticator-passwordless");
    /**
     * Steps that complete no sign-in here: the cookie resumes a session some flow made, the identity-provider
     * redirector and the organization step send the user to a provider, whose first-broker-login and
     * post-broker-login flows are judged as flows of their own.
     */
    static final Set<String> HAND_OFFS = Set.of("auth-cookie", "identity-provider-redirector", "organization");

    /** Keycloak's "Condition - user configured". */
    static final String USER_CONFIGURED = "conditional-user-configured";
    private static final String CREDENTIAL_CONDITION = "conditional-credential";
    private static final String PASSKEY_CREDENTIAL = "webauthn-passwordless";
    /** Ways kept per subflow: enough to name every kind of way past our step, bounded for odd, wide flows. */
    private static final int MOST_PATHS = 64;

    private FlowPaths() {
    }

    /**
     * The ways that complete the flow without our step or another factor, each as the steps that ran, joined
     * with {@code " + "} (e.g. {@code auth-spnego}); empty when every way needs our code.
     */
    public static List<String> withoutCode(FlowStep flow) {
        return completions(flow).stream().filter(path -> !path.secondFactor()).map(Path::describe).distinct()
                .toList();
    }

    /** One way through: the steps that ran, whether one was a second factor, and whether anything ran at all. */
    private record Path(List<String> steps, boolean secondFactor, boolean ran) {

        static final Path START = new Path(List.of(), false, false);

        Path then(Path next) {
            List<String> joined = new ArrayList<>(steps);
            joined.addAll(next.steps());
            return new Path(List.copyOf(joined), secondFactor || next.secondFactor(), ran || next.ran());
        }

        String describe() {
            return String.join(" + ", steps);
        }
    }

    /** The ways an execution can succeed (none for one that never completes on its own). */
    private static List<Path> completions(FlowStep step) {
        if (!step.isSubflow()) {
            String id = step.authenticator();
            if (HAND_OFFS.contains(id)) {
                return List.of();
            }
            boolean factor = FlowCheck.TOTP_MFA_STEPS.contains(id) || OTHER_FACTORS.contains(id);
            return List.of(new Path(List.of(id), factor, true));
        }
        List<FlowStep> live = step.steps().stream().filter(FlowStep::isEnabled)
                .filter(child -> !child.isCondition()).toList();
        List<FlowStep> mandatory = live.stream().filter(child -> child.requirement() == Requirement.REQUIRED
                || child.requirement() == Requirement.CONDITIONAL).toList();
        if (mandatory.isEmpty()) {
            Set<Path> any = new LinkedHashSet<>();
            live.forEach(alternative -> any.addAll(completions(alternative)));
            return bounded(any);
        }
        List<Path> ways = List.of(Path.START);
        for (FlowStep required : mandatory) {
            List<Path> options = new ArrayList<>();
            if (!alwaysSkipped(required)) {
                options.addAll(completions(required));
            }
            if (skippable(required)) {
                options.add(new Path(List.of(), skippedOnlyAfterPasskey(required), false));
            }
            Set<Path> next = new LinkedHashSet<>();
            for (Path way : ways) {
                options.forEach(option -> next.add(way.then(option)));
            }
            ways = bounded(next);
        }
        return ways.stream().filter(Path::ran).toList();
    }

    private static List<Path> bounded(Set<Path> paths) {
        return paths.stream().limit(MOST_PATHS).toList();
    }

    private static boolean skippable(FlowStep step) {
        return step.isSubflow() && step.requirement() == Requirement.CONDITIONAL;
    }

    private static List<FlowStep> conditions(FlowStep subflow) {
        return subflow.steps().stream().filter(FlowStep::isCondition).filter(FlowStep::isEnabled).toList();
    }

    /** Keycloak treats a conditional subflow without an enabled condition as disabled. */
    private static boolean alwaysSkipped(FlowStep step) {
        return skippable(step) && conditions(step).isEmpty();
    }

    /** Whether the only conditions that can skip it do so when a passkey signed the user in. */
    private static boolean skippedOnlyAfterPasskey(FlowStep subflow) {
        List<FlowStep> conditions = conditions(subflow);
        return !conditions.isEmpty() && conditions.stream().allMatch(FlowPaths::holdsUnlessPasskey);
    }

    /** {@code conditional-credential} set to hold while none of the given credentials, all passkeys, was used. */
    static boolean holdsUnlessPasskey(FlowStep condition) {
        if (!CREDENTIAL_CONDITION.equals(condition.authenticator())
                || Boolean.parseBoolean(condition.config().get("included"))) {
            return false;
        }
        List<String> credentials = Arrays.stream(condition.config().getOrDefault("credentials", "").split("##"))
                .map(String::trim).filter(name -> !name.isEmpty()).toList();
        return !credentials.isEmpty() && credentials.stream().allMatch(PASSKEY_CREDENTIAL::equals);
    }
}

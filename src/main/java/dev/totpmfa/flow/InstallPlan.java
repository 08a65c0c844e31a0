package dev.totpmfa.flow;

import dev.totpmfa.flow.FlowStep.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link FlowInstall} changes in its copy of a browser, direct-grant or first-broker-login flow, planned on the
 * original's tree, so that a dry run and a run say the same and the result is checked before anything is written:
 *
 * <ol>
 * <li>Keycloak's OTP and recovery-code steps are disabled, nothing else: every other factor (a security key, a
 * passkey) and every condition that serves it stays. Our step goes where the first of them stood: ALTERNATIVE when
 * the other executions left there are alternatives (Keycloak's WebAuthn Authenticator beside it), else REQUIRED.</li>
 * <li>In a conditional subflow that now holds our step, {@code conditional-user-configured} is disabled: it would
 * skip our step for a user without any second factor, who would then sign in on the password alone and never be
 * asked to enrol. Other conditions stay (Keycloak's {@code conditional-credential} skips the factor after a
 * passkey); a subflow left without a condition becomes REQUIRED, since Keycloak skips a conditional subflow that
 * has none.</li>
 * <li>Where a step that completes a sign-in alone stands among alternatives (Kerberos, an X.509 certificate),
 * and the flow would otherwise still complete without our step, it is disabled and a subflow takes its place
 * that runs it (still ALTERNATIVE, so that a browser without a ticket or a certificate goes on to the next way) and
 * then our step, REQUIRED.</li>
 * </ol>
 * The copy must then pass the every-path rule ({@link FlowPaths}; a first-broker-login flow only needs to reach our
 * step, the provider's post-broker-login flow follows it). Where it would not, the plan is a conflict: the reason
 * names the ways past our step, and nothing is changed.
 */
final class InstallPlan {

    /** Name of the subflow that runs a step that completes alone, then ours. */
    static final String GUARDED = " then totp-mfa";

    /** Something added to a (sub)flow of the copy after one of its original executions. */
    sealed interface Addition {
    }

    /** Our step. */
    record Ours(Requirement requirement) implements Addition {
    }

    /** A subflow (ALTERNATIVE) with the original execution before it (made ALTERNATIVE), then our step. */
    record Guarded(String authenticator) implements Addition {
    }

    /** The changes to one (sub)flow, by the positions of its original executions. */
    static final class Level {
        final Map<Integer, Requirement> requirements = new TreeMap<>();
        final Map<Integer, List<Addition>> additions = new TreeMap<>();
    }

    private final String ourStep;
    private final Map<List<Integer>, Level> levels = new LinkedHashMap<>();
    private final List<String> changes = new ArrayList<>();
    private String conflict;

    private InstallPlan(String ourStep) {
        this.ourStep = ourStep;
    }

    /**
     * @param flow     the original flow, named
     * @param ourStep  {@code totp-mfa-form} or {@code totp-mfa-direct-grant}
     * @param everyPath false for a first-broker-login flow
     */
    static InstallPlan of(FlowStep flow, String ourStep, boolean everyPath) {
        InstallPlan plan = new InstallPlan(ourStep);
        plan.replaceKeycloakOtp(flow, null, List.of());
        if (everyPath) {
            List<String> ways = FlowPaths.withoutCode(plan.applyTo(flow));
            if (!ways.isEmpty()) {
                plan.guardStepsThatFinishAlone(flow, List.of(), ways);
            }
        }
        if (plan.changes.isEmpty()) {
            return plan;
        }
        FlowStep planned = plan.applyTo(flow);
        List<String> ways = everyPath ? FlowPaths.withoutCode(planned) : List.of();
        if (FlowCheck.classify(planned) != SecondFactor.TOTP_MFA) {
            plan.conflict = "the copy would still not ask for " + ourStep + " (Keycloak's reset-otp before it, or"
                    + " our step where Keycloak never runs it); change '" + flow.name() + "' by hand";
        } else if (!ways.isEmpty()) {
            plan.conflict = "the copy would still complete without " + ourStep + " by " + String.join(" or ", ways)
                    + "; disable those steps or put " + ourStep + " after them by hand";
        }
        return plan;
    }

    /** Whether there is nothing to change: no Keycloak OTP step to replace, no step that finishes alone to guard. */
    boolean nothingToReplace() {
        return changes.isEmpty();
    }

    /** Why the copy would not be safe; null when it would. */
    String conflict() {
        return conflict;
    }

    List<String> changes() {
        return List.copyOf(changes);
    }

    /** The changes to the (sub)flow at this path of positions, empty when it has none. */
    Level level(List<Integer> path) {
        return levels.getOrDefault(path, new Level());
    }

    private Level changesAt(List<Integer> path) {
        return levels.computeIfAbsent(path, key -> new Level());
    }

    private void replaceKeycloakOtp(FlowStep flow, FlowStep parent, List<Integer> path) {
        int first = -1;
        List<FlowStep> steps = flow.steps();
        for (int i = 0; i < steps.size(); i++) {
            FlowStep step = steps.get(i);
            if (!step.isEnabled()) {
                continue;
            }
            if (step.isSubflow()) {
                replaceKeycloakOtp(step, flow, child(path, i));
            } else if (FlowCheck.isKeycloakOtpStep(step.authenticator())) {
                changesAt(path).requirements.put(i, Requirement.DISABLED);
                changes.add("disable " + step.authenticator() + " in '" + flow.name() + "'");
                first = first < 0 ? i : first;
            }
        }
        if (first < 0) {
            return;
        }
        List<String> others = others(flow, path);
        Requirement requirement = others.isEmpty() ? Requirement.REQUIRED : Requirement.ALTERNATIVE;
        changesAt(path).additions.computeIfAbsent(first, key -> new ArrayList<>()).add(new Ours(requirement));
        changes.add("add " + ourStep + " (" + requirement + ") in '" + flow.name() + "' where "
                + steps.get(first).authenticator() + " was" + (others.isEmpty() ? "" : ", beside "
                        + String.join(", ", others)));
        if (flow.requirement() == Requirement.CONDITIONAL && parent != null) {
            keepConditionalFromSkippingOurStep(flow, path);
        }
    }

    /** The enabled alternatives a (sub)flow keeps once Keycloak's OTP steps are disabled, when it has only those. */
    private List<String> others(FlowStep flow, List<Integer> path) {
        Level level = changesAt(path);
        List<FlowStep> left = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            FlowStep step = flow.steps().get(i);
            if (step.isEnabled() && !step.isCondition() && level.requirements.get(i) != Requirement.DISABLED) {
                left.add(step);
            }
        }
        boolean onlyAlternatives = !left.isEmpty()
                && left.stream().allMatch(step -> step.requirement() == Requirement.ALTERNATIVE);
        return onlyAlternatives ? left.stream().map(step -> step.isSubflow() ? "'" + step.name() + "'"
                : step.authenticator()).toList() : List.of();
    }

    private void keepConditionalFromSkippingOurStep(FlowStep subflow, List<Integer> path) {
        List<FlowStep> steps = subflow.steps();
        boolean conditionLeft = false;
        for (int i = 0; i < steps.size(); i++) {
            FlowStep step = steps.get(i);
            if (!step.isCondition() || !step.isEnabled()) {
                continue;
            }
            if (FlowPaths.USER_CONFIGURED.equals(step.authenticator())) {
                changesAt(path).requirements.put(i, Requirement.DISABLED);
                changes.add("disable " + step.authenticator() + " in '" + subflow.name() + "' (it would skip "
                        + ourStep + " for a user without a second factor)");
            } else {
                conditionLeft = true;
            }
        }
        if (!conditionLeft) {
            List<Integer> parentPath = path.subList(0, path.size() - 1);
            changesAt(parentPath).requirements.put(path.get(path.size() - 1), Requirement.REQUIRED);
            changes.add("make '" + subflow.name() + "' REQUIRED (no condition left)");
        }
    }

    /**
     * Guards each step that completes a way past our step alone (the way is that one step) and stands among
     * alternatives only, as {@link Guarded}.
     */
    private void guardStepsThatFinishAlone(FlowStep flow, List<Integer> path, List<String> ways) {
        List<FlowStep> steps = flow.steps();
        boolean onlyAlternatives = steps.stream().filter(FlowStep::isEnabled).filter(step -> !step.isCondition())
                .allMatch(step -> step.requirement() == Requirement.ALTERNATIVE);
        for (int i = 0; i < steps.size(); i++) {
            FlowStep step = steps.get(i);
            if (!step.isEnabled() || step.isCondition()) {
                continue;
            }
            if (step.isSubflow()) {
                guardStepsThatFinishAlone(step, child(path, i), ways);
            } else if (onlyAlternatives && ways.contains(step.authenticator())
                    && level(path).requirements.get(i) != Requirement.DISABLED) {
                changesAt(path).requirements.put(i, Requirement.DISABLED);
                changesAt(path).additions.computeIfAbsent(i, key -> new ArrayList<>())
                        .add(new Guarded(step.authenticator()));
                changes.add("disable " + step.authenticator() + " in '" + flow.name() + "' and add in its place the"
                        + " subflow '" + step.authenticator() + GUARDED + "' (ALTERNATIVE): "
                        + step.authenticator() + " (ALTERNATIVE), then " + ourStep + " (REQUIRED)");
            }
        }
    }

    /** The flow as the copy will be. */
    FlowStep applyTo(FlowStep flow) {
        return applyTo(flow, List.of());
    }

    private FlowStep applyTo(FlowStep flow, List<Integer> path) {
        Level level = level(path);
        List<FlowStep> steps = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            FlowStep step = flow.steps().get(i);
            Requirement requirement = level.requirements.get(i);
            FlowStep changed = requirement == null ? step : step.withRequirement(requirement);
            steps.add(changed.isSubflow() ? applyTo(changed, child(path, i)) : changed);
            for (Addition addition : level.additions.getOrDefault(i, List.of())) {
                steps.add(addition instanceof Ours ours ? FlowStep.authenticator(ourStep, ours.requirement())
                        : guarded(step));
            }
        }
        return flow.withSteps(steps);
    }

    private FlowStep guarded(FlowStep step) {
        return FlowStep.named(step.authenticator() + GUARDED, Requirement.ALTERNATIVE, List.of(
                FlowStep.named(step.authenticator(), Requirement.REQUIRED,
                        List.of(step.withRequirement(Requirement.ALTERNATIVE))),
                FlowStep.authenticator(ourStep, Requirement.REQUIRED)));
    }

    static List<Integer> child(List<Integer> path, int index) {
        List<Integer> child = new ArrayList<>(path);
        child.add(index);
        return List.copyOf(child);
    }
}

package dev.totpmfa.flow;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One execution of an authentication flow, as much as the check needs: the authenticator's provider id (null for a
 * subflow), its requirement, a subflow's own executions in order, the execution's settings (the conditions'
 * settings decide when they skip a subflow) and a (sub)flow's alias for messages (null where unknown). A plain
 * description, so the check can be tested without a server.
 */
public record FlowStep(String authenticator, Requirement requirement, List<FlowStep> steps,
        Map<String, String> config, String name) {

    /** Keycloak's requirements of an execution, by the same names. */
    public enum Requirement {
        REQUIRED,
        CONDITIONAL,
        ALTERNATIVE,
        DISABLED
    }

    private static final String CONDITION_PREFIX = "conditional-";

    public FlowStep {
        steps = List.copyOf(steps);
        config = config == null ? Map.of() : config.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getValue() != null)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public FlowStep(String authenticator, Requirement requirement, List<FlowStep> steps) {
        this(authenticator, requirement, steps, Map.of(), null);
    }

    public static FlowStep authenticator(String providerId, Requirement requirement) {
        return new FlowStep(providerId, requirement, List.of());
    }

    /** An execution with settings, e.g. {@code conditional-credential} and the credentials it looks for. */
    public static FlowStep authenticator(String providerId, Requirement requirement, Map<String, String> config) {
        return new FlowStep(providerId, requirement, List.of(), config, null);
    }

    public static FlowStep subflow(Requirement requirement, FlowStep... steps) {
        return new FlowStep(null, requirement, List.of(steps));
    }

    /** A top-level flow: its executions, as a subflow that is always entered. */
    public static FlowStep flow(List<FlowStep> steps) {
        return new FlowStep(null, Requirement.REQUIRED, steps);
    }

    /** A named subflow, or with {@link Requirement#REQUIRED} a named top-level flow. */
    public static FlowStep named(String name, Requirement requirement, List<FlowStep> steps) {
        return new FlowStep(null, requirement, steps, Map.of(), name);
    }

    public boolean isSubflow() {
        return authenticator == null;
    }

    /** Keycloak's conditions (named {@code conditional-…}) decide whether their subflow runs; they are no step. */
    public boolean isCondition() {
        return !isSubflow() && authenticator.startsWith(CONDITION_PREFIX);
    }

    public boolean isEnabled() {
        return requirement != Requirement.DISABLED;
    }

    /** The same execution with another requirement. */
    public FlowStep withRequirement(Requirement changed) {
        return new FlowStep(authenticator, changed, steps, config, name);
    }

    /** The same subflow with other executions. */
    public FlowStep withSteps(List<FlowStep> changed) {
        return new FlowStep(authenticator, requirement, changed, config, name);
    }
}

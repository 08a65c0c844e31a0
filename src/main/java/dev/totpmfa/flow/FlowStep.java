package dev.totpmfa.flow;

import java.util.List;

/**
 * One execution of an authentication flow, as much as the check needs: the authenticator's provider id (null for a
 * subflow), its requirement, and a subflow's own executions in order. A plain description, so the check can be
 * tested without a server.
 */
public record FlowStep(String authenticator, Requirement requirement, List<FlowStep> steps) {

    /** Keycloak's requirements of an execution, by the same names. */
    public enum Requirement {
        REQUIRED,
        CONDITIONAL,
        ALTERNATIVE,
        DISABLED
    }

    public FlowStep {
        steps = List.copyOf(steps);
    }

    public static FlowStep authenticator(String providerId, Requirement requirement) {
        return new FlowStep(providerId, requirement, List.of());
    }

    public static FlowStep subflow(Requirement requirement, FlowStep... steps) {
        return new FlowStep(null, requirement, List.of(steps));
    }

    /** A top-level flow: its executions, as a subflow that is always entered. */
    public static FlowStep flow(List<FlowStep> steps) {
        return new FlowStep(null, Requirement.REQUIRED, steps);
    }

    public boolean isSubflow() {
        return authenticator == null;
    }
}

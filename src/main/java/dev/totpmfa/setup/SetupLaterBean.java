package dev.totpmfa.setup;

import dev.totpmfa.config.EnrolmentGrace;

/**
 * What the "Set up later" part of {@code totp-mfa-setup.ftl} shows, exposed as {@code totpMfaSetupLater}: present
 * only while the user may postpone.
 */
public final class SetupLaterBean {

    private final Integer left;
    private final String until;

    SetupLaterBean(EnrolmentGrace.Standing standing) {
        this.left = standing.left().isPresent() ? standing.left().getAsInt() : null;
        this.until = standing.until().map(Object::toString).orElse(null);
    }

    /** Postponements left, this one included; null where only a date limits the grace. */
    public Integer getLeft() {
        return left;
    }

    /** The last day (yyyy-MM-dd, UTC) on which the user may postpone; null where only a count limits it. */
    public String getUntil() {
        return until;
    }
}

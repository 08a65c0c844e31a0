package dev.totpmfa.it.support;

import java.util.List;

/**
 * What an enrolled user holds: the authenticator app and the recovery codes that were shown (empty when none
 * were).
 */
public record Enrolled(TestUser user, StepCodes app, List<String> recoveryCodes) {

    public TotpDevice device() {
        return app.device();
    }
}

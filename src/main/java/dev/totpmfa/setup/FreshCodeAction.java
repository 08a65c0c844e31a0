package dev.totpmfa.setup;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * What our two required actions (enrol an app, new recovery codes) have in common: an application may start them
 * ({@code kc_action}); a change to an enrolled factor wants a code from this sign-in first ({@link CodeBeforeChange});
 * they are added by whoever knows they are due (the enrolment, the login step, an admin), never by a trigger; and
 * they hold nothing per request.
 */
interface FreshCodeAction extends RequiredActionProvider {

    @Override
    default InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    default int getMaxAuthAge(KeycloakSession session) {
        return CodeBeforeChange.maxAuthAge(session, RequiredActionProvider.super.getMaxAuthAge(session));
    }

    @Override
    default void evaluateTriggers(RequiredActionContext context) {
        // Added by whoever knows the action is due; nothing to detect here.
    }

    @Override
    default void close() {
        // Nothing held per request.
    }
}

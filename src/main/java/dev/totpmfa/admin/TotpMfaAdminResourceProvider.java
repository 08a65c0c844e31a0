package dev.totpmfa.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Hands Keycloak the resource under {@code /admin/realms/{realm}/totp-mfa/} for one admin request. */
final class TotpMfaAdminResourceProvider implements AdminRealmResourceProvider {

    private final int usersScanLimit;

    TotpMfaAdminResourceProvider(int usersScanLimit) {
        this.usersScanLimit = usersScanLimit;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new TotpMfaAdminResource(session, realm, auth, adminEvent, usersScanLimit);
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

package dev.totpmfa.admin;

import dev.totpmfa.config.NoServerSetup;
import dev.totpmfa.names.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Registers the admin REST API at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}{@code /}. */
public final class TotpMfaAdminResourceProviderFactory implements AdminRealmResourceProviderFactory,
        NoServerSetup<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = ProviderIds.ADMIN_API;

    /**
     * Users {@code GET users} tests per call for an admin restricted by fine-grained permissions
     * ({@code --spi-admin-realm-restapi-extension--totp-mfa--users-scan-limit}).
     */
    static final String USERS_SCAN_LIMIT = "users-scan-limit";

    private TotpMfaAdminResourceProvider provider = new TotpMfaAdminResourceProvider(PermissionScan.DEFAULT_LIMIT);

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public void init(Config.Scope config) {
        int limit = config.getInt(USERS_SCAN_LIMIT, PermissionScan.DEFAULT_LIMIT);
        if (limit < 1) {
            throw new IllegalArgumentException(USERS_SCAN_LIMIT + " must be 1 or more, not " + limit);
        }
        provider = new TotpMfaAdminResourceProvider(limit);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

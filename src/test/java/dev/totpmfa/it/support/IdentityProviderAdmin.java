package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.encode;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Identity providers of a realm (brokered sign-in). */
public final class IdentityProviderAdmin {

    private final AdminHttp http;

    IdentityProviderAdmin(AdminHttp http) {
        this.http = http;
    }

    /**
     * An OpenID Connect identity provider {@code alias} of {@code realm} that signs users in at realm
     * {@code idpRealm} of the same server with the confidential client {@code clientId}/{@code secret}: tokens
     * fetched over the back channel, claims read from the ID token (no signature check: same server, test only).
     */
    public void createOidcIdentityProvider(String realm, String alias, String idpRealm, String clientId,
                                           String secret) {
        String oidc = http.target().baseUrl() + "/realms/" + encode(idpRealm) + "/protocol/openid-connect";
        ObjectNode provider = http.json().createObjectNode().put("alias", alias).put("providerId", "oidc")
                .put("enabled", true).put("trustEmail", false);
        provider.putObject("config")
                .put("authorizationUrl", oidc + "/auth")
                .put("tokenUrl", oidc + "/token")
                .put("clientId", clientId)
                .put("clientSecret", secret)
                .put("clientAuthMethod", "client_secret_post")
                .put("defaultScope", "openid profile email")
                .put("validateSignature", "false")
                .put("syncMode", "IMPORT");
        http.send("POST", realmPath(realm) + "/identity-provider/instances", provider, 201);
    }

    public JsonNode identityProvider(String realm, String alias) {
        return http.get(realmPath(realm) + "/identity-provider/instances/" + encode(alias));
    }
}

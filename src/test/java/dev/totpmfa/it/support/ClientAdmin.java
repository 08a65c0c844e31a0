package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.encode;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenID Connect clients of a realm and their protocol mappers. */
public final class ClientAdmin {

    private final AdminHttp http;

    ClientAdmin(AdminHttp http) {
        this.http = http;
    }

    /** The id of the client {@code clientId} (its UUID, as the admin API's client paths want it). */
    public String clientUuid(String realm, String clientId) {
        return http.get(realmPath(realm) + "/clients?clientId=" + encode(clientId)).get(0).path("id").asText();
    }

    /** Creates a client from its representation; its id (not its clientId). */
    public String createClient(String realm, ObjectNode client) {
        return http.create(realmPath(realm) + "/clients", client);
    }

    /** A public client for the authorization code flow only (no direct grant), redirecting to {@code redirectUri}. */
    public void createPublicClient(String realm, String clientId, String redirectUri) {
        ObjectNode client = publicClient(clientId, true, false);
        client.putArray("redirectUris").add(redirectUri);
        createClient(realm, client);
    }

    /** A public client that may use the resource-owner password grant (direct access grants) only. */
    public void createDirectGrantClient(String realm, String clientId) {
        createClient(realm, publicClient(clientId, false, true));
    }

    private ObjectNode publicClient(String clientId, boolean standardFlow, boolean directGrant) {
        return http.json().createObjectNode()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("standardFlowEnabled", standardFlow)
                .put("directAccessGrantsEnabled", directGrant)
                .put("enabled", true);
    }

    /** Adds a protocol mapper (e.g. {@code oidc-amr-mapper}) to the client whose id is {@code clientUuid}. */
    public void addProtocolMapper(String realm, String clientUuid, ObjectNode mapper) {
        http.send("POST", realmPath(realm) + "/clients/" + encode(clientUuid) + "/protocol-mappers/models", mapper,
                201);
    }
}

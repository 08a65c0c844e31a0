package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.elements;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The admin REST calls the ITs need, as the bootstrap admin, grouped by what they administer: {@link #realms()},
 * {@link #users()}, {@link #clients()}, {@link #identityProviders()}, {@link #events()}, {@link #flows()} (flow
 * builders and required actions); our own admin API ({@link #totpMfa}) and any other path ({@link #request}) here.
 * The transport is {@link AdminHttp}.
 */
public final class AdminApi {

    private final AdminHttp http;
    private final RealmAdmin realms;
    private final UserAdmin users;
    private final ClientAdmin clients;
    private final IdentityProviderAdmin identityProviders;
    private final EventAdmin events;
    private final FlowAdmin flows;

    public AdminApi(KeycloakTarget target) {
        http = new AdminHttp(target);
        realms = new RealmAdmin(http);
        clients = new ClientAdmin(http);
        users = new UserAdmin(http, clients);
        identityProviders = new IdentityProviderAdmin(http);
        events = new EventAdmin(http);
        flows = new FlowAdmin(http, realms);
    }

    public RealmAdmin realms() {
        return realms;
    }

    public UserAdmin users() {
        return users;
    }

    public ClientAdmin clients() {
        return clients;
    }

    public IdentityProviderAdmin identityProviders() {
        return identityProviders;
    }

    public EventAdmin events() {
        return events;
    }

    public FlowAdmin flows() {
        return flows;
    }

    public ObjectMapper json() {
        return http.json();
    }

    public JsonNode parse(String body) {
        return http.parse(body);
    }

    public JsonNode serverInfo() {
        return http.get("/admin/serverinfo");
    }

    /** A call to our admin API under {@code /admin/realms/{realm}/totp-mfa/} as the master admin; its JSON. */
    public JsonNode totpMfa(String realm, String method, String path) {
        return http.parse(http.send(method, realmPath(realm) + "/totp-mfa/" + path, null, 200));
    }

    /** The users of our admin API's {@code GET users} (at most 1000), as the master admin sees them. */
    public List<JsonNode> totpMfaUsers(String realm) {
        return elements(http.get(realmPath(realm) + "/totp-mfa/users?first=0&max=1000"));
    }

    /** A request to any admin path ({@code /admin/realms/...}) with the master admin's token; the raw answer. */
    public HttpResponse<String> request(String method, String path, JsonNode body) {
        return http.exchange(method, path, body);
    }
}

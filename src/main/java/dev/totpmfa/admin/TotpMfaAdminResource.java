package dev.totpmfa.admin;

import dev.totpmfa.credential.KeycloakJpa;
import dev.totpmfa.flow.FlowInstall;
import dev.totpmfa.flow.FlowWatch;
import dev.totpmfa.flow.FlowsView;
import dev.totpmfa.lockout.FactorLockout;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/totp-mfa/}: authorised as Keycloak's own user endpoints are (Keycloak has already
 * authenticated the caller and checked the realm): the summary needs the right to view every user, a list needs
 * {@code query-users} and shows the users this admin may view, and a change of one user needs the right to manage
 * that user; with fine-grained admin permissions those decide per user. Every change sends an admin event of
 * resource type {@code USER}, as Keycloak's own credential removal does.
 */
public final class TotpMfaAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final int usersScanLimit;
    private final Map<String, Optional<UserModel>> lookedUp = new HashMap<>();

    /** The answer's header on a list cut short by {@code users-scan-limit}: how many users were tested. */
    static final String SCAN_STOPPED_HEADER = "X-Totp-Mfa-Scan-Stopped";

    TotpMfaAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                         AdminEventBuilder adminEvent, int usersScanLimit) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.USER);
        this.usersScanLimit = usersScanLimit;
    }

    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    public FactorSummary summary() {
        // Counts of every user: only for an admin who may see every one of them.
        if (!viewsEveryUser()) {
            throw ErrorResponse.error("Forbidden", Response.Status.FORBIDDEN);
        }
        return states().summary();
    }

    @GET
    @Path("users")
    @Produces(MediaType.APPLICATION_JSON)
    public Response users(@QueryParam("state") String state, @QueryParam("first") String first,
                          @QueryParam("max") String max) {
        auth.users().requireQuery();
        FactorState filter = state == null || state.isEmpty() ? null : FactorState.parse(state)
                .orElseThrow(() -> ErrorResponse.error("state must be one of none, builtin, enrolled, low-codes,"
                        + " locked", Response.Status.BAD_REQUEST));
        Paging paging;
        try {
            paging = Paging.of(number(first), number(max));
        } catch (IllegalArgumentException e) {
            throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
        }
        if (viewsEveryUser()) {
            return Response.ok(states().page(filter, paging, null)).build();
        }
        PermissionScan scan = new PermissionScan(id -> {
            UserModel user = lookUp(id);
            return user != null && auth.users().canView(user);
        }, usersScanLimit);
        try {
            return Response.ok(states().page(filter, paging, scan)).build();
        } catch (PermissionScan.Stopped stopped) {
            // The page among the users tested; their details read again, this time without a permission check.
            List<String> page = scan.page(paging);
            List<UserFactors> users = page.isEmpty() ? List.of()
                    : states().page(filter, new Paging(0, page.size()), page::contains);
            return Response.ok(users).header(SCAN_STOPPED_HEADER, scan.tested()).build();
        }
    }

    @POST
    @Path("users/{id}/reset")
    @Produces(MediaType.APPLICATION_JSON)
    public FactorReset.Result reset(@PathParam("id") String id) {
        UserModel user = managedUser(id);
        FactorReset.Result result = FactorReset.reset(session, realm, user);
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(result).success();
        return result;
    }

    @POST
    @Path("users/{id}/unlock")
    public Response unlock(@PathParam("id") String id) {
        UserModel user = managedUser(id);
        if (!FactorLockout.clear(session, realm, user)) {
            // Nothing changed: without a JPA store the user's state cannot be locked (logged at the first try).
            throw new ServiceUnavailableException("the user's second-factor state cannot be locked");
        }
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(Map.of("id", user.getId(), "username", user.getUsername())).success();
        return Response.noContent().build();
    }

    @GET
    @Path("flows")
    @Produces(MediaType.APPLICATION_JSON)
    public FlowsView flows() {
        // Flows are realm settings: Keycloak's own flow endpoints need view-realm, and so does this one.
        auth.realm().requireViewRealm();
        return FlowsView.of(FlowWatch.review(realm));
    }

    /**
     * Copies the realm's sign-in flows with our step in place of Keycloak's OTP steps and binds the copies; with
     * {@code dryRun=true} (also the default) it only answers what it would do. Changing flows needs
     * {@code manage-realm}, as Keycloak's own flow endpoints do.
     */
    @POST
    @Path("flows/install")
    @Produces(MediaType.APPLICATION_JSON)
    public FlowInstall.Result installFlows(@QueryParam("dryRun") String dryRun) {
        auth.realm().requireManageRealm();
        if (dryRun != null && !dryRun.isEmpty() && !"true".equals(dryRun) && !"false".equals(dryRun)) {
            throw ErrorResponse.error("dryRun must be true or false", Response.Status.BAD_REQUEST);
        }
        boolean dry = !"false".equals(dryRun);
        FlowInstall.Result result = new FlowInstall(session, realm, dry).run();
        if (!dry && result.changed()) {
            FlowWatch.forget(realm.getId());
            adminEvent.resource(ResourceType.AUTH_FLOW).operation(OperationType.ACTION)
                    .resourcePath(session.getContext().getUri()).representation(result).success();
        }
        return result;
    }

    /**
     * Whether this admin may see every user of the realm, so that a list needs no test of each user. With admin
     * permissions v2 (the realm's "Admin Permissions") a permission on all users can be narrowed by one that
     * denies some of them (a denial wins), so there only the {@code view-users} or {@code manage-users} role
     * shows everyone, as in Keycloak's own user list.
     */
    private boolean viewsEveryUser() {
        if (auth.hasOneAdminRole(AdminRoles.VIEW_USERS, AdminRoles.MANAGE_USERS)) {
            return true;
        }
        return !realm.isAdminPermissionsEnabled() && auth.users().canView();
    }

    /** As Keycloak's user endpoints: an unknown id is 404 only for an admin who may query users, else 403. */
    private UserModel managedUser(String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            if (auth.users().canQuery()) {
                throw ErrorResponse.error("User not found", Response.Status.NOT_FOUND);
            }
            throw ErrorResponse.error("Forbidden", Response.Status.FORBIDDEN);
        }
        auth.users().requireManage(user);
        return user;
    }

    private FactorStates states() {
        EntityManager em = KeycloakJpa.entityManager(session).orElseThrow(() -> ErrorResponse.error(
                "needs Keycloak's JPA store", Response.Status.NOT_IMPLEMENTED));
        return new FactorStates(em, realm, Instant.ofEpochMilli(Time.currentTimeMillis()), id -> {
            UserModel user = lookUp(id);
            return user == null ? null : user.getUsername();
        });
    }

    /**
     * A user by id, looked up once per request: a user kept without import is looked up in their provider (for an
     * LDAP, a search), once for the admin's permissions and once more for their username otherwise.
     */
    private UserModel lookUp(String id) {
        return lookedUp.computeIfAbsent(id, key -> Optional.ofNullable(session.users().getUserById(realm, key)))
                .orElse(null);
    }

    private static Integer number(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("first and max must be whole numbers");
        }
        return Integer.valueOf(value);
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LdapDirectory;
import dev.totpmfa.it.support.LdapDirectory.Mode;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.UserStoreJourneys;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Most realms in companies take their users from LDAP or Active Directory, often read-only, and sometimes without
 * importing them. Whoever has such a user's password must still need the second factor, the lockout must count their
 * guesses as it counts a local user's (one after another, also in parallel), and enrolment must work where Keycloak
 * will not write to the user. A real directory (UnboundID's in-memory server) federated in the three shapes admins
 * run: read-only with import (the most common), read-only without import, writable with import; one realm each, and
 * the journeys every user store must pass ({@link UserStoreJourneys}) in each.
 */
@KeycloakIT
class LdapUsersIT {

    @RegisterExtension
    static final LdapDirectory ldap = LdapDirectory.start();
    @RegisterExtension
    static final TestRealm readOnlyImport = UserStoreJourneys.realm("ldap-ro-import");
    @RegisterExtension
    static final TestRealm readOnlyNoImport = UserStoreJourneys.realm("ldap-ro-noimport");
    @RegisterExtension
    static final TestRealm writableImport = UserStoreJourneys.realm("ldap-writable");
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final Map<Mode, TestRealm> REALMS = new EnumMap<>(Mode.class);
    private static final Map<Mode, String> COMPONENTS = new EnumMap<>(Mode.class);
    private static final Map<Mode, UserStoreJourneys> JOURNEYS = new EnumMap<>(Mode.class);

    /** A test run once in each of the three shapes, each in its realm ({@code UNSYNCED_IMPORT} is not one). */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest
    @EnumSource(names = {"READ_ONLY_IMPORT", "READ_ONLY_NO_IMPORT", "WRITABLE_IMPORT"})
    @interface InEachShape {
    }

    @BeforeAll
    static void federateTheDirectory() {
        REALMS.put(Mode.READ_ONLY_IMPORT, readOnlyImport);
        REALMS.put(Mode.READ_ONLY_NO_IMPORT, readOnlyNoImport);
        REALMS.put(Mode.WRITABLE_IMPORT, writableImport);
        REALMS.forEach((mode, realm) -> {
            COMPONENTS.put(mode, ldap.federate(realm, mode));
            UserStoreJourneys journeys = new UserStoreJourneys(realm, () -> newUser(mode));
            journeys.installDirectGrant();
            JOURNEYS.put(mode, journeys);
        });
    }

    @InEachShape
    void enrolSignInWithACodeOrARecoveryCodeAndInTheDirectGrant(Mode mode) {
        TestUser user = JOURNEYS.get(mode).enrolSignInWithACodeOrARecoveryCodeAndInTheDirectGrant();

        JsonNode stored = LdapDirectory.representation(REALMS.get(mode), user);
        assertThat(stored.path("federationLink").asText()).as("a user of the LDAP provider")
                .isEqualTo(COMPONENTS.get(mode));
        if (!mode.importEnabled()) {
            assertThat(user.id()).as("Keycloak's id of a user without import").startsWith("f:");
        }
    }

    @InEachShape
    void parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks(Mode mode) throws Exception {
        JOURNEYS.get(mode).parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks();
    }

    @InEachShape
    void aTrustedBrowserSkipsTheCodeAndAnAdminResetAsksForEnrolmentAgain(Mode mode) {
        JOURNEYS.get(mode).aTrustedBrowserSkipsTheCodeAndAnAdminResetAsksForEnrolmentAgain();
    }

    @InEachShape
    void theGracePeriodIsCountedOnce(Mode mode) {
        JOURNEYS.get(mode).theGracePeriodIsCountedOnce();
    }

    @InEachShape
    void theAdminApiListsAndCountsDirectoryUsers(Mode mode) {
        JOURNEYS.get(mode).theAdminApiListsAndCountsTheUsers();
    }

    /**
     * A lockout recorded by the release before the state row (the user attribute {@code totp-mfa-lockout}, here at
     * the ceiling) is carried over at the user's first code: the right code stays refused. The user is made as that
     * release left them: enrolled, the attribute set, no state row.
     */
    @Test
    void aLockoutRecordedInTheOldAttributeIsCarriedOver() {
        TestRealm realm = REALMS.get(Mode.WRITABLE_IMPORT);
        TestUser user = newUser(Mode.WRITABLE_IMPORT);
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        admin.users().credentials(realm.name(), user.id(), "totp-mfa-user-state").forEach(
                row -> admin.users().deleteCredential(realm.name(), user.id(), row.path("id").asText()));
        // That release's attributes are not in the user profile: an admin writes them with unmanaged attributes on.
        ObjectNode profile = (ObjectNode) admin.parse(admin.request("GET", "/admin/realms/" + realm.name()
                + "/users/profile", null).body());
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        assertThat(admin.request("PUT", "/admin/realms/" + realm.name() + "/users/profile", profile).statusCode())
                .isEqualTo(200);
        admin.users().updateUser(realm.name(), user.id(), admin.json().createObjectNode().set("attributes",
                admin.json().createObjectNode().set("totp-mfa-lockout", admin.json().createArrayNode()
                        .add("v1:100:300:" + System.currentTimeMillis()))));

        assertThat(JOURNEYS.get(Mode.WRITABLE_IMPORT).listed("locked"))
                .as("the admin API reads the old attribute until the first use")
                .contains(user.username());

        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next())).body())
                .as("the right code at the carried-over ceiling").contains("ask your administrator");
        assertThat(JOURNEYS.get(Mode.WRITABLE_IMPORT).listed("locked")).as("and the state row after it")
                .contains(user.username());
        assertThat(LdapDirectory.representation(realm, user).path("attributes").has("totp-mfa-lockout"))
                .as("the old attribute, removed once carried over").isFalse();
    }

    private static TestUser newUser(Mode mode) {
        return LdapDirectory.inKeycloak(REALMS.get(mode), ldap.addUser(mode));
    }
}

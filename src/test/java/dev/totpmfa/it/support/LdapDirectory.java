package dev.totpmfa.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real LDAP directory for user-federation tests: UnboundID's in-memory directory server, in the test JVM, on a free
 * port of 127.0.0.1, with the standard schema (inetOrgPerson, and the operational attributes Keycloak reads, such as
 * entryUUID). Keycloak, in its own process, connects to it as to any LDAP server.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LdapDirectory ldap = LdapDirectory.start();
 * ...
 * String component = ldap.federate(realm, LdapDirectory.Mode.READ_ONLY_IMPORT);
 * TestUser user = ldap.addUser(LdapDirectory.Mode.READ_ONLY_IMPORT);
 * }</pre>
 *
 * Each mode has its own organisational unit, so a realm per mode sees only its users. Stopped after the class.
 */
public final class LdapDirectory implements AfterAllCallback, AutoCloseable {

    public static final String BASE_DN = "dc=totp-mfa,dc=test";
    private static final String BIND_DN = "cn=admin," + BASE_DN;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How Keycloak federates the directory: the edit modes and the import switch admins choose. */
    public enum Mode {
        READ_ONLY_IMPORT("READ_ONLY", true),
        READ_ONLY_NO_IMPORT("READ_ONLY", false),
        WRITABLE_IMPORT("WRITABLE", true),
        UNSYNCED_IMPORT("UNSYNCED", true);

        private final String editMode;
        private final boolean importEnabled;

        Mode(String editMode, boolean importEnabled) {
            this.editMode = editMode;
            this.importEnabled = importEnabled;
        }

        public boolean importEnabled() {
            return importEnabled;
        }

        String unit() {
            return name().toLowerCase().replace('_', '-');
        }

        String usersDn() {
            return "ou=" + unit() + "," + BASE_DN;
        }
    }

    private final InMemoryDirectoryServer server;
    private final String bindPassword = "admin-" + HexFormat.of().formatHex(randomBytes(8));

    private LdapDirectory() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.addAdditionalBindCredentials(BIND_DN, bindPassword);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), FreePorts.any(), null));
            server = new InMemoryDirectoryServer(config);
            server.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: totp-mfa");
            for (Mode mode : Mode.values()) {
                server.add("dn: " + mode.usersDn(), "objectClass: top", "objectClass: organizationalUnit",
                        "ou: " + mode.unit());
            }
            server.startListening();
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException("in-memory LDAP directory", e);
        }
    }

    public static LdapDirectory start() {
        return new LdapDirectory();
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    /** A person with a password in the mode's unit; Keycloak sees them once it looks them up. */
    public TestUser addUser(Mode mode) {
        String username = "ldap-" + HexFormat.of().formatHex(randomBytes(4));
        String password = "pw-" + HexFormat.of().formatHex(randomBytes(8));
        try {
            server.add("dn: uid=" + username + "," + mode.usersDn(), "objectClass: top", "objectClass: person",
                    "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + username,
                    "cn: " + username, "sn: Tester", "givenName: Ldap", "mail: " + username + "@totp-mfa.test",
                    "userPassword: " + password);
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException("adding " + username, e);
        }
        return new TestUser(null, username, password);
    }

    /** The entryUUID the directory gave the user: the external id in Keycloak's id of a user without import. */
    public String entryUuid(Mode mode, String username) {
        try {
            return server.getEntry("uid=" + username + "," + mode.usersDn(), "entryUUID")
                    .getAttributeValue("entryUUID");
        } catch (LDAPException e) {
            throw new IllegalStateException("reading " + username, e);
        }
    }

    /**
     * Adds the directory to the realm as an LDAP user-storage provider ("User federation" → "Add LDAP providers"),
     * with the settings an admin would give an OpenLDAP: vendor other, uid as username, entryUUID as id.
     *
     * @return the component's id
     */
    public String federate(TestRealm realm, Mode mode) {
        return federate(realm, mode, Map.of());
    }

    /** As {@link #federate(TestRealm, Mode)}, with more provider settings (e.g. Kerberos). */
    public String federate(TestRealm realm, Mode mode, Map<String, String> more) {
        AdminApi admin = realm.admin();
        ObjectNode component = admin.json().createObjectNode()
                .put("name", "ldap-" + mode.unit())
                .put("providerId", "ldap")
                .put("providerType", "org.keycloak.storage.UserStorageProvider")
                .put("parentId", admin.realms().realm(realm.name()).path("id").asText());
        ObjectNode config = component.putObject("config");
        Map<String, String> settings = new LinkedHashMap<>(Map.ofEntries(
                Map.entry("enabled", "true"), Map.entry("priority", "0"),
                Map.entry("editMode", mode.editMode), Map.entry("importEnabled", Boolean.toString(mode.importEnabled)),
                Map.entry("syncRegistrations", "false"), Map.entry("vendor", "other"),
                Map.entry("usernameLDAPAttribute", "uid"), Map.entry("rdnLDAPAttribute", "uid"),
                Map.entry("uuidLDAPAttribute", "entryUUID"),
                Map.entry("userObjectClasses", "inetOrgPerson, organizationalPerson"),
                Map.entry("connectionUrl", url()), Map.entry("usersDn", mode.usersDn()),
                Map.entry("authType", "simple"), Map.entry("bindDn", BIND_DN),
                Map.entry("bindCredential", bindPassword),
                Map.entry("searchScope", "1"), Map.entry("pagination", "false"),
                Map.entry("connectionPooling", "false"),
                Map.entry("useTruststoreSpi", "never"), Map.entry("trustEmail", "true"),
                Map.entry("allowKerberosAuthentication", "false"), Map.entry("cachePolicy", "DEFAULT"),
                Map.entry("fullSyncPeriod", "-1"), Map.entry("changedSyncPeriod", "-1"),
                Map.entry("validatePasswordPolicy", "false")));
        settings.putAll(more);
        settings.forEach((key, value) -> config.putArray(key).add(value));
        HttpResponse<String> answer = admin.request("POST", "/admin/realms/" + realm.name() + "/components", component);
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("LDAP provider refused: " + answer.statusCode() + " " + answer.body());
        }
        String location = answer.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * The user as Keycloak knows them: looked up by username through the admin API, which imports a user of a
     * provider with import on.
     */
    public static TestUser inKeycloak(TestRealm realm, TestUser ldapUser) {
        return new TestUser(realm.admin().users().userId(realm.name(), ldapUser.username()), ldapUser.username(),
                ldapUser.password());
    }

    /** The user's representation in the admin API (federationLink, attributes). */
    public static JsonNode representation(TestRealm realm, TestUser user) {
        return realm.admin().parse(realm.admin().request("GET", "/admin/realms/" + realm.name() + "/users/"
                + user.id(), null).body());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}

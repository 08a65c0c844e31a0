package dev.totpmfa.it.support;

/** Chooses the one {@link KeycloakTarget} of this test JVM from {@code -Dit.target} ({@code dist} by default). */
public final class KeycloakTargets {

    private static KeycloakTarget current;
    private static AdminApi admin;

    private KeycloakTargets() {
    }

    public static synchronized KeycloakTarget current() {
        if (current == null) {
            String kind = System.getProperty("it.target", "dist");
            current = switch (kind) {
                case "dist" -> KeycloakServer.fromSystemProperties();
                case "testcontainers" -> new TestcontainersKeycloak();
                default -> throw new IllegalArgumentException(
                        "-Dit.target must be 'dist' or 'testcontainers', not '" + kind + "'");
            };
        }
        return current;
    }

    /** The admin API of {@link #current()}, shared by every class of this test JVM (it keeps one token). */
    public static synchronized AdminApi admin() {
        if (admin == null) {
            admin = new AdminApi(current());
        }
        return admin;
    }

    /** The Keycloak version under test: pom.xml's {@code keycloak.version}, which Failsafe passes on. */
    public static String keycloakVersion() {
        String version = System.getProperty("keycloak.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(
                    "System property keycloak.version is not set; run the ITs with `mvn verify`");
        }
        return version;
    }
}

package dev.totpmfa.it.support;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * {@code -Dit.target=testcontainers}: the same ITs against Keycloak in Docker, the image built from
 * {@code docker/Dockerfile} (build context: the project root, after {@code mvn package}); without that file, the
 * official image with our jar added. Compiled by CI but not run there (no Docker engine).
 */
final class TestcontainersKeycloak implements KeycloakTarget {

    private static final String OFFICIAL_IMAGE = "quay.io/keycloak/keycloak:26.7.3";

    private KeycloakContainer container;

    @Override
    public synchronized void ensureStartedWithDefaults() {
        if (container != null && container.isRunning()) {
            return;
        }
        container = newContainer();
        container.start();
    }

    private static KeycloakContainer newContainer() {
        Path root = Path.of(System.getProperty("it.projectRoot", ".")).toAbsolutePath();
        Path dockerfile = root.resolve("docker/Dockerfile");
        if (Files.isRegularFile(dockerfile)) {
            // ImageFromDockerfile is a lazy future: get() builds the image and returns its name.
            String image = new ImageFromDockerfile("keycloak-totp-mfa-it", false)
                    .withFileFromPath(".", root)
                    .withDockerfilePath("docker/Dockerfile")
                    .get();
            // docker/Dockerfile bakes in PostgreSQL for compose.yml; start-dev (the container's default command)
            // re-augments for the embedded dev database instead, so the ITs need no database container.
            return new KeycloakContainer(image).withEnv("KC_DB", "dev-file");
        }
        File jar = new File(System.getProperty("extension.jar"));
        return new KeycloakContainer(OFFICIAL_IMAGE).withProviderLibsFrom(List.of(jar));
    }

    @Override
    public synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String adminUser() {
        return container.getAdminUsername();
    }

    @Override
    public String adminPassword() {
        return container.getAdminPassword();
    }

    @Override
    public String serverLog() {
        return container == null ? "" : container.getLogs();
    }
}

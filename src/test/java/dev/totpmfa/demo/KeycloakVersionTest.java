package dev.totpmfa.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Keycloak version is set once, in pom.xml's {@code keycloak.version}; bin/demo, the ITs and the Testcontainers
 * image read it from there. docker/Dockerfile needs a default of its own for a plain {@code docker build} (and
 * docker/compose.yml builds without arguments), so this test keeps that default equal to the pom's.
 */
class KeycloakVersionTest {

    @Test
    void theDockerfilesDefaultIsThePomsVersion() throws IOException {
        String pomVersion = firstGroup("<keycloak.version>([^<]+)</keycloak.version>", Path.of("pom.xml"));
        String dockerfileDefault = firstGroup("(?m)^ARG KEYCLOAK_VERSION=(\\S+)$", Path.of("docker/Dockerfile"));

        assertThat(dockerfileDefault).as("ARG KEYCLOAK_VERSION of docker/Dockerfile").isEqualTo(pomVersion);
    }

    private static String firstGroup(String regex, Path file) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(file));
        assertThat(matcher.find()).as("%s in %s", regex, file).isTrue();
        return matcher.group(1);
    }
}

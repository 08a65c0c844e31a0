package dev.totpmfa.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an IT class that runs against the shared Keycloak: {@link KeycloakTarget} and {@link AdminApi} may be
 * declared as parameters of test and lifecycle methods, and a failure prints the tail of the server log. Its realm
 * and browser are static {@code @RegisterExtension} fields ({@link TestRealm#perClass}, {@link Browser}), which
 * JUnit creates after the server is up and closes after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakExtension.class)
public @interface KeycloakIT {
}

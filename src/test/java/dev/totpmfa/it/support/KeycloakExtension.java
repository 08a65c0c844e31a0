package dev.totpmfa.it.support;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives every {@link KeycloakIT} class the one server of this test JVM, started before the first class with the
 * default options (and restarted with them when an earlier class left it running with others), and stopped when
 * the test plan ends. Shows the last {@value #TAIL_LINES} lines of the server log when a test or a set-up method
 * fails: most failures of a flow test are explained there.
 * <p>
 * What a class needs beside the server it declares as static {@code @RegisterExtension} fields, which JUnit sets
 * up after the server and tears down after the class: {@link TestRealm#perClass} and {@link Browser}.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

    private static final int TAIL_LINES = 200;
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        KeycloakTarget target = KeycloakTargets.current();
        // Stored in the root context: closed once, when the whole test plan has run.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("stopper", key -> new Stopper(target),
                Stopper.class);
        try {
            target.ensureStartedWithDefaults();
        } catch (RuntimeException e) {
            dumpLog(context.getDisplayName() + " could not start Keycloak", target);
            throw e;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakTarget.class || type == AdminApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakTarget.class ? KeycloakTargets.current() : KeycloakTargets.admin();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        dumpLog(describe(context) + " failed", KeycloakTargets.current());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        dumpLog(describe(context) + " @BeforeAll failed", KeycloakTargets.current());
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        dumpLog(describe(context) + " @BeforeEach failed", KeycloakTargets.current());
        throw throwable;
    }

    private static String describe(ExtensionContext context) {
        String method = context.getTestMethod().map(Method::getName).orElse("");
        return context.getRequiredTestClass().getSimpleName() + (method.isEmpty() ? "" : "." + method);
    }

    private static void dumpLog(String why, KeycloakTarget target) {
        StringBuilder text = new StringBuilder()
                .append("\n===== ").append(why).append(": last ").append(TAIL_LINES)
                .append(" lines of the Keycloak log =====\n");
        try {
            target.serverLogTail(TAIL_LINES).forEach(line -> text.append(line).append('\n'));
        } catch (RuntimeException e) {
            text.append("(log not readable: ").append(e).append(")\n");
        }
        text.append("===== end of Keycloak log =====\n");
        System.out.print(text);
    }

    /** Stops the server at the end of the test plan (the shutdown hook is only the fallback). */
    private record Stopper(KeycloakTarget target) implements AutoCloseable {
        @Override
        public void close() {
            target.stop();
        }
    }
}

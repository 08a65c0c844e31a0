package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core (the npm package pinned in {@code src/test/js}, installed by Maven with {@code npm ci}; path in
 * {@code it.axeScript}) run inside the current page.
 */
public final class Axe {

    /** The impacts that fail a page: a screen-reader or keyboard user cannot complete the step. */
    public static final Set<String> BLOCKING = Set.of("serious", "critical");

    private static String script;

    private Axe() {
    }

    /** One violated rule on one element. */
    public record Violation(String rule, String impact, String target, String html, String help) {
        @Override
        public String toString() {
            return impact + " " + rule + " at " + target + ": " + help + "\n    " + html;
        }
    }

    /** Every violation of the page as it is now, one entry per rule and element. */
    @SuppressWarnings("unchecked")
    public static List<Violation> violations(Browser browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        js.executeScript(script());
        Object result = js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(r.violations), e => done({error: String(e)}));");
        if (result instanceof Map<?, ?> error) {
            throw new IllegalStateException("axe.run failed: " + error.get("error"));
        }
        List<Violation> found = new ArrayList<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) result) {
            for (Map<String, Object> node : (List<Map<String, Object>>) rule.get("nodes")) {
                Object impact = node.get("impact") != null ? node.get("impact") : rule.get("impact");
                found.add(new Violation(String.valueOf(rule.get("id")), String.valueOf(impact),
                        String.valueOf(node.get("target")), String.valueOf(node.get("html")),
                        String.valueOf(rule.get("help"))));
            }
        }
        return found;
    }

    private static synchronized String script() {
        if (script == null) {
            Path path = Path.of(System.getProperty("it.axeScript", "src/test/js/node_modules/axe-core/axe.min.js"));
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(
                        path + " is missing; run `npm ci --prefix src/test/js` (mvn verify does)");
            }
            try {
                script = Files.readString(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }
}

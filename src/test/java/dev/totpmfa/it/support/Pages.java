package dev.totpmfa.it.support;

import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What the pages share: keycloak.v2's {@code field.ftl} error markup. */
final class Pages {

    private Pages() {
    }

    /**
     * The error shown against {@code field}: keycloak.v2's {@code #input-error-<field>} element, or the input marked
     * {@code aria-invalid="true"} together with the page's error alert.
     */
    static Optional<String> fieldError(Browser browser, String field) {
        for (WebElement error : browser.driver().findElements(By.id("input-error-" + field))) {
            if (!error.getText().isBlank()) {
                return Optional.of(error.getText().strip());
            }
        }
        boolean invalid = browser.driver().findElements(By.name(field)).stream()
                .anyMatch(input -> "true".equals(input.getAttribute("aria-invalid")));
        if (invalid) {
            return browser.driver().findElements(By.cssSelector("[id^=input-error], .pf-m-danger, .kc-feedback-text"))
                    .stream().map(WebElement::getText).filter(text -> !text.isBlank()).findFirst()
                    .map(String::strip);
        }
        return Optional.empty();
    }
}

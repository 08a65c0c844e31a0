package dev.totpmfa.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedCondition;

/**
 * A page object that is built only once its page is there: the constructor waits for it, and a timeout names the
 * page expected, the URL reached and the page's source, which is usually all a failed run needs.
 */
abstract class AwaitedPage {

    protected final Browser browser;

    AwaitedPage(Browser browser, String page, ExpectedCondition<?> shown) {
        this.browser = browser;
        browser.await().withMessage(() -> "no " + page + " at " + browser.currentUrl() + ":\n" + browser.pageSource())
                .until(shown);
    }

    /** Whether the current page holds {@code element}, without waiting. */
    static boolean holds(Browser browser, By element) {
        return !browser.driver().findElements(element).isEmpty();
    }
}

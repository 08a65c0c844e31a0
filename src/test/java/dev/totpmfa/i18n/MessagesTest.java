package dev.totpmfa.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.totpmfa.names.ProviderIds;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak reads our theme-resources messages as UTF-8 and runs every one of them, placeholders or not, through
 * {@link MessageFormat}: a translation that drops a key, renames a placeholder, breaks a choice pattern or holds a
 * lone apostrophe fails silently on the login page, so these checks run on every build.
 */
class MessagesTest {

    private static final String SOURCE = "en";
    private static final Set<String> LOCALES = Set.of("en", "de", "fr", "es", "pt_BR", "ja");
    /** Values that may stay as in English (proper nouns, formats). Keep it short. */
    private static final Set<String> SAME_AS_ENGLISH = Set.of();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");
    private static final Object[] SAMPLE_NUMBERS = {0, 1, 5};

    private static Map<String, Properties> bundles;
    private static Map<String, String> rawFiles;

    @BeforeAll
    static void load() {
        bundles = new TreeMap<>();
        rawFiles = new TreeMap<>();
        ThemeMessages.all().forEach((locale, messages) -> {
            bundles.put(locale, messages.properties());
            rawFiles.put(locale, messages.text());
        });
    }

    @Test
    void offersExactlyTheSupportedLocales() {
        assertThat(bundles.keySet()).containsExactlyInAnyOrderElementsOf(LOCALES);
    }

    @Test
    void everyLocaleHasExactlyTheEnglishKeys() {
        Set<String> english = keys(SOURCE);
        assertThat(english).isNotEmpty();
        bundles.keySet().forEach(locale -> {
            Set<String> missing = new TreeSet<>(english);
            missing.removeAll(keys(locale));
            Set<String> extra = new TreeSet<>(keys(locale));
            extra.removeAll(english);
            assertThat(missing).as("keys missing from %s", locale).isEmpty();
            assertThat(extra).as("keys in %s but not in English", locale).isEmpty();
        });
    }

    /** The account console's "Set up …" link and an unlabelled row show these keys, raw when they are missing. */
    @Test
    void theAccountConsoleFindsANameForEachCredentialTypeItLists() {
        Properties english = bundles.get(SOURCE);
        for (String type : List.of(ProviderIds.TOTP_CREDENTIAL, ProviderIds.RECOVERY_CODES_CREDENTIAL,
                ProviderIds.TRUSTED_BROWSER_CREDENTIAL)) {
            assertThat(english.getProperty(type)).as(type).isNotBlank();
            assertThat(english.getProperty(type + "-display-name")).as(type + "-display-name").isNotBlank();
        }
    }

    @Test
    void keysArePrefixedAndDeclaredOnce() {
        rawFiles.forEach((locale, text) -> {
            List<String> declared = declaredKeys(text);
            // totp-mfa…: the account console's keys, named by our credential type ids (<type>, <type>-display-name).
            assertThat(declared).as("keys in %s", locale)
                    .allMatch(key -> key.startsWith("totpMfa") || key.startsWith("totp-mfa"));
            assertThat(declared).as("keys declared twice in %s", locale).doesNotHaveDuplicates();
        });
    }

    @Test
    void placeholdersAndChoiceLimitsMatchEnglish() {
        Properties english = bundles.get(SOURCE);
        bundles.forEach((locale, messages) -> english.stringPropertyNames().forEach(key -> {
            String source = english.getProperty(key);
            String translation = messages.getProperty(key);
            if (translation == null) {
                return; // reported by everyLocaleHasExactlyTheEnglishKeys
            }
            assertThat(placeholders(translation)).as("placeholders of %s in %s", key, locale)
                    .isEqualTo(placeholders(source));
            assertThat(choiceLimits(translation, locale)).as("choice limits of %s in %s", key, locale)
                    .isEqualTo(choiceLimits(source, SOURCE));
        }));
    }

    @Test
    void everyMessageFormatsWithSampleArguments() {
        bundles.forEach((locale, messages) -> messages.stringPropertyNames().forEach(key -> {
            String pattern = messages.getProperty(key);
            for (Object sample : SAMPLE_NUMBERS) {
                Object[] arguments = new Object[placeholders(pattern).stream().mapToInt(i -> i + 1).max().orElse(0)];
                Arrays.fill(arguments, sample);
                String shown;
                try {
                    shown = new MessageFormat(pattern, toLocale(locale)).format(arguments);
                } catch (IllegalArgumentException e) {
                    shown = fail("%s in %s does not format: %s", key, locale, e.getMessage());
                }
                assertThat(shown).as("%s in %s with %s", key, locale, sample).isNotBlank().doesNotContain("{", "}");
            }
        }));
    }

    /** Keycloak formats every message, so an ASCII apostrophe must be doubled or it vanishes with what follows. */
    @Test
    void noLoneAsciiApostrophes() {
        bundles.forEach((locale, messages) -> messages.stringPropertyNames()
                .forEach(key -> assertThat(messages.getProperty(key).replace("''", ""))
                        .as("%s in %s: write ’ or '' instead of '", key, locale)
                        .doesNotContain("'")));
    }

    @Test
    void translationsAreNotEmptyOrLeftInEnglish() {
        Properties english = bundles.get(SOURCE);
        bundles.forEach((locale, messages) -> messages.stringPropertyNames().forEach(key -> {
            String value = messages.getProperty(key);
            assertThat(value).as("%s in %s", key, locale).isNotBlank();
            if (!locale.equals(SOURCE) && !SAME_AS_ENGLISH.contains(value)) {
                assertThat(value).as("%s in %s is still English", key, locale).isNotEqualTo(english.getProperty(key));
            }
        }));
    }

    @Test
    void filesHoldRealCharactersNotEscapes() {
        rawFiles.forEach((locale, text) -> assertThat(text).as("messages_%s.properties", locale)
                .doesNotContain("\\u", "\uFFFD", "\uFEFF"));
    }

    /** Our files use one line per entry and no continuation lines; this finds keys {@link Properties} would merge. */
    private static List<String> declaredKeys(String text) {
        List<String> keys = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            assertThat(trimmed).as("line of a messages file").doesNotEndWith("\\");
            keys.add(trimmed.split("\\s*[=:]", 2)[0]);
        }
        return keys;
    }

    private static Set<String> keys(String locale) {
        return bundles.get(locale).stringPropertyNames();
    }

    /** Argument indices, including those nested in the branches of a choice format. */
    private static Set<Integer> placeholders(String pattern) {
        Set<Integer> indices = new TreeSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(pattern);
        while (placeholder.find()) {
            indices.add(Integer.parseInt(placeholder.group(1)));
        }
        return indices;
    }

    private static Map<Integer, List<Double>> choiceLimits(String pattern, String locale) {
        Map<Integer, List<Double>> limits = new TreeMap<>();
        Format[] formats = new MessageFormat(pattern, toLocale(locale)).getFormatsByArgumentIndex();
        for (int index = 0; index < formats.length; index++) {
            if (formats[index] instanceof ChoiceFormat choice) {
                limits.put(index, Arrays.stream(choice.getLimits()).boxed().toList());
            }
        }
        return limits;
    }

    private static Locale toLocale(String locale) {
        return Locale.forLanguageTag(locale.replace('_', '-'));
    }
}

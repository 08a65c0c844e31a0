package dev.totpmfa.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One of our message bundles ({@code messages_<suffix>.properties}) read as Keycloak reads it: strict UTF-8, from
 * the theme-resources the jar carries (themes/messages before they are copied). For the tests that compare what a
 * page or a mail shows with what the bundle says, and for the checks of the bundles themselves.
 *
 * @param suffix as in the file name: {@code en}, {@code pt_BR}
 * @param text the file as it is
 */
public record ThemeMessages(String suffix, String text, Properties properties) {

    private static final String DIRECTORY = "theme-resources/messages/";
    private static final Pattern FILE_NAME = Pattern.compile("messages_(.+)\\.properties");

    /** The bundle of a locale, as a language tag ({@code pt-BR}) or as the file names it ({@code pt_BR}). */
    public static ThemeMessages of(String locale) {
        String suffix = locale.replace('-', '_');
        return read(suffix, directory().resolve("messages_" + suffix + ".properties"));
    }

    /** Every bundle there is, by suffix. */
    public static Map<String, ThemeMessages> all() {
        Map<String, ThemeMessages> bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory())) {
            for (Path file : files.toList()) {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    bundles.put(name.group(1), read(name.group(1), file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bundles;
    }

    public Locale locale() {
        return Locale.forLanguageTag(suffix.replace('_', '-'));
    }

    /**
     * The message as Keycloak's msg() renders it, through {@link MessageFormat} ({@code ''} becomes {@code '});
     * placeholders without an argument stay as they are.
     */
    public String format(String key, Object... arguments) {
        String pattern = properties.getProperty(key);
        assertThat(pattern).as("%s in messages_%s.properties", key, suffix).isNotNull();
        return new MessageFormat(pattern, locale()).format(arguments);
    }

    private static ThemeMessages read(String suffix, Path file) {
        String text = decodeStrictUtf8(file);
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ThemeMessages(suffix, text, properties);
    }

    /** target/classes when the unit tests run; the ITs see the jar on their class path and read the sources. */
    private static Path directory() {
        URL english = ThemeMessages.class.getClassLoader().getResource(DIRECTORY + "messages_en.properties");
        if (english == null || !"file".equals(english.getProtocol())) {
            return Path.of("themes", "messages");
        }
        try {
            return Path.of(english.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decodeStrictUtf8(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            return fail("%s is not valid UTF-8", file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

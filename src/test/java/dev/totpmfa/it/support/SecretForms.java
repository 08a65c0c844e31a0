package dev.totpmfa.it.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every way a TOTP secret could leak as text: base32 as shown and ungrouped, grouped by four, lower case, base64
 * (standard and URL-safe, padded or not) and hex of the raw bytes. Plus the raw bytes, for binary files.
 */
public final class SecretForms {

    private final Map<String, String> forms = new LinkedHashMap<>();
    private final byte[] raw;

    private SecretForms(String base32, byte[] raw) {
        this.raw = raw.clone();
        String plain = base32.replace(" ", "").toUpperCase(Locale.ROOT);
        forms.put("base32", plain);
        forms.put("base32 grouped", group(plain));
        forms.put("base32 lower case", plain.toLowerCase(Locale.ROOT));
        forms.put("base32 grouped lower case", group(plain).toLowerCase(Locale.ROOT));
        forms.put("base64", Base64.getEncoder().encodeToString(raw));
        forms.put("base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(raw));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        forms.put("hex", HexFormat.of().formatHex(raw));
        forms.put("hex upper case", HexFormat.of().withUpperCase().formatHex(raw));
    }

    public static SecretForms of(String base32AsShown, byte[] raw) {
        return new SecretForms(base32AsShown, raw);
    }

    private static String group(String text) {
        return String.join(" ", text.split("(?<=\\G.{4})"));
    }

    public Map<String, String> textForms() {
        return Map.copyOf(forms);
    }

    /** Names of the forms found in {@code text}; empty when the secret does not appear. */
    public List<String> foundIn(String text) {
        return forms.entrySet().stream().filter(e -> text.contains(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** Names of the forms (raw bytes included) found in a binary file's bytes. */
    public List<String> foundIn(byte[] bytes) {
        List<String> found = new ArrayList<>();
        if (indexOf(bytes, raw) >= 0) {
            found.add("raw bytes");
        }
        forms.forEach((name, text) -> {
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            if (indexOf(bytes, ascii) >= 0 || indexOf(bytes, utf16(text)) >= 0) {
                found.add(name);
            }
        });
        return found;
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16BE);
    }

    public static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

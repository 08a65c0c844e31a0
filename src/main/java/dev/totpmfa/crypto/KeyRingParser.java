package dev.totpmfa.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads sealing keys written as {@code id:base64} entries, oldest first: comma separated in one option
 * value, or one per line in a file (blank lines and {@code #} comments ignored). Error messages name the
 * entry by its position or id, never by its key material.
 */
public final class KeyRingParser {

    private KeyRingParser() {
    }

    /** @throws IllegalArgumentException on any malformed entry */
    public static List<SealingKey> parseList(String commaSeparated) {
        List<SealingKey> keys = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return keys;
        }
        String[] entries = commaSeparated.split(",");
        for (int i = 0; i < entries.length; i++) {
            keys.add(parseEntry(entries[i].trim(), "entry " + (i + 1)));
        }
        return keys;
    }

    /** @throws IllegalArgumentException when the file cannot be read or an entry is malformed */
    public static List<SealingKey> parseFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read sealing key file " + file + ": " + e.getMessage(), e);
        }
        List<SealingKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(parseEntry(line, file.getFileName() + " line " + (i + 1)));
            }
        }
        return keys;
    }

    private static SealingKey parseEntry(String entry, String where) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("Sealing key " + where + " must look like id:base64key");
        }
        String id = entry.substring(0, colon).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Sealing key '" + id + "' (" + where + ") is not valid base64");
        }
        return SealingKey.of(id, key);
    }
}

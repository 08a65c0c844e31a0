package dev.totpmfa.config;

import java.util.Map;

/** A whole-number setting with a default and an inclusive range, declared once and parsed the same way everywhere. */
record IntSetting(String key, String label, String help, int defaultValue, int min, int max) {

    /** @throws InvalidSettingException when the value is not a whole number within the range */
    int parse(Map<String, String> config) {
        String raw = config == null ? null : config.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected range.
        }
        throw new InvalidSettingException(key, "a whole number from " + min + " to " + max);
    }

    String helpWithRange() {
        return help + " " + min + " to " + max + "; default " + defaultValue + ".";
    }
}

package dev.totpmfa.config;

import java.util.Locale;
import java.util.Map;

/** An on/off setting with a default, declared once like {@link IntSetting} and parsed the same way everywhere. */
record BoolSetting(String key, String label, String help, boolean defaultValue) {

    /** @throws InvalidSettingException when the value is neither {@code true} nor {@code false} */
    boolean parse(Map<String, String> config) {
        String raw = config == null ? null : config.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key, "true or false");
        };
    }

    String helpWithDefault() {
        return help + " On or off; default " + (defaultValue ? "on" : "off") + ".";
    }
}

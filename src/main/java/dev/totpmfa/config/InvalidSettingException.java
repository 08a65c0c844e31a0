package dev.totpmfa.config;

/** An admin-supplied setting is not acceptable; the message names the key and what is expected. */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String expectation) {
        super("Setting '" + key + "' must be " + expectation);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

package org.sparkfit.driver;

/** A mistake in the job file at one key, such as {@code model.layers[1].units}, with the fix. */
public class ConfigException extends UserInputException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

package org.smartbox.config;

/** A device config problem: names the file, the key and the reason, in one line. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String key;

    public ConfigException(String file, String key, String reason) {
        super(key == null || key.isEmpty() ? file + ": " + reason : file + ": " + key + ": " + reason);
        this.file = file;
        this.key = key;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }
}

package org.smartbox.config;

/** A device config problem: names the file, the key and the reason, in one line. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String key;

    public ConfigException(String file, String key, String reason) {
        super(oneLine(key == null || key.isEmpty() ? file + ": " + reason : file + ": " + key + ": " + reason));
        this.file = file;
        this.key = key;
    }

    /** A value quoted from the file may hold escaped line breaks or control characters: show them escaped. */
    private static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }
}

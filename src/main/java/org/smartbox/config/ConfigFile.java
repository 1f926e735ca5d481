package org.smartbox.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A device config file (Java properties, UTF-8) read key by key with validation. Every key read is
 * remembered, so that after all sections have read theirs, {@link #rejectUnknown()} can refuse a
 * misspelt key instead of silently ignoring it.
 */
public final class ConfigFile {

    /** What a box's files say to anyone but root and the service user (they are that user's only). */
    public static final String PERMISSION_DENIED = "permission denied: run as the smartbox user";

    private final String name;
    private final Properties properties;
    private final Set<String> read = new HashSet<>();

    private ConfigFile(String name, Properties properties) {
        this.name = name;
        this.properties = properties;
    }

    public static ConfigFile load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path.toString(), "", "no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ConfigException(path.toString(), "", PERMISSION_DENIED);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), "", "cannot read: " + e.getMessage());
        }
    }

    /** Reads a config from a stream; {@code name} is how messages refer to it. */
    public static ConfigFile parse(String name, InputStream in) {
        OnceEach properties = new OnceEach();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            properties.load(reader);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, "", "not UTF-8 text");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(name, "", "not a valid properties file: " + e.getMessage());
        }
        if (properties.repeated != null) {
            // The last one would win without a word, and which one a person reads first is luck.
            throw new ConfigException(name, properties.repeated, "set more than once; keep one line for it");
        }
        return new ConfigFile(name, properties);
    }

    /** Properties that notice a key given twice ({@link Properties#load} calls {@code put} per line). */
    private static final class OnceEach extends Properties {
        private static final long serialVersionUID = 1L;
        private transient String repeated;

        @Override
        public synchronized Object put(Object key, Object value) {
            if (repeated == null && containsKey(key)) {
                repeated = key.toString();
            }
            return super.put(key, value);
        }
    }

    /**
     * A whole number written in ASCII: an optional sign and the digits 0-9 ({@code radix} 16 also
     * a-f). {@link Integer#parseInt} also takes digits of other scripts ({@code ١٢} is 12 to it), which
     * a person checking the file would not read as a number. Null when it is not one, or out of range.
     */
    public static Integer asciiInteger(String text, int radix) {
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = Character.toLowerCase(digits.charAt(i));
            boolean ok = c >= '0' && c <= '9' || radix == 16 && c >= 'a' && c <= 'f';
            if (!ok) {
                return null;
            }
        }
        try {
            return Integer.parseInt(text, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public String name() {
        return name;
    }

    public Optional<String> optional(String key) {
        if (!ConfigKeys.known(key)) {
            // A programming error, caught by any test that reads the section: every key the code
            // accepts is listed in ConfigKeys and documented in docs/config-reference.md.
            throw new IllegalStateException("config key " + key + " is not in ConfigKeys.ALL; add it there and to"
                    + " docs/config-reference.md");
        }
        read.add(key);
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> problem(key, "missing; it is required"));
    }

    public String matching(String key, String fallback, Pattern pattern, String rule) {
        String value = string(key, fallback);
        if (value == null || !pattern.matcher(value).matches()) {
            throw problem(key, "\"" + value + "\" is not " + rule);
        }
        return value;
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Integer n = asciiInteger(value.get(), 10);
        if (n == null) {
            throw problem(key, "\"" + value.get() + "\" is not a whole number (digits 0-9)");
        }
        if (n < min || n > max) {
            throw problem(key, n + " is out of range " + min + ".." + max);
        }
        return n;
    }

    public Duration seconds(String key, long fallback, long min, long max) {
        return Duration.ofSeconds(integer(key, (int) fallback, (int) min, (int) max));
    }

    public Duration millis(String key, long fallback, long min, long max) {
        return Duration.ofMillis(integer(key, (int) fallback, (int) min, (int) max));
    }

    public boolean bool(String key, boolean fallback) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true":
            case "yes":
            case "on":
                return true;
            case "false":
            case "no":
            case "off":
                return false;
            default:
                throw problem(key, "\"" + value.get() + "\" is not true or false");
        }
    }

    /** A comma-separated list; empty items are dropped. */
    public List<String> list(String key, List<String> fallback) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        List<String> items = new ArrayList<>();
        for (String item : value.get().split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    public <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        for (E option : type.getEnumConstants()) {
            if (option.name().equalsIgnoreCase(value.get())) {
                return option;
            }
        }
        throw problem(key, "\"" + value.get() + "\" is not one of " + Arrays.toString(type.getEnumConstants())
                .toLowerCase(java.util.Locale.ROOT));
    }

    public Optional<Path> path(String key) {
        Optional<String> value = optional(key);
        try {
            return value.map(Path::of);
        } catch (java.nio.file.InvalidPathException e) {
            throw problem(key, "\"" + value.get() + "\" is not a valid path: " + e.getReason());
        }
    }

    /** Keys under {@code prefix.} that are present, for sections with numbered entries. */
    public Set<String> keysStartingWith(String prefix) {
        Set<String> keys = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Fails on the first key (alphabetically) that this version does not know at all, suggesting the
     * key it most likely meant. Runs before the sections read theirs, so a typo is named as a typo,
     * not as the missing key it leaves behind.
     */
    public void rejectMisspelt() {
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!ConfigKeys.known(key)) {
                throw problem(key, ConfigKeys.closest(key).map(k -> "unknown key; did you mean " + k + "?")
                        .orElse("unknown key (misspelt, or not for this version?)"));
            }
        }
    }

    /** Fails on the first key (alphabetically) that no section read: most likely a typo. */
    public void rejectUnknown() {
        rejectMisspelt();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!read.contains(key)) {
                throw problem(key, "unknown key (misspelt, or not for this version?)");
            }
        }
    }

    public ConfigException problem(String key, String reason) {
        return new ConfigException(name, key, reason);
    }
}

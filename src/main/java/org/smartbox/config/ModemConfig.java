package org.smartbox.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code modem.*} section: a GSM/LTE modem on a serial port that sends SMS in text mode. Read
 * only when {@code sms.gateways} lists {@code modem}; then {@code modem.port} is required. The SIM
 * PIN is never in the properties: {@code modem.pinFile} names a file only the service user can read.
 */
public record ModemConfig(
        String port,
        int baud,
        Optional<Path> pinFile,
        Duration commandTimeout,
        Duration sendTimeout,
        Charset charset,
        Duration healthInterval) {

    /** The TE character set the modem is told to use ({@code AT+CSCS}). */
    public enum Charset {
        GSM, IRA
    }

    public static final List<Integer> BAUD_RATES = List.of(9600, 19200, 38400, 57600, 115200, 230400, 460800,
            921600);
    /** What a SIM PIN is (3GPP TS 31.101: 4 to 8 digits). */
    public static final Pattern PIN = Pattern.compile("[0-9]{4,8}");
    private static final String PREFIX = "modem.";

    /** The section, when the gateways list the modem; an error for modem keys that nothing would read. */
    public static Optional<ModemConfig> from(ConfigFile f, List<String> gateways) {
        if (!gateways.contains("modem")) {
            Optional<String> stray = f.keysStartingWith(PREFIX).stream().findFirst();
            if (stray.isPresent()) {
                throw f.problem(stray.get(), "set, but sms.gateways does not list modem; add modem there or remove it");
            }
            return Optional.empty();
        }
        String port = f.required("modem.port");
        if (!port.startsWith("/") || port.chars().anyMatch(Character::isWhitespace)) {
            throw f.problem("modem.port", "\"" + port + "\" is not an absolute device path such as /dev/ttyUSB2");
        }
        int baud = f.integer("modem.baud", 115200, 1, Integer.MAX_VALUE);
        if (!BAUD_RATES.contains(baud)) {
            throw f.problem("modem.baud", baud + " is not one of " + BAUD_RATES);
        }
        Optional<Path> pinFile = f.path("modem.pinFile");
        pinFile.ifPresent(path -> checkPinFile(f, path));
        Duration command = f.seconds("modem.commandTimeoutSeconds", 5, 1, 60);
        Duration send = f.seconds("modem.sendTimeoutSeconds", 60, 5, 300);
        if (send.compareTo(command) < 0) {
            throw f.problem("modem.sendTimeoutSeconds", "must be at least modem.commandTimeoutSeconds");
        }
        Charset charset = f.choice("modem.charset", Charset.GSM, Charset.class);
        Duration health = f.seconds("modem.healthSeconds", 60, 10, 3600);
        return Optional.of(new ModemConfig(port, baud, pinFile, command, send, charset, health));
    }

    /**
     * The PIN file must exist, hold only a PIN, and be closed to group and others. Messages name the
     * file, never its content.
     */
    private static void checkPinFile(ConfigFile f, Path path) {
        if (!Files.isRegularFile(path)) {
            throw f.problem("modem.pinFile", path + " is not a file");
        }
        try {
            if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ,
                        PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.OTHERS_WRITE);
                open.retainAll(Files.getPosixFilePermissions(path));
                if (!open.isEmpty()) {
                    throw f.problem("modem.pinFile", path + " can be read or written by others than its owner;"
                            + " chmod 600 it");
                }
            }
            if (!PIN.matcher(readPin(path)).matches()) {
                throw f.problem("modem.pinFile", path + " does not hold a SIM PIN (4-8 digits)");
            }
        } catch (IOException e) {
            throw f.problem("modem.pinFile", path + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The PIN a file holds: its content without surrounding white space. */
    public static String readPin(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length > 64) {
            return "";
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).strip();
    }
}

package org.smartbox.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.smartbox.logging.Logging;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build step (run by Maven before the .deb is packed): writes the man page and the bash completion
 * from the command line's own model, so both always describe the commands this jar has.
 */
public final class PackageDocs {

    private PackageDocs() {
    }

    /**
     * {@code args[0]}: the folder to write {@code smartbox.1.gz}, {@code smartbox.bash-completion} and
     * {@code changelog.gz} into; {@code args[1]}: the Debian changelog, its version still {@code @VERSION@}.
     */
    public static void main(String[] args) throws IOException {
        Logging.setUp(java.util.Map.of());
        Path out = Files.createDirectories(Path.of(args[0]));
        String changelog = Files.readString(Path.of(args[1])).replace("@VERSION@", Versions.current());
        Files.write(out.resolve("changelog.gz"), gzip(changelog.getBytes(StandardCharsets.UTF_8)));
        CommandLine cli = Main.full();
        Files.write(out.resolve("smartbox.1.gz"), gzip(ManPage.render(cli, Versions.current(),
                Versions.buildDate()).getBytes(StandardCharsets.UTF_8)));
        // Sourced by bash-completion, never run: no #! line (Debian's rule).
        String completion = AutoComplete.bash("smartbox", cli).replaceFirst("\\A#![^\n]*\n", "");
        Files.writeString(out.resolve("smartbox.bash-completion"), completion);
    }

    /**
     * gzip at maximum compression with no file name and no time stamp, as Debian wants man pages
     * (the header says "maximum compression"; the same input gives the same bytes).
     */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        writeLittleEndian(out, crc.getValue());
        writeLittleEndian(out, data.length & 0xFFFFFFFFL);
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}

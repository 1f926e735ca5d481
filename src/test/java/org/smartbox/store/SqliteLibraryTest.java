package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept copy of SQLite's native library: made once, in a folder only this user may write. */
class SqliteLibraryTest {

    private static final byte[] LIBRARY = {0x7f, 'E', 'L', 'F', 1, 2, 3};

    @TempDir
    Path tmp;

    private final AtomicInteger extracted = new AtomicInteger();

    private SqliteLibrary.Source jar() {
        return name -> {
            extracted.incrementAndGet();
            return new ByteArrayInputStream(LIBRARY);
        };
    }

    @Test
    void theFirstStartMakesAPrivateCopyAndLaterStartsUseIt() throws IOException {
        Path dir = tmp.resolve("smartbox-sqlite-x");
        assertEquals(Optional.of(dir), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", jar()));
        assertEquals(Optional.of(dir), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", jar()));

        assertEquals(1, extracted.get(), "extracted once");
        assertArrayEquals(LIBRARY, Files.readAllBytes(dir.resolve("libsqlitejdbc.so")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no partial copy left behind");
        }
    }

    @Test
    void aFolderOthersMayWriteIsNotTrusted() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("smartbox-sqlite-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", jar()));
        assertEquals(0, extracted.get());
    }

    @Test
    void aLinkInPlaceOfTheFolderIsNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dir = Files.createSymbolicLink(tmp.resolve("smartbox-sqlite-x"), elsewhere);
        assertEquals(Optional.empty(), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", jar()));
    }

    @Test
    void aFailedExtractionLeavesNothingAndFallsBack() {
        Path dir = tmp.resolve("smartbox-sqlite-x");
        SqliteLibrary.Source broken = name -> {
            throw new IOException("no such resource");
        };
        assertEquals(Optional.empty(), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", broken));
        assertTrue(Files.notExists(dir.resolve("libsqlitejdbc.so")));
    }
}

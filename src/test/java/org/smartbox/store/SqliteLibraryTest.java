package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    private static final String USER = System.getProperty("user.name");

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
        assertEquals(Optional.of(dir), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", USER, jar()));
        assertEquals(Optional.of(dir), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", USER, jar()));

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
        assertEquals(Optional.empty(), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", USER, jar()));
        assertEquals(0, extracted.get());
    }

    @Test
    void aLinkInPlaceOfTheFolderIsNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dir = Files.createSymbolicLink(tmp.resolve("smartbox-sqlite-x"), elsewhere);
        assertEquals(Optional.empty(), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", USER, jar()));
    }

    @Test
    void aFailedExtractionLeavesNothingAndFallsBack() {
        Path dir = tmp.resolve("smartbox-sqlite-x");
        SqliteLibrary.Source broken = name -> {
            throw new IOException("no such resource");
        };
        assertEquals(Optional.empty(), SqliteLibrary.keptCopy(dir, "libsqlitejdbc.so", USER, broken));
        assertTrue(Files.notExists(dir.resolve("libsqlitejdbc.so")));
    }

    /** Pointing sqlite-jdbc at the copy is the command line's decision (cli.Main), not the store's. */
    @Test
    void openingADatabaseLeavesSqliteJdbcsSettingsAlone() {
        String path = System.clearProperty("org.sqlite.lib.path");
        String name = System.clearProperty("org.sqlite.lib.name");
        try (Database db = Database.open(tmp.resolve("box.db"))) {
            assertNull(System.getProperty("org.sqlite.lib.path"));
            assertNull(System.getProperty("org.sqlite.lib.name"));
        } finally {
            restore("org.sqlite.lib.path", path);
            restore("org.sqlite.lib.name", name);
        }
    }

    @Test
    void theCopyIsNamedForThePlatformAndTheUser() {
        SqliteLibrary.Kept kept = SqliteLibrary.keep(tmp, USER).orElseThrow();
        assertTrue(Files.isRegularFile(kept.folder().resolve(kept.name())));
        assertTrue(kept.folder().getFileName().toString().startsWith("smartbox-sqlite-"), kept.folder().toString());
        assertTrue(kept.folder().getFileName().toString().endsWith("-" + USER.toLowerCase(java.util.Locale.ROOT)),
                kept.folder().toString());
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}

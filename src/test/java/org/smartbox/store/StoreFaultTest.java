package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The store's trouble is told by SQLite's result code, so the box shows and does the right thing. */
class StoreFaultTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotADatabaseIsNamedSoWhateverTheDriverSays() throws Exception {
        Path file = dir.resolve("box.db");
        Files.write(file, "not a database at all".repeat(300).getBytes());
        StoreException e = assertThrows(StoreException.class, () -> {
            try (Database db = Database.open(file)) {
                db.integrityCheck();
            }
        });
        assertEquals(StoreFault.NOT_A_DATABASE, e.kind());
        assertTrue(e.getMessage().contains("not a SQLite database"), e.getMessage());
        assertEquals("Database damaged", e.kind().display());
    }

    @Test
    void resultCodesDecideTheKindNotTheMessageText() {
        // A message in another wording (or language) must not change the decision either way.
        assertEquals(StoreFault.DISK_FULL, StoreFault.of(sqlite(SQLiteErrorCode.SQLITE_FULL, "kein Platz")));
        assertEquals(StoreFault.OTHER, StoreFault.of(new SQLException("disk is full, corrupt, SQLITE_FULL")));
        assertEquals(StoreFault.CORRUPT, StoreFault.of(sqlite(SQLiteErrorCode.SQLITE_CORRUPT_INDEX, "x")));
        assertEquals(StoreFault.BUSY, StoreFault.of(sqlite(SQLiteErrorCode.SQLITE_BUSY, "x")));
        assertEquals(StoreFault.READ_ONLY, StoreFault.of(sqlite(SQLiteErrorCode.SQLITE_READONLY_DBMOVED, "x")));
        assertEquals(StoreFault.OTHER, StoreFault.of(sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, "x")));
    }

    @Test
    void aWalIndexThatCannotGrowIsAFullDisk() {
        // SQLITE_IOERR_SHMSIZE: on a full tmpfs the -shm file is the first write to fail.
        assertEquals(StoreFault.DISK_FULL, StoreFault.ofCode(SQLiteErrorCode.SQLITE_IOERR.code | (19 << 8)));
        assertEquals(StoreFault.OTHER, StoreFault.ofCode(SQLiteErrorCode.SQLITE_IOERR.code));
    }

    @Test
    void aFullFileSystemUnderneathIsAFullDiskAndAGivenKindWinsOverTheCause() {
        StoreException wrapped = new StoreException("box.db: reserve",
                new FileSystemException("/var/lib/smartbox/reserve", null, "No space left on device"));
        assertTrue(wrapped.diskFull());
        assertEquals(StoreFault.OTHER, StoreFault.of(new FileSystemException("f", null, "Permission denied")));
        StoreException told = new StoreException(StoreFault.CORRUPT, "box.db: the database is corrupt",
                sqlite(SQLiteErrorCode.SQLITE_FULL, "x"));
        assertEquals(StoreFault.CORRUPT, told.kind());
    }

    private static SQLiteException sqlite(SQLiteErrorCode code, String message) {
        return new SQLiteException(message, code);
    }
}

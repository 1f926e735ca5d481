package org.smartbox.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * SQLite's native library, loaded from a copy kept between starts. Left to itself, sqlite-jdbc
 * extracts the library from the jar at every start, runs {@code uname} to pick it, and then compares
 * the copy with the jar byte by byte: a third of the box's start-up. The copy kept here lives in a
 * folder of its own under the temporary folder it is given (on a box the service's private state
 * folder), named for the driver version, the platform and the user, created readable and writable by
 * this user only, and trusted only while it still belongs to this user and nobody else may write to it
 * (a shared {@code /tmp} must not hand anyone a library to load). Whether sqlite-jdbc is pointed at
 * the copy (its {@code org.sqlite.lib.path} and {@code .name} system properties) is the command line's
 * decision, taken once before the first connection; when anything is unexpected there is no copy,
 * and sqlite-jdbc loads the library its own way.
 */
public final class SqliteLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteLibrary.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private SqliteLibrary() {
    }

    /** A kept copy: the folder and the file name, as sqlite-jdbc's library path and name take them. */
    public record Kept(Path folder, String name) {
    }

    /**
     * The kept copy of this platform's library for {@code user} under {@code tmpDir}, made first if need
     * be; empty when the folder cannot be trusted or made.
     */
    public static Optional<Kept> keep(Path tmpDir, String user) {
        String name = LibraryLoaderUtil.getNativeLibName();
        String folder = String.join("-", "smartbox-sqlite", SQLiteJDBCLoader.getVersion(),
                System.getProperty("os.name"), System.getProperty("os.arch"), user)
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return keptCopy(tmpDir.resolve(folder), name, user, SqliteLibrary::fromJar).map(dir -> new Kept(dir, name));
    }

    /** The library inside the jar, for this platform (sqlite-jdbc's own choice of folder). */
    private static InputStream fromJar(String name) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no " + resource + " in the sqlite-jdbc jar");
        }
        return in;
    }

    /** Where the library comes from when there is no copy yet. */
    @FunctionalInterface
    interface Source {
        InputStream open(String name) throws IOException;
    }

    /**
     * The folder holding a trusted copy of {@code name}, made from {@code source} when missing;
     * empty when the folder cannot be trusted or made.
     */
    static Optional<Path> keptCopy(Path dir, String name, String user, Source source) {
        try {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                // made by an earlier start: checked below like any other
            }
            if (!privateTo(user, dir)) {
                LOG.warn("{}: not a folder of this user's alone; SQLite's library is extracted afresh", dir);
                return Optional.empty();
            }
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib, LinkOption.NOFOLLOW_LINKS)) {
                Path part = Files.createTempFile(dir, name, ".part");
                try (InputStream in = source.open(name)) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    // Whole or not at all: another process starting at the same time sees one or the other.
                    Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
            return Optional.of(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("keeping SQLite's library in {} failed; sqlite-jdbc extracts it", dir, e);
            return Optional.empty();
        }
    }

    private static boolean privateTo(String user, Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        return owner.equals(user) && OWNER_ONLY.containsAll(permissions);
    }
}

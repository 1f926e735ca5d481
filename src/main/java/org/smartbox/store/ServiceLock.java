package org.smartbox.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A process's claim on a box: an exclusive lock on {@code <db>.lock} for as long as it runs. The one
 * kiosk ({@code run} or {@code simulate}) holds it, and so do tools that would fight it for the
 * hardware ({@code smartbox diag} while it drives the parts). The holder writes who it is into the
 * file, so a refused process can name it. The operating system drops the lock when the process
 * dies, so a crash leaves no stale claim. The file itself stays: deleting a lock file others may
 * have open would let two processes lock two different files of one name.
 */
public final class ServiceLock implements AutoCloseable {

    /** Enough for "smartbox simulate (pid 4194304, since 2026-11-28T12:00:00.123456Z)". */
    private static final int HOLDER_BYTES = 200;

    private final FileChannel channel;
    private final FileLock lock;

    private ServiceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Path fileFor(Path dbFile) {
        return dbFile.resolveSibling(dbFile.getFileName() + ".lock");
    }

    /** Takes the lock; empty when another process holds it. */
    public static Optional<ServiceLock> tryAcquire(Path dbFile) throws IOException {
        return tryAcquire(dbFile, "");
    }

    /**
     * Takes the lock and writes {@code holder} into the file ("smartbox run (pid 812, since ...)");
     * empty when another process holds it.
     */
    public static Optional<ServiceLock> tryAcquire(Path dbFile, String holder) throws IOException {
        Path parent = dbFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(fileFor(dbFile), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return Optional.of(new ServiceLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Who holds the lock of {@code dbFile}, as the holder wrote it; a general phrase when it wrote nothing. */
    public static String holder(Path dbFile) {
        byte[] head;
        try (InputStream in = Files.newInputStream(fileFor(dbFile))) {
            head = in.readNBytes(HOLDER_BYTES);
        } catch (NoSuchFileException e) {
            head = new byte[0];
        } catch (IOException e) {
            return "another smartbox process (" + fileFor(dbFile) + " cannot be read: " + e.getMessage() + ")";
        }
        StringBuilder sb = new StringBuilder();
        new String(head, StandardCharsets.UTF_8).strip().codePoints()
                .forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.length() == 0 ? "another smartbox process" : sb.toString();
    }

    /** The message for a kiosk that may not start because another process holds the box. */
    public static String refusal(Path dbFile) {
        return dbFile + " is in use: " + holder(dbFile) + " holds " + fileFor(dbFile)
                + "; one kiosk per database: stop that one first";
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}

package org.smartbox.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one large sync document, kept on disk as they arrive (sync-format.md "Over MQTT:
 * documents in parts"): in any order, a part seen before ignored, at most one document at a time.
 * When every part is there and the SHA-256 of their bytes in order matches, the document is
 * complete and is read straight from the part files. Parts of a document that stays incomplete are
 * dropped after the part timeout, or as soon as parts of another document start.
 *
 * <p>The folder is the box's own (mode 0700): a document holds account codes and app secrets in
 * clear until it is applied. A restart picks up the parts already there.
 */
final class PartAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(PartAssembly.class);
    private static final String INFO = "document.info";

    /** What became of one part. */
    sealed interface Outcome {
        /** Kept; the document is not complete yet. */
        record Stored(int have, int count) implements Outcome {
        }

        /** This part was there already (a message delivered twice). */
        record Duplicate() implements Outcome {
        }

        /** The last part: every part is there and the SHA-256 matches; {@link #open} reads the document. */
        record Complete(String sha256, long bytes) implements Outcome {
        }

        /** The part cannot be used; {@code path} and {@code message} say why, as a sync result does. */
        record Rejected(String path, String message) implements Outcome {
        }
    }

    private final Path dir;
    private final String boxId;
    private final long maxDocumentBytes;
    private final Duration timeout;
    private final Clock clock;
    private Assembly current;

    /** One document being put together. */
    private static final class Assembly {
        final String sha;
        final int count;
        final Instant started;
        final Path folder;
        final BitSet have = new BitSet();
        long bytes;

        Assembly(String sha, int count, Instant started, Path folder) {
            this.sha = sha;
            this.count = count;
            this.started = started;
            this.folder = folder;
        }
    }

    PartAssembly(Path dir, String boxId, long maxDocumentBytes, Duration timeout, Clock clock) {
        this.dir = dir;
        this.boxId = boxId;
        this.maxDocumentBytes = maxDocumentBytes;
        this.timeout = timeout;
        this.clock = clock;
        resume();
    }

    /** Where a box keeps its parts: beside its database. */
    static Path beside(Path dbFile) {
        Path absolute = dbFile.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".parts");
    }

    synchronized Outcome add(Payloads.Part part) {
        if (!part.boxId().equals(boxId)) {
            return new Outcome.Rejected("boxId", "boxId: \"" + part.boxId() + "\" is not this box (\"" + boxId + "\")");
        }
        dropIfExpired();
        if (current != null && !current.sha.equals(part.sha256())) {
            drop("parts of document " + short12(part.sha256()) + " started");
        }
        if (current == null) {
            try {
                current = start(part.sha256(), part.count());
            } catch (IOException e) {
                return new Outcome.Rejected("", "the box could not store the part: " + e.getMessage());
            }
        }
        if (part.count() != current.count) {
            return new Outcome.Rejected("count", "count: " + part.count() + " differs from the count of this"
                    + " document's earlier parts (" + current.count + ")");
        }
        if (current.have.get(part.index())) {
            // The part that completed a document, sent again before the document was applied (a restart
            // in between): the document is complete all the same.
            return current.have.cardinality() == current.count ? complete() : new Outcome.Duplicate();
        }
        if (current.bytes + part.data().length > maxDocumentBytes) {
            drop("it is larger than a box takes");
            return new Outcome.Rejected("", "the document is larger than a box takes (" + maxDocumentBytes
                    + " bytes)");
        }
        try {
            write(current.folder.resolve(part.index() + ".part"), part.data());
        } catch (IOException e) {
            return new Outcome.Rejected("", "the box could not store the part: " + e.getMessage());
        }
        current.have.set(part.index());
        current.bytes += part.data().length;
        int have = current.have.cardinality();
        if (have < current.count) {
            return new Outcome.Stored(have, current.count);
        }
        return complete();
    }

    private Outcome complete() {
        String actual;
        try {
            actual = digest(current);
        } catch (IOException e) {
            drop("its parts could not be read back: " + e.getMessage());
            return new Outcome.Rejected("", "the box could not read its parts back: " + e.getMessage());
        }
        if (!actual.equals(current.sha)) {
            String expected = current.sha;
            int count = current.count;
            drop("its parts do not add up to it");
            return new Outcome.Rejected("sha256", "sha256: the " + count + " parts add up to a document"
                    + " whose SHA-256 is " + actual + ", not " + expected);
        }
        return new Outcome.Complete(current.sha, current.bytes);
    }

    /** The complete document, its parts in order. The caller closes it, then calls {@link #finish}. */
    synchronized InputStream open() throws IOException {
        if (current == null || current.have.cardinality() < current.count) {
            throw new IOException("no complete document");
        }
        List<Path> files = new ArrayList<>(current.count);
        for (int i = 0; i < current.count; i++) {
            files.add(current.folder.resolve(i + ".part"));
        }
        return new PartsInOrder(files.iterator());
    }

    /** The complete document was applied (or refused): its parts go. */
    synchronized void finish() {
        if (current != null) {
            delete(current.folder);
            current = null;
        }
    }

    /** Drops a document whose parts stopped coming; called now and then, and before each new part. */
    synchronized void dropIfExpired() {
        if (current != null && !clock.instant().isBefore(current.started.plus(timeout))) {
            drop("no part came for it within mqtt.partTimeoutSeconds (" + timeout.toSeconds() + " s)");
        }
    }

    /** What is being put together, for the log and the tests: "have/count of sha", or empty. */
    synchronized String progress() {
        return current == null ? "" : current.have.cardinality() + "/" + current.count + " of " + current.sha;
    }

    private Assembly start(String sha, int count) throws IOException {
        ensureDir(dir);
        Path folder = dir.resolve(sha);
        ensureDir(folder);
        Instant now = clock.instant();
        write(folder.resolve(INFO), (count + "\n" + now.toEpochMilli() + "\n").getBytes(StandardCharsets.US_ASCII));
        return new Assembly(sha, count, now, folder);
    }

    private void drop(String why) {
        LOG.warn("parts of sync document {} dropped ({} of {} had come): {}", short12(current.sha),
                current.have.cardinality(), current.count, why);
        delete(current.folder);
        current = null;
    }

    /** Picks up the parts of a document that was being put together when the box stopped. */
    private void resume() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir)) {
            for (Path folder : folders) {
                if (current == null && Files.isRegularFile(folder.resolve(INFO))) {
                    current = load(folder);
                    if (current != null) {
                        LOG.info("resuming sync document {} from its parts on disk ({} of {})",
                                short12(current.sha), current.have.cardinality(), current.count);
                        continue;
                    }
                }
                delete(folder);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: parts from before the restart cannot be used: {}", dir, e.getMessage());
        }
        if (current != null) {
            dropIfExpired();
        }
    }

    private Assembly load(Path folder) throws IOException {
        String[] info = Files.readString(folder.resolve(INFO), StandardCharsets.US_ASCII).split("\n");
        if (info.length < 2) {
            return null;
        }
        Assembly a;
        try {
            a = new Assembly(folder.getFileName().toString(), Integer.parseInt(info[0].strip()),
                    Instant.ofEpochMilli(Long.parseLong(info[1].strip())), folder);
        } catch (NumberFormatException e) {
            return null;
        }
        for (int i = 0; i < a.count; i++) {
            Path file = folder.resolve(i + ".part");
            if (Files.isRegularFile(file)) {
                a.have.set(i);
                a.bytes += Files.size(file);
            }
        }
        return a;
    }

    private static String digest(Assembly a) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int i = 0; i < a.count; i++) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(a.folder.resolve(i + ".part")), sha)) {
                while (in.read(buffer) >= 0) {
                    // the digest reads along
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Written whole or not at all: a temporary file, synced, then renamed into place. */
    private static void write(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(data));
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void ensureDir(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(folder);
            }
        }
    }

    private static void delete(Path folder) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("{}: could not delete old parts: {}", folder, e.getMessage());
        }
    }

    private static String short12(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The part files read one after the other, each opened only when the one before it is done. */
    private static final class PartsInOrder extends InputStream {
        private final Iterator<Path> files;
        private InputStream in;

        PartsInOrder(Iterator<Path> files) {
            this.files = files;
        }

        private boolean advance() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
            if (!files.hasNext()) {
                return false;
            }
            in = Files.newInputStream(files.next());
            return true;
        }

        @Override
        public int read() throws IOException {
            while (in != null || advance()) {
                int b = in.read();
                if (b >= 0) {
                    return b;
                }
                if (!advance()) {
                    return -1;
                }
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (in != null || advance()) {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    return n;
                }
                if (!advance()) {
                    return -1;
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}

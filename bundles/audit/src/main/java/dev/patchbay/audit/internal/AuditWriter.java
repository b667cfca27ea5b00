package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends sealed audit lines to the current file of one retention class with a
 * {@link FileChannel}: {@link #append} seals a batch of lines in order and writes them with one
 * {@code write()} (one per file when the batch crosses a rotation) and at most one
 * {@code force()}; when it returns, the lines are in the operating system's page cache (they
 * survive {@code kill -9} of the JVM), with {@code fsync} on the disk as well. Rotates by size
 * and by UTC day, keeps rotated files by count ({@code retention}) or by age
 * ({@code retentionDays}), and continues the hash chain across rotations and restarts. Called
 * by the log's writer thread; the lock only guards against a test or a command reading
 * {@link #lastHash} meanwhile.
 */
public final class AuditWriter implements AutoCloseable {

    /**
     * How the writer rotates, keeps and syncs; changeable while it runs.
     *
     * @param retention     rotated files kept, the oldest deleted first; 0 keeps any number
     * @param retentionDays days a rotated file is kept after its rotation; 0 keeps it for ever
     */
    public record Policy(long maxSize, boolean rotateDaily, int retention, int retentionDays, boolean fsync) {

        public Policy(long maxSize, boolean rotateDaily, int retention, boolean fsync) {
            this(maxSize, rotateDaily, retention, 0, fsync);
        }
    }

    /** A file rotated out: its new name and the hash of its last line. */
    public record Rotation(Path file, String lastHash, Instant at) {
    }

    private final AuditFiles files;
    private final Clock clock;
    private volatile Policy policy;
    private volatile Consumer<Rotation> onRotation = r -> { };
    private FileChannel channel;
    private long size;
    private LocalDate day;
    private String lastHash;
    /** What recovery found when opening, for the audit.started event; null if nothing unusual. */
    private final String recovery;

    /**
     * Opens (creating if needed) the current file and reads the chain's last hash back from
     * it, or from the newest rotated file if it is empty.
     *
     * @param chainFallback the hash to continue from when no file of this log holds one
     *                      (e.g. the log moved to a new place), or {@code null} for genesis
     */
    public AuditWriter(Path file, Policy policy, Clock clock, String chainFallback) throws IOException {
        this.files = new AuditFiles(file);
        this.policy = policy;
        this.clock = clock;
        Files.createDirectories(files.directory());
        LastLine last = LastLine.of(files.current());
        String note = null;
        if (last.partial()) {
            note = "the last line of " + files.current() + " was cut short (written only in part before a crash); "
                    + "it is left as it is, audit-verify will name it";
        }
        String hash = last.hash();
        if (hash == null) {
            List<Path> rotated = files.rotated();
            for (int i = rotated.size() - 1; i >= 0 && hash == null; i--) {
                hash = LastLine.of(rotated.get(i)).hash();
            }
        }
        this.lastHash = hash != null ? hash : chainFallback != null ? chainFallback : HashChain.GENESIS;
        this.recovery = note;
        open();
        applyRetention();
        if (last.partial()) {
            // End the cut line so that the next one starts on a line of its own.
            writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
            size++;
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(files.current(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = channel.size();
        day = size == 0 ? today()
                : LocalDate.ofInstant(Files.getLastModifiedTime(files.current()).toInstant(), ZoneOffset.UTC);
    }

    public void policy(Policy newPolicy) {
        policy = newPolicy;
    }

    /** Told of every rotation, in the writing thread, after the new file is open. */
    public void onRotation(Consumer<Rotation> listener) {
        onRotation = listener;
    }

    public Policy policy() {
        return policy;
    }

    public AuditFiles files() {
        return files;
    }

    /** False once closed, or if a rotation could not open the new file. */
    public synchronized boolean isOpen() {
        return channel != null;
    }

    public synchronized String lastHash() {
        return lastHash;
    }

    /** Null, or what opening found amiss (a line cut short by a crash). */
    public String recovery() {
        return recovery;
    }

    /**
     * Seals and appends one event (already redacted), stamped with the writer's clock. Returns
     * once the line is written to the operating system (and forced to disk with {@code fsync}).
     *
     * @return the line written, without its line end
     * @throws IOException if the line could not be written; the file and the chain are left as
     *                     they were before the call
     */
    public synchronized String write(Map<String, Object> fields) throws IOException {
        Instant now = clock.instant();
        PendingLine line = PendingLine.line(String.valueOf(fields.get("event")), now, AuditLines.open(now, fields),
                null, null, null);
        return append(List.of(line)).get(0);
    }

    /**
     * Seals the lines in order, continuing the chain, and writes them: one {@code write()} per
     * file they go to, then one {@code force()} with {@code fsync}. A line's {@code ts} is when
     * its event happened; rotation by day follows the writer's clock.
     *
     * @return the sealed lines, without line ends
     * @throws PartialWrite if a write failed: the lines before {@link PartialWrite#written} are
     *                      in the file, the others not, and the chain goes on from the last one written
     */
    public synchronized List<String> append(List<PendingLine> lines) throws IOException {
        if (channel == null) {
            throw new PartialWrite(0, new IOException("the audit writer of " + files.current() + " is closed"));
        }
        List<String> sealedLines = new ArrayList<>(lines.size());
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(Math.max(512, lines.size() * 400));
        String chunkStartHash = lastHash;
        int chunkStart = 0;
        long chunkSize = size;
        Instant now = clock.instant();
        for (int i = 0; i < lines.size(); i++) {
            HashChain.Sealed sealed = HashChain.seal(new StringBuilder(lines.get(i).text), lastHash);
            byte[] bytes = (sealed.line() + "\n").getBytes(UTF_8);
            if (rotationDue(now, chunkSize, bytes.length)) {
                flush(chunk, chunkStartHash, chunkStart, now, false);
                try {
                    rotate(now);
                } catch (IOException e) {
                    throw new PartialWrite(i, e);
                }
                chunk.reset();
                chunkStartHash = lastHash;
                chunkStart = i;
                chunkSize = size;
            }
            chunk.write(bytes, 0, bytes.length);
            chunkSize += bytes.length;
            lastHash = sealed.hash();
            sealedLines.add(sealed.line());
        }
        flush(chunk, chunkStartHash, chunkStart, now, policy.fsync());
        return sealedLines;
    }

    /** Writes one chunk; on failure cuts it off again and rewinds the chain to before it. */
    private void flush(ByteArrayOutputStream chunk, String hashBefore, int firstLine, Instant now, boolean force)
            throws PartialWrite {
        if (chunk.size() == 0) {
            return;
        }
        long before = size;
        try {
            writeFully(ByteBuffer.wrap(chunk.toByteArray()));
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            undoPartialWrite(before);
            lastHash = hashBefore;
            throw new PartialWrite(firstLine, e);
        }
        size = before + chunk.size();
        day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** A batch written in part: the lines before {@link #written} are in the file. */
    public static final class PartialWrite extends IOException {
        private static final long serialVersionUID = 1L;
        public final int written;

        PartialWrite(int written, IOException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.written = written;
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A line written in part would break the chain for every line after it: cut it off again. */
    private void undoPartialWrite(long before) {
        try {
            if (channel.size() > before) {
                channel.truncate(before);
            }
        } catch (IOException ignored) {
            // The next write's failure, or audit-verify, will tell.
        }
    }

    private boolean rotationDue(Instant now, long currentSize, int nextLine) {
        Policy p = policy;
        boolean bySize = p.maxSize() > 0 && currentSize > 0 && currentSize + nextLine > p.maxSize();
        boolean byDay = p.rotateDaily() && currentSize > 0 && !LocalDate.ofInstant(now, ZoneOffset.UTC).equals(day);
        return bySize || byDay;
    }

    /** Moves the current file aside and starts a new one; the chain continues from {@link #lastHash}. */
    public synchronized void rotate(Instant now) throws IOException {
        if (policy.fsync()) {
            channel.force(true);
        }
        channel.close();
        channel = null;
        Path target = files.nextRotatedName(now);
        try {
            Files.move(files.current(), target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            open();
        }
        applyRetention();
        onRotation.accept(new Rotation(target, lastHash, now));
    }

    private void applyRetention() throws IOException {
        Policy p = policy;
        List<Path> rotated = files.rotated();
        int keep = p.retention();
        int deleted = 0;
        if (keep > 0) {
            for (; deleted < rotated.size() - keep; deleted++) {
                Files.deleteIfExists(rotated.get(deleted));
            }
        }
        if (p.retentionDays() > 0) {
            Instant oldest = clock.instant().minus(Duration.ofDays(p.retentionDays()));
            for (int i = deleted; i < rotated.size(); i++) {
                Instant at = files.rotatedAt(rotated.get(i));
                if (at == null || !at.isBefore(oldest)) {
                    break;
                }
                Files.deleteIfExists(rotated.get(i));
            }
        }
    }

    /** Deletes the rotated files that are now past retention (also done at each rotation). */
    public synchronized void expire() throws IOException {
        applyRetention();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            try {
                if (policy.fsync()) {
                    channel.force(true);
                }
            } finally {
                channel.close();
                channel = null;
            }
        }
    }
}

package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Appends sealed audit lines to the current file with a {@link FileChannel}, one
 * {@code write()} per line in the calling thread: when {@link #write} returns, the line is in
 * the operating system's page cache (it survives {@code kill -9} of the JVM); with
 * {@code fsync} it is on the disk as well. Rotates by size and by UTC day, keeps
 * {@code retention} rotated files, and continues the hash chain across rotations and
 * restarts. One lock serializes writers: audit events come per session and per change,
 * never per message.
 */
public final class AuditWriter implements AutoCloseable {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** How the writer rotates and syncs; changeable while it runs. */
    public record Policy(long maxSize, boolean rotateDaily, int retention, boolean fsync) {
    }

    private final AuditFiles files;
    private final Clock clock;
    private volatile Policy policy;
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

    public Policy policy() {
        return policy;
    }

    public AuditFiles files() {
        return files;
    }

    public synchronized String lastHash() {
        return lastHash;
    }

    /** Null, or what opening found amiss (a line cut short by a crash). */
    public String recovery() {
        return recovery;
    }

    /**
     * Seals and appends one event (already redacted). Returns once the line is written to the
     * operating system (and forced to disk with {@code fsync}).
     *
     * @return the line written, without its line end
     * @throws IOException if the line could not be written; the file and the chain are left as
     *                     they were before the call
     */
    public synchronized String write(Map<String, Object> fields) throws IOException {
        if (channel == null) {
            throw new IOException("the audit writer of " + files.current() + " is closed");
        }
        Instant now = clock.instant();
        StringBuilder open = new StringBuilder(256).append("{\"ts\":\"").append(TS.format(now)).append('"');
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            open.append(',');
            Json.appendString(open, e.getKey());
            open.append(':');
            Json.appendValue(open, e.getValue());
        }
        HashChain.Sealed sealed = HashChain.seal(open, lastHash);
        byte[] bytes = (sealed.line() + "\n").getBytes(UTF_8);

        rotateIfDue(now, bytes.length);
        long before = size;
        try {
            writeFully(ByteBuffer.wrap(bytes));
            if (policy.fsync()) {
                channel.force(false);
            }
        } catch (IOException e) {
            undoPartialWrite(before);
            throw e;
        }
        size = before + bytes.length;
        day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        lastHash = sealed.hash();
        return sealed.line();
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

    private void rotateIfDue(Instant now, int nextLine) throws IOException {
        Policy p = policy;
        boolean bySize = p.maxSize() > 0 && size > 0 && size + nextLine > p.maxSize();
        boolean byDay = p.rotateDaily() && size > 0 && !LocalDate.ofInstant(now, ZoneOffset.UTC).equals(day);
        if (bySize || byDay) {
            rotate(now);
        }
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
    }

    private void applyRetention() throws IOException {
        int keep = policy.retention();
        if (keep <= 0) {
            return;
        }
        List<Path> rotated = files.rotated();
        for (int i = 0; i < rotated.size() - keep; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
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

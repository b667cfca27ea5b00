package dev.patchbay.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's one writer thread. It drains everything queued, passes per-connection events
 * through the {@link FloodSummarizer}, and writes each retention class's lines with one write
 * (and one fsync): group commit, the hash chains computed here in queue order. Nothing that
 * reports an event waits for the disk, unless it asks to ({@link #awaitDone}).
 *
 * <p>Each rotation of a session file is recorded in the operations file ({@code audit.rotated}
 * with the hash of the rotated file's last line), so the chain kept by age vouches for the
 * session files kept by count, including those retention has deleted since.
 */
final class AuditCommitter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditCommitter.class);

    private final AuditQueue queue;
    private final AuditStats stats;
    private final Clock clock;
    private final FloodSummarizer summarizer;
    private final Map<AuditClass, AuditWriter> writers = new EnumMap<>(AuditClass.class);
    private final Object doneMonitor = new Object();
    private final List<PendingLine> operations = new ArrayList<>();
    private final List<PendingLine> sessions = new ArrayList<>();
    private final Thread thread;
    private volatile AuditSettings settings;
    private volatile boolean running = true;
    private volatile int waiters;
    private volatile Duration testWriteStall;
    /** What opening found amiss in each file (a line cut short by a crash), for audit.started. */
    private final String recovery;

    AuditCommitter(AuditSettings settings, AuditQueue queue, AuditStats stats, Clock clock) {
        this.settings = settings;
        this.queue = queue;
        this.stats = stats;
        this.clock = clock;
        this.summarizer = new FloodSummarizer(settings.floodThreshold(), settings.floodInterval());
        this.testWriteStall = settings.testWriteStall();
        StringBuilder notes = new StringBuilder();
        for (AuditClass c : AuditClass.values()) {
            AuditWriter w = open(c, settings, null);
            if (w != null && w.recovery() != null) {
                notes.append(notes.length() > 0 ? "; " : "").append(w.recovery());
            }
        }
        this.recovery = notes.length() > 0 ? notes.toString() : null;
        this.thread = new Thread(this, "patchbay-audit-writer");
        thread.setDaemon(true);
        queue.consumer(thread);
    }

    void start() {
        thread.start();
    }

    String recovery() {
        return recovery;
    }

    boolean running() {
        return running;
    }

    long summarised() {
        return summarizer.summarised();
    }

    boolean alive() {
        return thread.isAlive();
    }

    /**
     * Stops taking lines, writes what is queued, closes the files. Waits up to {@code timeout}
     * for that (a stalled disk may take longer; the thread then finishes on its own).
     */
    void close(Duration timeout) {
        running = false;
        queue.wake();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            failLeftovers();
        } else {
            LOG.warn("Audit log: the writer thread is still writing {} queued lines after {} s; it goes on in the "
                    + "background", queue.size(), timeout.toSeconds());
        }
    }

    /** Waits until {@code line} is written (or failed, or summarised), up to {@code timeout}. */
    boolean awaitDone(PendingLine line, Duration timeout) {
        if (line.done) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (doneMonitor) {
            waiters++;
            try {
                while (!line.done && running) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    doneMonitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiters--;
            }
        }
        return line.done;
    }

    @Override
    public void run() {
        List<PendingLine> batch = new ArrayList<>();
        while (true) {
            try {
                boolean stopping = !running;
                batch.clear();
                queue.drainTo(batch);
                if (!batch.isEmpty()) {
                    holdForTest();
                    process(batch);
                }
                summarizer.closeEnded(clock.instant(), sessions);
                if (stopping && queue.isEmpty()) {
                    summarizer.closeAll(clock.instant(), sessions);
                    writeAll();
                    break;
                }
                writeAll();
                if (batch.isEmpty()) {
                    queue.awaitLines(untilNextSummary());
                }
            } catch (RuntimeException | Error e) {
                // Never die: a thread gone would leave every later event queued for ever.
                fail(batch, "not written: the writer thread failed: " + e);
                fail(sessions, "not written: the writer thread failed: " + e);
                fail(operations, "not written: the writer thread failed: " + e);
                sessions.clear();
                operations.clear();
                markDone(batch);
                LOG.error("Audit log writer: {}", e.toString(), e);
            }
        }
        for (AuditWriter w : writers.values()) {
            closeQuietly(w);
        }
        writers.clear();
        failLeftovers();
    }

    /** Lines queued in the instant the log stopped: counted, never silently lost. */
    void failLeftovers() {
        List<PendingLine> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, "not written: the audit log stopped");
        markDone(left);
    }

    private long untilNextSummary() {
        Instant next = summarizer.nextDeadline();
        if (next == null) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Duration.between(clock.instant(), next).toNanos());
    }

    private void process(List<PendingLine> batch) {
        for (PendingLine line : batch) {
            if (line.isControl()) {
                writeAll();
                apply(line.control);
                line.done = true;
                continue;
            }
            if (line.auditClass == AuditClass.SESSIONS) {
                if (AuditClass.perConnection(line.event) && !summarizer.admit(line, sessions)) {
                    line.done = true;
                    continue;
                }
                sessions.add(line);
            } else {
                operations.add(line);
            }
        }
        writeAll();
        markDone(batch);
    }

    /** Session lines first: their rotations add audit.rotated lines to the operations batch. */
    private void writeAll() {
        write(AuditClass.SESSIONS, sessions);
        write(AuditClass.OPERATIONS, operations);
    }

    private void write(AuditClass c, List<PendingLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        AuditWriter w = writers.get(c);
        if (w == null) {
            // Reopen: the file may have been unwritable before and be writable now.
            w = open(c, settings, null);
        }
        if (w == null) {
            fail(lines, "not written: the audit file " + settings.file(c) + " cannot be opened");
            lines.clear();
            return;
        }
        int written;
        String failure = null;
        try {
            written = w.append(lines).size();
        } catch (AuditWriter.PartialWrite e) {
            written = e.written;
            failure = e.getMessage();
        } catch (IOException | RuntimeException e) {
            written = 0;
            failure = e.toString();
        }
        for (int i = 0; i < written; i++) {
            lines.get(i).written = true;
        }
        stats.written(written);
        if (failure != null) {
            fail(lines.subList(written, lines.size()), "not written to " + w.files().current() + ": " + failure);
            if (!w.isOpen()) {
                // A rotation could not open the new file: open it again with the next batch.
                writers.remove(c);
            }
        }
        lines.clear();
    }

    private void fail(List<PendingLine> lines, String why) {
        for (PendingLine line : lines) {
            if (!line.done && !line.written && !line.isControl()) {
                stats.failed(line.event + " " + why);
                line.done = true;
            }
        }
    }

    private void markDone(List<PendingLine> batch) {
        for (PendingLine line : batch) {
            line.done = true;
        }
        if (waiters > 0) {
            synchronized (doneMonitor) {
                doneMonitor.notifyAll();
            }
        }
    }

    /** A new configuration, between the lines queued before it and those after it. */
    private void apply(AuditSettings next) {
        AuditSettings previous = settings;
        settings = next;
        queue.limits(next.queueLines(), next.queueBytes());
        summarizer.limits(next.floodThreshold(), next.floodInterval());
        if (next.file().equals(previous.file())) {
            for (AuditClass c : AuditClass.values()) {
                AuditWriter w = writers.get(c);
                if (w != null) {
                    w.policy(next.policy(c));
                    try {
                        w.expire();
                    } catch (IOException e) {
                        LOG.warn("Audit log: applying retention to {}: {}", w.files().current(), e.toString());
                    }
                }
            }
            return;
        }
        // A new place: the counts so far are written where their lines are, then each chain goes
        // on there, unless a log already lives there with its own chain.
        summarizer.closeAll(clock.instant(), sessions);
        writeAll();
        for (AuditClass c : AuditClass.values()) {
            AuditWriter old = writers.remove(c);
            open(c, next, old == null ? null : old.lastHash());
            closeQuietly(old);
        }
    }

    private AuditWriter open(AuditClass c, AuditSettings s, String chainFallback) {
        try {
            AuditWriter w = new AuditWriter(s.file(c), s.policy(c), clock, chainFallback);
            if (c == AuditClass.SESSIONS) {
                w.onRotation(r -> operations.add(rotated(r)));
            }
            writers.put(c, w);
            return w;
        } catch (IOException | UncheckedIOException e) {
            // Not counted: the events that then cannot be written are.
            stats.logError("cannot open " + s.file(c) + ": " + e);
            return null;
        }
    }

    private PendingLine rotated(AuditWriter.Rotation r) {
        Instant now = r.at();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("class", AuditClass.SESSIONS.label());
        details.put("file", r.file().getFileName().toString());
        details.put("last.hash", r.lastHash());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "audit.rotated");
        fields.put("details", details);
        return PendingLine.line("audit.rotated", now, AuditLines.open(now, fields), null, null, null);
    }

    /**
     * Test only ({@code test.write.stall.ms}): set at once, not through the queue, so that a
     * stall is lifted while the writer is in it.
     */
    void testWriteStall(Duration stall) {
        testWriteStall = stall;
    }

    /** Test only: holds the batch as a stalled disk would, until the stall passes or is lifted. */
    private void holdForTest() {
        long until = System.nanoTime() + testWriteStall.toNanos();
        while (running && !testWriteStall.isZero() && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(AuditWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.warn("Closing the audit file {}: {}", w.files().current(), e.toString());
            }
        }
    }
}

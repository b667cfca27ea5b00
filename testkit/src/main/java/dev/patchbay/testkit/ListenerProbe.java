package dev.patchbay.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In the background, opens a fresh connection about every 100 ms and checks that it echoes one
 * line, then closes it. A failure (refused connect, reset, end of stream, wrong echo, no echo
 * within the read timeout) is counted. Zero failures over a swap shows that the listener stayed
 * bound and new sessions were served all along.
 */
public final class ListenerProbe implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final int MAX_RECORDED_FAILURES = 10;

    /** What a run found. */
    public record Result(long probes, long failures, List<String> firstFailures, Duration slowest) {

        public String summary() {
            return probes + " probe connections, " + failures + " failed"
                    + (firstFailures.isEmpty() ? "" : " " + firstFailures)
                    + ", slowest echo " + slowest.toMillis() + " ms";
        }
    }

    private final int port;
    private final Duration readTimeout;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());

    private ListenerProbe(int port, Duration readTimeout) {
        this.port = port;
        this.readTimeout = readTimeout;
        this.thread = new Thread(this::run, "itest-listener-probe-" + port);
        this.thread.setDaemon(true);
    }

    /**
     * Starts probing {@code 127.0.0.1:port}.
     *
     * @param readTimeout how long one probe waits for its echo (a held connection waits)
     */
    public static ListenerProbe start(int port, Duration readTimeout) {
        ListenerProbe probe = new ListenerProbe(port, readTimeout);
        probe.thread.start();
        return probe;
    }

    public long probes() {
        return probes.get();
    }

    public long failures() {
        return failures.get();
    }

    private void run() {
        try {
            long n = 0;
            while (!stopping) {
                long started = System.nanoTime();
                String line = "listener-probe-" + port + "-" + n++;
                try (LineClient client = LineClient.connect("127.0.0.1", port, Duration.ofSeconds(5), readTimeout)) {
                    String echoed = client.echo(line);
                    if (!line.equals(echoed)) {
                        fail(line + ": got " + (echoed == null ? "end of stream" : "'" + echoed + "'"));
                    }
                } catch (Exception e) {
                    fail(line + ": " + e);
                }
                long took = System.nanoTime() - started;
                slowestNanos.accumulateAndGet(took, Math::max);
                probes.incrementAndGet();
                long rest = INTERVAL.toNanos() - took;
                if (rest > 0 && !stopping) {
                    TimeUnit.NANOSECONDS.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void fail(String what) {
        failures.incrementAndGet();
        synchronized (firstFailures) {
            if (firstFailures.size() < MAX_RECORDED_FAILURES) {
                firstFailures.add(what);
            }
        }
    }

    /** Lets the probe in progress finish, then returns what was found. */
    public Result stop() throws InterruptedException {
        stopping = true;
        if (!finished.await(readTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            thread.interrupt();
            fail("the last probe did not finish");
        }
        synchronized (firstFailures) {
            return new Result(probes.get(), failures.get(), List.copyOf(firstFailures),
                    Duration.ofNanos(slowestNanos.get()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (finished.getCount() > 0) {
            stop();
        }
    }
}

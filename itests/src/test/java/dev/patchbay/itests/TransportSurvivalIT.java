package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.patchbay.api.event.Topics;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.api.runtime.TransportStatus;

import dev.patchbay.testkit.EventRecorder;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.TransportTestSupport;

/**
 * No client can take the server down (issue 12): under a small {@code memory.budget} a flood of
 * clients that pipeline lines and never read their echoes is held within the budget, the
 * connections beyond it are refused at accept (logged, audited, counted, exported), another
 * client is served throughout, and the memory is given back when the flood ends. And an I/O
 * thread stuck in a handler past {@code io.stall.timeout} makes the transport report itself not
 * live ({@code /health/live} 503) until the call returns.
 *
 * <p>The flood runs inside the container, like every test here: its clients keep tiny socket
 * buffers and share one buffer of lines, so that what grows is the server's memory, not the
 * test's or the kernel's.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportSurvivalIT extends TransportTestSupport {

    /** 4 MiB: a few dozen of the flood's sessions fill it. */
    private static final long BUDGET = 4L << 20;
    private static final String FLOOD_ENDPOINT = "flood";
    private static final int FLOOD_CONNECTIONS = 300;
    /** Each flood connection writes this much at most, as 64-byte lines. */
    private static final int FLOOD_BYTES_PER_CONNECTION = 1 << 20;
    private static final int LINE_LENGTH = 64;
    /** A probe echo slower than this fails the test. */
    private static final Duration PROBE_ROUND_TRIP_LIMIT = Duration.ofSeconds(3);
    /** "Near zero" held once every flood socket is closed (the probe's session may still be open). */
    private static final long NEAR_ZERO = 64 * 1024;

    private static final String STALL_ENDPOINT = "stall";
    /** Also written with the stall timeout, so that the test sees when that configuration is in force. */
    private static final long STALL_TEST_BUDGET = 256L << 20;

    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void releaseStalledHandler() {
        release.countDown();
    }

    // ----------------------------------------------------------------------------------
    // 1. Flood under a small memory budget
    // ----------------------------------------------------------------------------------

    @Test
    public void floodOfNonReadingPipeliningClientsIsRefusedPastTheBudgetWhileOthersAreServed() throws Exception {
        writeTransportConfig(Map.of("memory.budget", Long.toString(BUDGET)));
        await("memory.budget " + BUDGET + " in force").until(() -> runtime().status().memoryBudgetBytes() == BUDGET);

        int port = freePort();
        Map<String, String> cfg = echoEndpoint(port);
        // A small socket send buffer on the server: the echoes the flood never reads pile up in
        // the transport's memory, not in the kernel (autotuned, it takes a megabyte or more per
        // connection on the loopback, and the budget would fill late or not at all).
        cfg.put("send.buffer.size", "8192");
        writeEndpointFile(FLOOD_ENDPOINT, cfg);
        awaitEcho(port);
        TransportRuntime rt = runtime();
        await("memory state normal before the flood").until(() -> "normal".equals(rt.status().memoryState()));
        long refusedBefore = rt.status().connectionsRefusedForMemory();
        EventRecorder events = closeAfterTest(EventRecorder.start(bundleContext, "dev/patchbay/transport/*"));

        StatusSampler sampler = closeAfterTest(StatusSampler.start(rt));
        EchoProber prober = closeAfterTest(EchoProber.start("127.0.0.2", port, PROBE_ROUND_TRIP_LIMIT));
        await("the probe client echoing").until(() -> prober.roundTrips() >= 10 || prober.failure() != null);
        assertNull(prober.failure(), prober.failure());

        Flood flood = closeAfterTest(new Flood(port, FLOOD_BYTES_PER_CONNECTION));
        long floodStart = System.nanoTime();
        flood.open(FLOOD_CONNECTIONS);
        // On a slow day the budget may fill later: more connections, up to twice as many, until one is refused.
        for (int more = 0; more < FLOOD_CONNECTIONS && rt.status().connectionsRefusedForMemory() == refusedBefore; more += 50) {
            flood.pushUntilStuck(Duration.ofMillis(500), Duration.ofSeconds(5));
            if (rt.status().connectionsRefusedForMemory() == refusedBefore) {
                flood.open(50);
            }
        }
        flood.pushUntilStuck(Duration.ofSeconds(2), Duration.ofSeconds(30));
        System.out.println("flood figure: " + flood.describe() + " in " + millisSince(floodStart) + " ms; max held "
                + sampler.maxHeld() + " of budget " + BUDGET + "; states seen " + sampler.states());

        await("connections refused for memory").atMost(Duration.ofSeconds(10))
                .until(() -> rt.status().connectionsRefusedForMemory() > refusedBefore);
        // The flood holds the budget; the probe goes on being served meanwhile.
        int probed = prober.roundTrips();
        await("the probe served while the flood holds the budget")
                .until(() -> prober.roundTrips() >= probed + 20 || prober.failure() != null);
        assertNull(prober.failure(), prober.failure());
        List<Object> memoryEvents = events.events(Topics.TRANSPORT_MEMORY).stream().map(e -> e.get("state"))
                .collect(Collectors.toList());
        assertTrue("memory state reached full; sampled " + sampler.states() + ", MEMORY events " + memoryEvents,
                sampler.states().contains("full") || memoryEvents.contains("full"));
        assertTrue("the flood lost connections at accept or on write: " + flood.describe(), flood.closedByServer() > 0);

        flood.close();
        await("memory held back near zero after the flood closed").atMost(Duration.ofSeconds(30))
                .until(() -> rt.status().memoryHeldBytes() < NEAR_ZERO);
        await("memory state normal after the flood").until(() -> "normal".equals(rt.status().memoryState()));
        int probedAfter = prober.roundTrips();
        await("the probe still served").until(() -> prober.roundTrips() >= probedAfter + 5 || prober.failure() != null);
        prober.close();
        sampler.close();
        assertNull("every probe echo answered, in order, each within " + PROBE_ROUND_TRIP_LIMIT + ": " + prober.failure(),
                prober.failure());
        System.out.println("flood figure: probe " + prober.roundTrips() + " round trips, slowest "
                + prober.slowestMillis() + " ms");

        try (LineClient fresh = LineClient.connect(port)) {
            assertEquals("after the flood", fresh.echo("after the flood"));
        }

        TransportStatus status = rt.status();
        assertTrue("connectionsRefusedForMemory grew: " + status, status.connectionsRefusedForMemory() > refusedBefore);
        assertFalse("no OutOfMemoryError in the log",
                logLines().stream().anyMatch(l -> l.contains("OutOfMemoryError")));
        awaitLogLine("Endpoint " + FLOOD_ENDPOINT + ": refused connection from ", "127.0.0.", "memory budget");
        awaitAuditLine("access.denied", field("endpoint", FLOOD_ENDPOINT), "memory budget");
        awaitAuditLine("transport.memory", "full");
        await("a MEMORY event to full and one back to normal").until(() -> {
            List<Object> states = events.events(Topics.TRANSPORT_MEMORY).stream().map(e -> e.get("state"))
                    .collect(Collectors.toList());
            int full = states.indexOf("full");
            return full >= 0 && states.subList(full, states.size()).contains("normal");
        });
        await("/metrics serving").until(() -> http("/metrics").status() == 200);
        assertEquals((double) BUDGET, metric("patchbay_transport_memory_budget_bytes"), 0.0);
        assertTrue("patchbay_transport_connections_refused_memory_total > 0",
                metric("patchbay_transport_connections_refused_memory_total") > 0);
    }

    // ----------------------------------------------------------------------------------
    // 4. Liveness follows an I/O thread stuck in a handler
    // ----------------------------------------------------------------------------------

    @Test
    public void ioThreadStuckInAHandlerMakesTheTransportNotLiveUntilTheCallReturns() throws Exception {
        writeTransportConfig(Map.of("io.stall.timeout", "2", "memory.budget", Long.toString(STALL_TEST_BUDGET)));
        await("io.stall.timeout 2 in force (seen by the budget written with it)")
                .until(() -> runtime().status().memoryBudgetBytes() == STALL_TEST_BUDGET);

        CountDownLatch entered = new CountDownLatch(1);
        registerHandler("stall-test", new StallingHandler(entered, release));
        int port = freePort();
        Map<String, String> cfg = lineEndpoint(port, "stall-test");
        cfg.put("handler.executor", "io");
        writeEndpointFile(STALL_ENDPOINT, cfg);
        awaitEcho(port);
        await("live before the stall").until(() -> http("/health/live").status() == 200 && runtime().status().live());

        try (LineClient client = LineClient.connect(port)) {
            assertEquals("before", client.echo("before"));
            client.send("stall");
            assertTrue("the handler was called with 'stall'", entered.await(10, TimeUnit.SECONDS));
            long stalledAt = System.nanoTime();

            TransportStatus notLive = await("the transport not live").until(() -> runtime().status(), s -> !s.live());
            long reportedAfter = millisSince(stalledAt);
            System.out.println("stall figure: not live " + reportedAfter + " ms after the handler blocked; " + notLive);
            assertFalse("why not live is said: " + notLive, notLive.liveProblems().isEmpty());
            assertTrue("an I/O thread is seen busy for io.stall.timeout: " + notLive.ioThreads(),
                    notLive.ioThreads().stream().anyMatch(t -> t.busyMillis() >= 1500));
            assertTrue("not live only once the call lasted io.stall.timeout (2 s), after " + reportedAfter + " ms",
                    reportedAfter >= 1500);
            assertTrue("io.stall.timeout = 2 applies, not the default 10 s: not live after " + reportedAfter + " ms",
                    reportedAfter < 9000);

            Answer down = await("/health/live 503").until(() -> http("/health/live"), a -> a.status() == 503);
            assertTrue("the liveness body names the I/O thread check: " + down.body(),
                    down.body().contains("Patchbay I/O threads"));

            release.countDown();
            assertEquals("the stalled line echoed once released", "stall", client.readLine());
            await("live again").until(() -> runtime().status().live());
            await("/health/live 200 again").until(() -> http("/health/live").status() == 200);
            assertEquals("after", client.echo("after"));
        }
    }

    // ----------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /** Echoes lines; on "stall" blocks its I/O thread until released (at most a minute). */
    static final class StallingHandler implements ProtocolHandler {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        StallingHandler(CountDownLatch entered, CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        @Override
        public void received(Session session, ByteBuffer frame) throws Exception {
            if ("stall".equals(UTF_8.decode(frame.duplicate()).toString())) {
                entered.countDown();
                release.await(60, TimeUnit.SECONDS);
            }
            session.write(frame);
        }
    }

    /** Polls the transport's status, keeping the memory states seen and the most held. */
    static final class StatusSampler implements AutoCloseable {
        private final Set<String> states = Collections.synchronizedSet(new LinkedHashSet<>());
        private final AtomicLong maxHeld = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private StatusSampler(TransportRuntime runtime) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        TransportStatus s = runtime.status();
                        states.add(s.memoryState());
                        maxHeld.accumulateAndGet(s.memoryHeldBytes(), Math::max);
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        states.add("status() threw " + e);
                    }
                }
            }, "itest: status sampler");
            thread.setDaemon(true);
        }

        static StatusSampler start(TransportRuntime runtime) {
            StatusSampler s = new StatusSampler(runtime);
            s.thread.start();
            return s;
        }

        Set<String> states() {
            synchronized (states) {
                return new LinkedHashSet<>(states);
            }
        }

        long maxHeld() {
            return maxHeld.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    /**
     * One connection from a source address of its own doing verified echo round trips, one
     * numbered line at a time: each reply must be the line just sent, within a time limit.
     * The first failure is kept and ends the probing.
     */
    static final class EchoProber implements AutoCloseable {
        private final Socket socket;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int roundTrips;
        private volatile long slowestNanos;
        private volatile String failure;

        private EchoProber(String source, int port, Duration limit) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) limit.toMillis());
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            thread = new Thread(() -> probe(limit), "itest: echo prober " + source);
            thread.setDaemon(true);
        }

        static EchoProber start(String source, int port, Duration limit) throws IOException {
            EchoProber p = new EchoProber(source, port, limit);
            p.thread.start();
            return p;
        }

        private void probe(Duration limit) {
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                for (int n = 0; running; n++) {
                    String line = "probe " + n;
                    long start = System.nanoTime();
                    out.write((line + "\n").getBytes(UTF_8));
                    out.flush();
                    got.reset();
                    for (int b = in.read(); b != '\n'; b = in.read()) {
                        if (b == -1) {
                            fail("the server closed the probe connection after " + n + " round trips");
                            return;
                        }
                        got.write(b);
                    }
                    long took = System.nanoTime() - start;
                    if (!line.equals(got.toString(UTF_8))) {
                        fail("round trip " + n + " got '" + got.toString(UTF_8) + "'");
                        return;
                    }
                    slowestNanos = Math.max(slowestNanos, took);
                    roundTrips = n + 1;
                    // Paced, not a busy loop: the flood and the server share two cores with it.
                    Thread.sleep(10);
                }
            } catch (SocketTimeoutException e) {
                fail("no echo within " + limit + " after " + roundTrips + " round trips");
            } catch (IOException e) {
                if (running) {
                    fail("after " + roundTrips + " round trips: " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void fail(String what) {
            if (failure == null) {
                failure = "probe " + socket.getLocalSocketAddress() + ": " + what;
            }
        }

        int roundTrips() {
            return roundTrips;
        }

        long slowestMillis() {
            return TimeUnit.NANOSECONDS.toMillis(slowestNanos);
        }

        String failure() {
            return failure;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            running = false;
            thread.join(PROBE_ROUND_TRIP_LIMIT.toMillis() + 2000);
            socket.close();
        }
    }

    /**
     * Connections from 127.0.0.10..127.0.0.250 that pipeline 64-byte lines with non-blocking
     * writes as far as the kernel takes them and never read. Tiny socket buffers (so that the
     * echoes pile up in the server, not in the kernel) and one shared buffer of lines (so that
     * the flood costs the test's heap next to nothing).
     */
    static final class Flood implements Closeable {
        private static final int FIRST_SOURCE = 10;
        private static final int SOURCES = 241;

        private final InetSocketAddress server;
        private final int bytesEach;
        private final ByteBuffer lines;
        private final List<SocketChannel> channels = new ArrayList<>();
        private final List<long[]> written = new ArrayList<>();
        private final Map<String, Integer> failures = new LinkedHashMap<>();
        private int connectFailures;
        private int attempts;
        private int closedByServer;

        Flood(int port, int bytesEach) {
            this.server = new InetSocketAddress("127.0.0.1", port);
            this.bytesEach = bytesEach;
            StringBuilder text = new StringBuilder();
            for (int i = 0; text.length() < 64 * 1024; i++) {
                StringBuilder line = new StringBuilder("flood ").append(i).append(' ');
                while (line.length() < LINE_LENGTH - 1) {
                    line.append('x');
                }
                text.append(line).append('\n');
            }
            byte[] bytes = text.toString().getBytes(UTF_8);
            lines = ByteBuffer.allocateDirect(bytes.length).put(bytes);
            lines.flip();
        }

        /** Opens {@code connections}, one after another, pushing on every open one between two connects. */
        void open(int connections) {
            for (int i = 0; i < connections; i++) {
                String source = "127.0.0." + (FIRST_SOURCE + attempts++ % SOURCES);
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open();
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, 16384);
                    ch.bind(new InetSocketAddress(source, 0));
                    ch.socket().connect(server, 5000);
                    ch.configureBlocking(false);
                    channels.add(ch);
                    written.add(new long[] {0});
                } catch (IOException e) {
                    connectFailures++;
                    count("connect: " + e.getMessage());
                    closeQuietly(ch);
                }
                push();
            }
        }

        /** Pushes until nothing moved for {@code quiet}, or {@code limit} passed. */
        void pushUntilStuck(Duration quiet, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            long lastMoved = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - lastMoved < quiet.toNanos()) {
                if (push() > 0) {
                    lastMoved = System.nanoTime();
                } else {
                    Thread.sleep(5);
                }
            }
        }

        /** One pass: every open connection writes what the kernel takes now. */
        private long push() {
            long moved = 0;
            for (int i = 0; i < channels.size(); i++) {
                SocketChannel ch = channels.get(i);
                long[] done = written.get(i);
                if (ch == null || done[0] >= bytesEach) {
                    continue;
                }
                try {
                    while (done[0] < bytesEach) {
                        ByteBuffer b = lines.duplicate();
                        b.position((int) (done[0] % lines.capacity()));
                        b.limit((int) Math.min(lines.capacity(), b.position() + (bytesEach - done[0])));
                        int n = ch.write(b);
                        if (n == 0) {
                            break;
                        }
                        done[0] += n;
                        moved += n;
                    }
                } catch (IOException e) {
                    // Refused at accept (closed, then reset) or closed for another reason.
                    closedByServer++;
                    count("write: " + e.getMessage());
                    closeQuietly(ch);
                    channels.set(i, null);
                }
            }
            return moved;
        }

        private void count(String what) {
            failures.merge(what, 1, Integer::sum);
        }

        int closedByServer() {
            return closedByServer;
        }

        String describe() {
            long total = written.stream().mapToLong(w -> w[0]).sum();
            long complete = written.stream().filter(w -> w[0] >= bytesEach).count();
            return channels.size() + " connected (" + connectFailures + " connects failed), " + total
                    + " bytes written, " + complete + " wrote all " + bytesEach + ", " + closedByServer
                    + " closed by the server; " + failures;
        }

        @Override
        public void close() {
            for (SocketChannel ch : channels) {
                closeQuietly(ch);
            }
            channels.clear();
        }

        private static void closeQuietly(SocketChannel ch) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}

package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

import dev.patchbay.testkit.TrustAnyCertificate;
import dev.patchbay.testkit.UnpackedDistribution;

/**
 * The distribution as an operator runs it: the archive unpacked, started with {@code bin/start},
 * stopped with {@code bin/stop} or SIGTERM, on the ports it ships with (so it needs them free;
 * failsafe runs test classes one after the other). Not Pax Exam: nothing runs inside the server.
 *
 * <ul>
 * <li>the bin/ scripts: explicit heap, {@code PATCHBAY_HEAP}, {@code -XX:+ExitOnOutOfMemoryError};</li>
 * <li>a TLS client connecting in a loop from before {@code bin/start}: once the port accepts, no
 * connection is closed without completing its handshake and echo;</li>
 * <li>{@code bin/stop} under 50 connections of request/response load: no reset, every reply right,
 * each connection ends with an end of stream after at most its one request in flight, the
 * sessions are served until {@code drain.timeout}, and {@code bin/stop} returns, the JVM gone,
 * within {@code drain.timeout} + 2 s;</li>
 * <li>the same under SIGTERM to the server's JVM.</li>
 * </ul>
 */
public class DistributionLifecycleIT {

    private static final int ECHO_PORT = 7007;
    private static final int TLS_PORT = 7443;
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(180);

    @Rule
    public final TestName testName = new TestName();

    private UnpackedDistribution dist;

    /** After each test (failed or not): the server stopped (killed if bin/stop fails), its logs kept if the test failed, its directory removed. */
    @Rule
    public final TestWatcher cleanup = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            if (dist == null) {
                return;
            }
            Path logs = Paths.get(System.getProperty("patchbay.itests.builddir", "target"), "itest-logs",
                    description.getTestClass().getSimpleName() + "." + description.getMethodName());
            try {
                dist.keepLogs(logs);
                System.out.println("logs kept in " + logs.toAbsolutePath());
            } catch (IOException ex) {
                System.out.println("could not keep the logs: " + ex);
            }
        }

        @Override
        protected void finished(Description description) {
            if (dist != null) {
                try {
                    dist.close();
                } catch (Exception e) {
                    throw new AssertionError("stopping and removing the distribution", e);
                }
            }
        }
    };

    private UnpackedDistribution unpack() throws Exception {
        dist = UnpackedDistribution.unpack(testName.getMethodName());
        return dist;
    }

    /** The echo endpoint's drain.timeout as shipped, and the JVM of the started server. */
    private record Started(int drainSeconds, ProcessHandle jvm) {
    }

    /** Unpacks the distribution (its fixed ports must be free), starts it and waits until it is ready. */
    private Started startOnFixedPorts() throws Exception {
        UnpackedDistribution.requireFixedPortsFree();
        unpack();
        int drain = dist.drainTimeoutSeconds("echo");
        dist.start();
        dist.awaitReady(BOOT_LIMIT);
        return new Started(drain, dist.awaitServerJvm(Duration.ofSeconds(10)));
    }

    // ---------------------------------------------------------------- bin/ scripts

    /** bin/setenv gives the server an explicit heap and ExitOnOutOfMemoryError, PATCHBAY_HEAP overrides; no heap dump. */
    @Test
    public void scriptsSetAnExplicitHeapAndExitOnOutOfMemory() throws Exception {
        unpack();
        for (String script : List.of("setenv", "stop", "start", "karaf")) {
            assertTrue("bin/" + script + " is executable in the archive", Files.isExecutable(dist.bin(script)));
        }
        assertEquals("-Xms128m -Xmx1g -XX:+ExitOnOutOfMemoryError", javaOptsOf("start", ""));
        assertEquals("-Xms128m -Xmx1g -XX:+ExitOnOutOfMemoryError", javaOptsOf("karaf", ""));
        assertEquals("-Xms128m -Xmx2g -XX:+ExitOnOutOfMemoryError", javaOptsOf("start", "PATCHBAY_HEAP=2g"));
        assertEquals("PATCHBAY_HEAP wins over JAVA_MAX_MEM", "-Xms128m -Xmx3g -XX:+ExitOnOutOfMemoryError",
                javaOptsOf("start", "PATCHBAY_HEAP=3g JAVA_MAX_MEM=2g"));
        assertEquals("the initial heap never above the maximum", "-Xms96m -Xmx96m -XX:+ExitOnOutOfMemoryError",
                javaOptsOf("start", "PATCHBAY_HEAP=96m"));
        assertEquals("JAVA_MIN_MEM", "-Xms512m -Xmx1g -XX:+ExitOnOutOfMemoryError", javaOptsOf("start", "JAVA_MIN_MEM=512m"));
        assertEquals("the user's EXTRA_JAVA_OPTS come after (and so win)",
                "-Xms128m -Xmx1g -XX:+ExitOnOutOfMemoryError -Xmx4g", javaOptsOf("start", "EXTRA_JAVA_OPTS=-Xmx4g"));
        assertEquals("not for the client, status or stop JVMs", "", javaOptsOf("client", ""));
        assertEquals("", javaOptsOf("stop", ""));

        UnpackedDistribution.Run bad = sh("KARAF_SCRIPT=start PATCHBAY_HEAP=lots; . bin/setenv; echo reached");
        assertEquals("a bad PATCHBAY_HEAP stops the script: " + bad.output(), 1, bad.exitCode());
        assertTrue(bad.output(), bad.output().contains("PATCHBAY_HEAP/JAVA_MAX_MEM 'lots' is not a heap size"));
        assertFalse(bad.output(), bad.output().contains("reached"));
    }

    /** EXTRA_JAVA_OPTS after sourcing bin/setenv twice (bin/start, then bin/karaf) as the given script. */
    private String javaOptsOf(String karafScript, String env) throws Exception {
        String export = env.isEmpty() ? "" : "export " + env + "; ";
        UnpackedDistribution.Run r = sh(export + "export KARAF_SCRIPT=" + karafScript
                + "; . bin/setenv; . bin/setenv; printf '%s' \"$EXTRA_JAVA_OPTS\"");
        assertEquals(r.output(), 0, r.exitCode());
        return r.output();
    }

    private UnpackedDistribution.Run sh(String command) throws Exception {
        ProcessBuilder pb = dist.script("setenv");
        pb.command("/bin/sh", "-c", command).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue("sh -c " + command, p.waitFor(30, TimeUnit.SECONDS));
        return new UnpackedDistribution.Run(p.exitValue(), Duration.ofNanos(System.nanoTime() - t0), out);
    }

    // ---------------------------------------------------------------- start: TLS port

    /**
     * Connecting in a loop from the moment bin/start opens the TLS port (127.0.0.1:7443, endpoint
     * echo-tls with the default self-signed profile): no connection is closed without completing
     * its handshake.
     */
    @Test
    public void tlsClientsConnectingWhileTheServerStartsAreAllServed() throws Exception {
        UnpackedDistribution.requireFixedPortsFree();
        unpack();
        SSLContext trustAll = TrustAnyCertificate.clientContext();

        int loops = 4;
        Duration afterOpen = Duration.ofSeconds(20);
        AtomicLong openedAt = new AtomicLong();       // nanoTime of the first accepted TCP connect
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong refusedBeforeOpen = new AtomicLong();
        AtomicLong served = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failureCount = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < loops; t++) {
            int loop = t;
            Thread th = new Thread(() -> {
                long n = 0;
                while (!stop.get()) {
                    n++;
                    String line = "tls-" + loop + "-" + n;
                    long t0 = System.nanoTime();
                    Socket plain = new Socket();
                    boolean connected = false;
                    try {
                        plain.setTcpNoDelay(true);
                        plain.setSoTimeout(15_000);
                        plain.connect(new InetSocketAddress("127.0.0.1", TLS_PORT), 5_000);
                        connected = true;
                        openedAt.compareAndSet(0, t0);
                        try (SSLSocket tls = (SSLSocket) trustAll.getSocketFactory()
                                .createSocket(plain, "127.0.0.1", TLS_PORT, true)) {
                            tls.startHandshake();
                            OutputStream out = tls.getOutputStream();
                            out.write((line + "\n").getBytes(UTF_8));
                            out.flush();
                            String echo = readLine(new BufferedInputStream(tls.getInputStream()));
                            if (!line.equals(echo)) {
                                throw new IOException(echo == null ? "end of stream instead of the echo" : "echo '" + echo + "' for '" + line + "'");
                            }
                        }
                        served.incrementAndGet();
                        slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    } catch (ConnectException e) {
                        if (openedAt.get() == 0) {
                            refusedBeforeOpen.incrementAndGet();
                            pause(10);
                        } else {
                            failure(failures, failureCount, openedAt, t0, "connect refused after the port had opened: " + e);
                        }
                    } catch (Exception e) {
                        if (!connected && openedAt.get() == 0) {
                            refusedBeforeOpen.incrementAndGet(); // e.g. a connect timeout before the port opened
                            pause(10);
                        } else {
                            failure(failures, failureCount, openedAt, t0,
                                    (connected ? "accepted, then " : "") + e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    } finally {
                        try {
                            plain.close();
                        } catch (IOException e) {
                            // closed
                        }
                    }
                }
            }, "tls-loop-" + t);
            th.start();
            threads.add(th);
        }

        long startedAt = System.nanoTime();
        try {
            dist.start();
            long bootDeadline = startedAt + BOOT_LIMIT.toNanos();
            while (openedAt.get() == 0 && System.nanoTime() < bootDeadline) {
                Thread.sleep(50);
            }
            if (openedAt.get() == 0) {
                fail("127.0.0.1:" + TLS_PORT + " never accepted a connection within " + BOOT_LIMIT + dist.diagnostics());
            }
            Thread.sleep(afterOpen.toMillis());
        } finally {
            stop.set(true);
            for (Thread th : threads) {
                th.join(30_000);
            }
        }
        System.out.printf("TLS port opened %.1f s after bin/start; %d attempts refused before, %d connections served in the %d s after"
                        + " (slowest handshake + echo %d ms), %d failed%n",
                (openedAt.get() - startedAt) / 1e9, refusedBeforeOpen.get(), served.get(), afterOpen.toSeconds(),
                TimeUnit.NANOSECONDS.toMillis(slowest.get()), failureCount.get());
        assertTrue("the loop ran before the port opened (it saw refusals)", refusedBeforeOpen.get() > 0);
        assertTrue("connections served after the port opened", served.get() > 0);
        assertEquals("connections to " + TLS_PORT + " not served after the port first accepted one "
                + "(ms after it opened: what happened); first ones: " + failures, 0, failureCount.get());
    }

    private static void failure(List<String> failures, AtomicLong count, AtomicLong openedAt, long t0, String what) {
        count.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(TimeUnit.NANOSECONDS.toMillis(t0 - openedAt.get()) + " ms: " + what);
        }
    }

    // ---------------------------------------------------------------- stop under load

    /**
     * bin/stop under 50 connections of request/response load: no connection reset, every
     * connection answered up to at most its last request in flight, and bin/stop returns within
     * drain.timeout plus two seconds.
     */
    @Test
    public void binStopUnderLoadDrainsEveryConnectionAndReturnsWhenStopped() throws Exception {
        Started started = startOnFixedPorts();
        int drain = started.drainSeconds();
        ProcessHandle jvm = started.jvm();
        List<String> args = dist.argumentsOf(jvm);
        assertTrue("the server JVM runs with -Xmx1g: " + args, args.contains("-Xmx1g"));
        assertTrue("the server JVM runs with -XX:+ExitOnOutOfMemoryError: " + args, args.contains("-XX:+ExitOnOutOfMemoryError"));
        assertFalse("no heap dump by default: " + args, args.contains("-XX:+HeapDumpOnOutOfMemoryError"));

        EchoLoad load = EchoLoad.start(ECHO_PORT, 50);
        load.awaitAllAnswered(Duration.ofSeconds(30));
        Thread.sleep(2_000);

        long stopAt = System.nanoTime();
        System.out.println("bin/stop at " + java.time.LocalTime.now());
        UnpackedDistribution.Run stop = dist.stop(Duration.ofSeconds(90));
        boolean jvmGoneWhenStopReturned = UnpackedDistribution.exited(jvm);
        load.awaitEnd(Duration.ofSeconds(30));

        System.out.printf("bin/stop took %d ms (exit %d, drain.timeout %d s); %s%n", stop.took().toMillis(), stop.exitCode(),
                drain, load.summary(stopAt));
        System.out.println(dist.stopTimeline());
        assertEquals("bin/stop exit status; output: " + stop.output(), 0, stop.exitCode());
        assertTrue("the server JVM had exited when bin/stop returned", jvmGoneWhenStopReturned);
        load.assertDrainedCleanly();
        long servedFor = load.lastReplyAfter(stopAt).toMillis();
        assertTrue("sessions busy with requests were served for about drain.timeout after bin/stop began: the last reply came "
                + servedFor + " ms after it", servedFor >= drain * 1000L - 1500);
        assertTrue("bin/stop returned within drain.timeout (" + drain + " s) + 2 s: took " + stop.took().toMillis() + " ms",
                stop.took().compareTo(Duration.ofSeconds(drain + 2)) <= 0);
        assertTrue("the transport logged its stop:\n" + dist.diagnostics(), dist.karafLog().contains("Patchbay transport stopped"));
    }

    /** SIGTERM to the server's JVM is a full, graceful stop: the same drain as bin/stop. */
    @Test
    public void sigtermToTheServerJvmDrainsLikeBinStop() throws Exception {
        Started started = startOnFixedPorts();
        int drain = started.drainSeconds();
        ProcessHandle jvm = started.jvm();

        EchoLoad load = EchoLoad.start(ECHO_PORT, 10);
        load.awaitAllAnswered(Duration.ofSeconds(30));
        Thread.sleep(1_000);

        long termAt = System.nanoTime();
        System.out.println("SIGTERM at " + java.time.LocalTime.now());
        assertTrue("SIGTERM sent", jvm.destroy());
        boolean exited = UnpackedDistribution.awaitExit(jvm, Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - termAt);
        load.awaitEnd(Duration.ofSeconds(30));

        System.out.printf("SIGTERM: the JVM exited after %d ms (drain.timeout %d s); %s%n", took.toMillis(), drain, load.summary(termAt));
        System.out.println(dist.stopTimeline());
        assertTrue("the server JVM exited after SIGTERM" + dist.diagnostics(), exited);
        load.assertDrainedCleanly();
        String log = dist.karafLog();
        assertTrue("the endpoints drained (karaf.log):\n" + dist.diagnostics(),
                log.contains("Endpoint echo stopped (transport stopping)"));
        assertTrue("the transport logged its stop:\n" + dist.diagnostics(), log.contains("Patchbay transport stopped"));
        assertTrue("the JVM exited within drain.timeout (" + drain + " s) + 2 s: took " + took.toMillis() + " ms",
                took.compareTo(Duration.ofSeconds(drain + 2)) <= 0);
    }

    // ---------------------------------------------------------------- helpers

    /** Reads up to {@code \n}; {@code null} at an end of stream before any byte; an end of stream inside a line throws. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(UTF_8);
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new IOException("end of stream inside a line: '" + line.toString(UTF_8) + "'");
        }
        return null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * N blocking connections, each sending one line and reading its echo in a loop (one request
     * in flight) until the server ends the connection.
     */
    static final class EchoLoad {

        enum End { RUNNING, END_OF_STREAM, RESET, TIMEOUT, OTHER }

        static final class Conn implements Runnable {
            final int id;
            final int port;
            volatile long sent;
            volatile long answered;
            volatile long lastReplyNanos;
            volatile End end = End.RUNNING;
            volatile String detail = "";
            final AtomicReference<String> mismatch = new AtomicReference<>();

            Conn(int id, int port) {
                this.id = id;
                this.port = port;
            }

            @Override
            public void run() {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(20_000);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    for (long n = 1; ; n++) {
                        String request = "c" + id + "-" + n + "-" + "x".repeat((int) (n % 50));
                        out.write((request + "\n").getBytes(UTF_8));
                        out.flush();
                        sent++;
                        String reply = readLine(in);
                        if (reply == null) {
                            end = End.END_OF_STREAM;
                            return;
                        }
                        if (!reply.equals(request)) {
                            mismatch.compareAndSet(null, "'" + reply + "' for '" + request + "'");
                        }
                        answered++;
                        lastReplyNanos = System.nanoTime();
                    }
                } catch (SocketTimeoutException e) {
                    end = End.TIMEOUT;
                    detail = e.toString();
                } catch (SocketException e) {
                    String m = String.valueOf(e.getMessage()).toLowerCase();
                    end = m.contains("reset") || m.contains("broken pipe") ? End.RESET : End.OTHER;
                    detail = e.toString();
                } catch (IOException | RuntimeException e) {
                    end = End.OTHER;
                    detail = e.toString();
                }
            }
        }

        private final List<Conn> conns = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        static EchoLoad start(int port, int connections) {
            EchoLoad load = new EchoLoad();
            for (int i = 0; i < connections; i++) {
                Conn c = new Conn(i, port);
                load.conns.add(c);
                Thread t = new Thread(c, "echo-load-" + i);
                t.setDaemon(true);
                load.threads.add(t);
                t.start();
            }
            return load;
        }

        void awaitAllAnswered(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (conns.stream().allMatch(c -> c.answered > 0)) {
                    return;
                }
                if (conns.stream().anyMatch(c -> c.end != End.RUNNING)) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("not every load connection answered before the stop: " + describe(conns));
        }

        void awaitEnd(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }

        Duration lastReplyAfter(long since) {
            long last = conns.stream().mapToLong(c -> c.lastReplyNanos).max().orElse(since);
            return Duration.ofNanos(Math.max(0, last - since));
        }

        String summary(long since) {
            long answered = conns.stream().mapToLong(c -> c.answered).sum();
            long inFlight = conns.stream().mapToLong(c -> c.sent - c.answered).sum();
            StringBuilder ends = new StringBuilder();
            for (End e : End.values()) {
                long n = conns.stream().filter(c -> c.end == e).count();
                if (n > 0) {
                    ends.append(' ').append(e).append('=').append(n);
                }
            }
            return conns.size() + " connections, " + answered + " echoes, " + inFlight
                    + " request(s) unanswered at the end, last reply " + lastReplyAfter(since).toMillis()
                    + " ms after the stop began; ends:" + ends;
        }

        void assertDrainedCleanly() {
            List<Conn> reset = conns.stream().filter(c -> c.end == End.RESET).toList();
            assertEquals("connections reset: " + describe(reset), 0, reset.size());
            List<Conn> wrong = conns.stream().filter(c -> c.mismatch.get() != null).toList();
            assertEquals("connections with a wrong reply: " + describe(wrong), 0, wrong.size());
            List<Conn> notEof = conns.stream().filter(c -> c.end != End.END_OF_STREAM).toList();
            assertEquals("connections not ended by an end of stream: " + describe(notEof), 0, notEof.size());
            List<Conn> lost = conns.stream().filter(c -> c.sent - c.answered > 1).toList();
            assertEquals("connections with more than their one request in flight unanswered: " + describe(lost), 0, lost.size());
        }

        private static String describe(List<Conn> list) {
            StringBuilder b = new StringBuilder();
            for (Conn c : list.subList(0, Math.min(10, list.size()))) {
                b.append("\n  #").append(c.id).append(": ").append(c.end).append(' ').append(c.detail)
                        .append(", sent ").append(c.sent).append(", answered ").append(c.answered);
                if (c.mismatch.get() != null) {
                    b.append(", first wrong reply ").append(c.mismatch.get());
                }
            }
            return b.toString();
        }
    }
}

package dev.patchbay.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

/**
 * Flood of non-reading clients: many connections from many source addresses, each pipelining
 * megabytes of lines to a line echo endpoint and never reading a reply, while a probe client
 * from another address checks that it is still answered.
 *
 * <p>Phases:
 * <ol>
 * <li><b>flood</b> ({@code --duration} s): {@code --connections} connections, the i-th bound to
 * source address 127.0.0.(first + i mod count) before it connects, each writing
 * {@code --bytes} bytes of 64-byte lines ({@code "xxx...x\n"}) with non-blocking writes from
 * {@code --threads} selector threads; nothing is ever read. A connection whose connect fails
 * is counted as refused (or timed out, after {@code --connect-timeout} s); one whose write
 * fails (reset, broken pipe) is counted as closed by the server, by its age. A connection that
 * has written all its bytes sits idle; at the end of the phase each one is checked with two
 * one-byte writes 200 ms apart, and one that fails is counted as closed by the server then.
 * With {@code --reopen} a refused or closed connection is opened again. Then every flood
 * connection is closed.</li>
 * <li><b>after</b> ({@code --after} s): the probes go on alone.</li>
 * <li><b>final</b>: a fresh client does {@code --final-echoes} verified round trips, one at a
 * time.</li>
 * </ol>
 * Throughout the flood and after phases, from {@code --probe-source} (127.0.0.1, which the
 * flood does not use): the <b>probe</b> keeps one connection and does one verified echo round
 * trip every {@code --probe-interval} ms (a reply later than {@code --probe-timeout} ms, a
 * wrong reply or a closed connection is a failure, after which it connects again); the
 * <b>fresh probe</b> opens a new connection every {@code --fresh-interval} ms, echoes one line
 * and closes it (connect + round trip), to see whether a newcomer is let in.
 *
 * <pre>
 * java -cp ... dev.patchbay.benchmarks.Flood [--host 127.0.0.1] [--port 7007] [--connections 4000]
 *   [--bytes 2m] [--sources 2-250] [--threads 1] [--duration 60] [--after 20] [--final-echoes 1000]
 *   [--reopen] [--max-connecting 256] [--connect-timeout 10] [--probe-interval 100]
 *   [--probe-timeout 5000] [--fresh-interval 1000] [--probe-source 127.0.0.1] [--json FILE]
 * </pre>
 * Needs an open-file limit above {@code --connections} plus a few hundred.
 */
public final class Flood {

    private static final int LINE = 64;
    private static final ByteBuffer LINES;

    static {
        ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
        while (b.hasRemaining()) {
            for (int i = 0; i < LINE - 1; i++) {
                b.put((byte) 'x');
            }
            b.put((byte) '\n');
        }
        b.flip();
        LINES = b.asReadOnlyBuffer();
    }

    private Flood() {
    }

    static final class Options {
        String host = "127.0.0.1";
        int port = 7007;
        int connections = 4000;
        long bytes = 2L << 20;
        int firstSource = 2;
        int lastSource = 250;
        int threads = 1;
        double duration = 60;
        double after = 20;
        int finalEchoes = 1000;
        boolean reopen;
        int maxConnecting = 256;
        double connectTimeout = 10;
        long probeIntervalMs = 100;
        long probeTimeoutMs = 5000;
        long freshIntervalMs = 1000;
        String probeSource = "127.0.0.1";
        String json;
    }

    /** Counters shared by the selector threads. */
    static final class Stats {
        final LongAdder connectAttempts = new LongAdder();
        final LongAdder connected = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder connectTimeouts = new LongAdder();
        final LongAdder connectErrors = new LongAdder();
        final LongAdder localErrors = new LongAdder();
        final LongAdder closedByServer = new LongAdder();
        final LongAdder closedUnder2s = new LongAdder();
        final LongAdder closed2to25s = new LongAdder();
        final LongAdder closedOver25s = new LongAdder();
        final LongAdder closedFoundAtEnd = new LongAdder();
        final LongAdder doneWriting = new LongAdder();
        final LongAdder bytesWritten = new LongAdder();
        final AtomicLong connecting = new AtomicLong();
        final AtomicLong open = new AtomicLong();
        final AtomicLong peakOpen = new AtomicLong();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

        void error(String what, Throwable e) {
            String m = what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            errors.computeIfAbsent(m, k -> new LongAdder()).increment();
        }

        void opened() {
            long now = open.incrementAndGet();
            peakOpen.accumulateAndGet(now, Math::max);
        }
    }

    /** One flood connection slot. */
    static final class Conn {
        final int slot;
        final InetSocketAddress source;
        SocketChannel ch;
        SelectionKey key;
        long connectStart;
        long connectedAt;
        long written;
        boolean done;

        Conn(int slot, InetSocketAddress source) {
            this.slot = slot;
            this.source = source;
        }
    }

    /** One selector thread and the connection slots it owns. */
    static final class FloodLoop implements Runnable {
        private final Options o;
        private final Stats stats;
        private final InetSocketAddress target;
        private final List<Conn> conns = new ArrayList<>();
        private final ArrayDeque<Conn> toOpen = new ArrayDeque<>();
        private final int maxConnecting;
        private final Selector selector;
        private int connectingHere;
        volatile boolean stop;
        volatile long cpuNanos;
        private long lastExpiry;

        FloodLoop(Options o, Stats stats, int index, int threads) throws IOException {
            this.o = o;
            this.stats = stats;
            this.target = new InetSocketAddress(o.host, o.port);
            this.maxConnecting = Math.max(1, o.maxConnecting / threads);
            this.selector = Selector.open();
            int sources = o.lastSource - o.firstSource + 1;
            for (int i = index; i < o.connections; i += threads) {
                Conn c = new Conn(i, new InetSocketAddress("127.0.0." + (o.firstSource + i % sources), 0));
                conns.add(c);
                toOpen.add(c);
            }
        }

        @Override
        public void run() {
            ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
            try {
                while (!stop) {
                    openMore();
                    selector.select(20);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isConnectable()) {
                            finishConnect(c);
                        } else if (k.isWritable()) {
                            write(c);
                        }
                    }
                    long now = System.nanoTime();
                    if (now - lastExpiry > 250_000_000L) {
                        lastExpiry = now;
                        expireConnects(now);
                    }
                }
                checkIdleAtEnd();
                for (Conn c : conns) {
                    if (c.ch != null) {
                        closeQuietly(c);
                    }
                }
                selector.close();
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                cpuNanos = tmx.getCurrentThreadCpuTime();
            }
        }

        private void openMore() {
            while (connectingHere < maxConnecting && !toOpen.isEmpty()) {
                Conn c = toOpen.poll();
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.bind(c.source);
                    c.ch = ch;
                    c.written = 0;
                    c.done = false;
                    c.connectStart = System.nanoTime();
                    stats.connectAttempts.increment();
                    if (ch.connect(target)) {
                        c.key = ch.register(selector, SelectionKey.OP_WRITE, c);
                        connected(c);
                    } else {
                        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                        connectingHere++;
                        stats.connecting.incrementAndGet();
                    }
                } catch (ConnectException e) {
                    stats.refused.increment();
                    stats.error("connect", e);
                    c.ch = null;
                    closeQuietly(ch);
                    again(c);
                } catch (IOException e) {
                    // Bind failed, out of file descriptors, ...: the client's problem, not the server's.
                    stats.localErrors.increment();
                    stats.error("open", e);
                    c.ch = null;
                    closeQuietly(ch);
                    if (o.reopen) {
                        toOpen.add(c);
                    }
                    return;
                }
            }
        }

        private void again(Conn c) {
            if (o.reopen && !stop) {
                toOpen.add(c);
            }
        }

        private void connected(Conn c) {
            c.connectedAt = System.nanoTime();
            stats.connected.increment();
            stats.opened();
        }

        private void finishConnect(Conn c) {
            connectingHere--;
            stats.connecting.decrementAndGet();
            try {
                c.ch.finishConnect();
                c.key.interestOps(SelectionKey.OP_WRITE);
                connected(c);
                write(c);
            } catch (IOException e) {
                if (e instanceof ConnectException) {
                    stats.refused.increment();
                } else {
                    stats.connectErrors.increment();
                }
                stats.error("connect", e);
                closeQuietly(c);
                again(c);
            }
        }

        private void expireConnects(long now) {
            long limit = (long) (o.connectTimeout * 1e9);
            for (Conn c : conns) {
                if (c.ch != null && c.key != null && c.key.isValid()
                        && (c.key.interestOps() & SelectionKey.OP_CONNECT) != 0 && now - c.connectStart > limit) {
                    connectingHere--;
                    stats.connecting.decrementAndGet();
                    stats.connectTimeouts.increment();
                    closeQuietly(c);
                    again(c);
                }
            }
        }

        private void write(Conn c) {
            try {
                for (int round = 0; round < 8 && !c.done; round++) {
                    ByteBuffer b = LINES.duplicate();
                    int pos = (int) (c.written % b.capacity());
                    b.position(pos);
                    long left = o.bytes - c.written;
                    if (left < b.remaining()) {
                        b.limit(pos + (int) left);
                    }
                    int n = c.ch.write(b);
                    if (n <= 0) {
                        return;
                    }
                    c.written += n;
                    stats.bytesWritten.add(n);
                    if (c.written >= o.bytes) {
                        c.done = true;
                        c.key.interestOps(0);
                        stats.doneWriting.increment();
                    }
                }
            } catch (IOException e) {
                closedByServer(c, e, false);
            }
        }

        private void closedByServer(Conn c, IOException e, boolean atEnd) {
            long age = System.nanoTime() - c.connectedAt;
            stats.closedByServer.increment();
            if (atEnd) {
                stats.closedFoundAtEnd.increment();
            } else if (age < 2_000_000_000L) {
                stats.closedUnder2s.increment();
            } else if (age < 25_000_000_000L) {
                stats.closed2to25s.increment();
            } else {
                stats.closedOver25s.increment();
            }
            stats.error(atEnd ? "idle check" : "write", e);
            stats.open.decrementAndGet();
            closeQuietly(c);
            again(c);
        }

        /** Connections that wrote everything and sat idle: has the server closed them meanwhile? */
        private void checkIdleAtEnd() throws InterruptedException {
            ByteBuffer nl = ByteBuffer.wrap(new byte[] {'\n'});
            for (int pass = 0; pass < 2; pass++) {
                for (Conn c : conns) {
                    if (c.ch != null && c.done) {
                        try {
                            c.ch.write(nl.duplicate());
                        } catch (IOException e) {
                            closedByServer(c, e, true);
                        }
                    }
                }
                Thread.sleep(200);
            }
        }

        private void closeQuietly(Conn c) {
            closeQuietly(c.ch);
            c.ch = null;
            c.key = null;
        }

        private static void closeQuietly(SocketChannel ch) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // ignore
                }
            }
        }
    }

    /** One probe: the kept connection (fresh = false) or a new connection per round trip (fresh = true). */
    static final class Probe implements Runnable {
        private final Options o;
        private final boolean fresh;
        private final long intervalNanos;
        final Histogram[] latency = {new Histogram(TimeUnit.SECONDS.toNanos(60), 3),
                new Histogram(TimeUnit.SECONDS.toNanos(60), 3)};
        final long[] ok = new long[2];
        final long[] failures = new long[2];
        final List<String> failureLog = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong windowMaxNanos = new AtomicLong();
        final AtomicLong windowFailures = new AtomicLong();
        volatile int phase; // 0 flood, 1 after, 2 stop
        private final long t0;
        private Socket socket;
        private long seq;
        long reconnects;

        Probe(Options o, boolean fresh, long t0) {
            this.o = o;
            this.fresh = fresh;
            this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(fresh ? o.freshIntervalMs : o.probeIntervalMs);
            this.t0 = t0;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (phase < 2) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                next += intervalNanos;
                if (next < System.nanoTime()) {
                    next = System.nanoTime();
                }
                int p = phase;
                if (p >= 2) {
                    break;
                }
                long start = System.nanoTime();
                try {
                    roundTrip();
                    long took = System.nanoTime() - start;
                    latency[p].recordValue(Math.min(took, latency[p].getHighestTrackableValue()));
                    ok[p]++;
                    windowMaxNanos.accumulateAndGet(took, Math::max);
                } catch (IOException e) {
                    failures[p]++;
                    windowFailures.incrementAndGet();
                    long took = System.nanoTime() - start;
                    if (failureLog.size() < 50) {
                        failureLog.add(String.format(Locale.ROOT, "t=%.1fs %s after %d ms: %s", (start - t0) / 1e9,
                                p == 0 ? "flood" : "after", took / 1_000_000, e));
                    }
                    closeSocket();
                }
                if (fresh) {
                    closeSocket();
                }
            }
            closeSocket();
        }

        private void roundTrip() throws IOException {
            if (socket == null) {
                Socket s = new Socket();
                try {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout((int) o.probeTimeoutMs);
                    s.bind(new InetSocketAddress(o.probeSource, 0));
                    s.connect(new InetSocketAddress(o.host, o.port), (int) o.probeTimeoutMs);
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
                socket = s;
                reconnects++;
            }
            echo(socket, (fresh ? "fresh " : "probe ") + (seq++), o.probeTimeoutMs);
        }

        private void closeSocket() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // ignore
                }
                socket = null;
            }
        }
    }

    /** Sends one line padded to 64 bytes and reads it back within timeoutMs; throws if it is not the same. */
    static void echo(Socket s, String text, long timeoutMs) throws IOException {
        StringBuilder sb = new StringBuilder(text).append(' ');
        while (sb.length() < LINE - 1) {
            sb.append('.');
        }
        byte[] line = (sb + "\n").getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        OutputStream out = s.getOutputStream();
        out.write(line);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] reply = new byte[line.length];
        int got = 0;
        while (got < reply.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no reply within " + timeoutMs + " ms");
            }
            s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            int r;
            try {
                r = in.read(reply, got, reply.length - got);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no reply within " + timeoutMs + " ms (" + got + " bytes of it read)");
            }
            if (r < 0) {
                throw new IOException("closed by the server (" + got + " bytes of the reply read)");
            }
            got += r;
        }
        for (int i = 0; i < line.length; i++) {
            if (reply[i] != line[i]) {
                throw new IOException("wrong reply: '" + new String(reply, StandardCharsets.US_ASCII).trim() + "'");
            }
        }
    }

    static long parseBytes(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1024;
        } else if (s.endsWith("m")) {
            mult = 1024 * 1024;
        } else if (s.endsWith("g")) {
            mult = 1024L * 1024 * 1024;
        }
        if (mult != 1) {
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * mult;
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> o.host = v;
                case "--port" -> o.port = Integer.parseInt(v);
                case "--connections" -> o.connections = Integer.parseInt(v);
                case "--bytes" -> o.bytes = parseBytes(v);
                case "--sources" -> {
                    String[] r = v.split("-");
                    o.firstSource = Integer.parseInt(r[0]);
                    o.lastSource = Integer.parseInt(r[r.length - 1]);
                }
                case "--threads" -> o.threads = Integer.parseInt(v);
                case "--duration" -> o.duration = Double.parseDouble(v);
                case "--after" -> o.after = Double.parseDouble(v);
                case "--final-echoes" -> o.finalEchoes = Integer.parseInt(v);
                case "--reopen" -> {
                    o.reopen = true;
                    i--;
                }
                case "--max-connecting" -> o.maxConnecting = Integer.parseInt(v);
                case "--connect-timeout" -> o.connectTimeout = Double.parseDouble(v);
                case "--probe-interval" -> o.probeIntervalMs = Long.parseLong(v);
                case "--probe-timeout" -> o.probeTimeoutMs = Long.parseLong(v);
                case "--fresh-interval" -> o.freshIntervalMs = Long.parseLong(v);
                case "--probe-source" -> o.probeSource = v;
                case "--json" -> o.json = v;
                default -> {
                    System.err.println("unknown option " + args[i] + " (see the javadoc of " + Flood.class.getName() + ")");
                    System.exit(2);
                }
            }
            i++;
        }
        if (o.firstSource < 1 || o.lastSource > 254 || o.firstSource > o.lastSource || o.bytes < LINE) {
            System.err.println("bad --sources or --bytes");
            System.exit(2);
        }
        if (o.probeSource.equals("127.0.0." + o.firstSource)
                || o.probeSource.startsWith("127.0.0.") && inRange(o.probeSource, o.firstSource, o.lastSource)) {
            System.err.println("--probe-source " + o.probeSource + " is one of the flood's source addresses");
            System.exit(2);
        }
        return o;
    }

    private static boolean inRange(String address, int first, int last) {
        try {
            int x = Integer.parseInt(address.substring("127.0.0.".length()));
            return x >= first && x <= last;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        long t0 = System.nanoTime();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "Flood: %d connections from 127.0.0.%d..127.0.0.%d to %s:%d, %d bytes each in %d-byte lines,"
                        + " %d selector thread(s), %.0f s%s; probe from %s every %d ms (timeout %d ms), fresh connection every %d ms%n",
                o.connections, o.firstSource, o.lastSource, o.host, o.port, o.bytes, LINE, o.threads, o.duration,
                o.reopen ? ", refused/closed connections reopened" : "", o.probeSource, o.probeIntervalMs, o.probeTimeoutMs,
                o.freshIntervalMs);

        // The probes start first and check the server answers before the flood.
        Probe probe = new Probe(o, false, t0);
        Probe fresh = new Probe(o, true, t0);
        Socket check = new Socket();
        check.bind(new InetSocketAddress(o.probeSource, 0));
        check.connect(new InetSocketAddress(o.host, o.port), 5000);
        echo(check, "hello", 5000);
        check.close();
        Thread probeThread = new Thread(probe, "probe");
        Thread freshThread = new Thread(fresh, "fresh-probe");
        probeThread.start();
        freshThread.start();

        Stats stats = new Stats();
        List<FloodLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < o.threads; i++) {
            FloodLoop l = new FloodLoop(o, stats, i, o.threads);
            loops.add(l);
            Thread t = new Thread(l, "flood-" + i);
            threads.add(t);
        }
        long cpu0 = os.getProcessCpuTime();
        long floodStart = System.nanoTime();
        threads.forEach(Thread::start);
        long floodEnd = floodStart + (long) (o.duration * 1e9);
        long lastBytes = 0;
        long tick = floodStart;
        while (System.nanoTime() < floodEnd) {
            tick += 1_000_000_000L;
            long sleep = Math.min(tick, floodEnd) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            long bytes = stats.bytesWritten.sum();
            System.out.printf(Locale.ROOT,
                    "t=%5.1fs flood open %5d connecting %4d done %5d | refused %5d timeouts %4d closed-by-server %5d"
                            + " | written %7.0f MiB (+%5.0f MiB/s) | probe max %6.1f ms fails %d | fresh max %6.1f ms fails %d%n",
                    (System.nanoTime() - floodStart) / 1e9, stats.open.get(), stats.connecting.get(), stats.doneWriting.sum(),
                    stats.refused.sum(), stats.connectTimeouts.sum(), stats.closedByServer.sum(), bytes / 1048576.0,
                    (bytes - lastBytes) / 1048576.0, probe.windowMaxNanos.getAndSet(0) / 1e6, probe.windowFailures.getAndSet(0),
                    fresh.windowMaxNanos.getAndSet(0) / 1e6, fresh.windowFailures.getAndSet(0));
            lastBytes = bytes;
        }
        loops.forEach(l -> l.stop = true);
        for (Thread t : threads) {
            t.join();
        }
        long cpuFlood = os.getProcessCpuTime() - cpu0;
        double floodWall = (System.nanoTime() - floodStart) / 1e9;
        long openAtEnd = stats.open.get();
        probe.phase = 1;
        fresh.phase = 1;
        System.out.printf(Locale.ROOT, "flood over: the client closed its %d flood connections still open; the probes go on %.0f s%n",
                openAtEnd, o.after);
        long afterStart = System.nanoTime();
        long afterEnd = afterStart + (long) (o.after * 1e9);
        tick = afterStart;
        while (System.nanoTime() < afterEnd) {
            tick += 1_000_000_000L;
            long sleep = Math.min(tick, afterEnd) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            System.out.printf(Locale.ROOT, "t=%5.1fs after | probe max %6.1f ms fails %d | fresh max %6.1f ms fails %d%n",
                    (System.nanoTime() - floodStart) / 1e9, probe.windowMaxNanos.getAndSet(0) / 1e6,
                    probe.windowFailures.getAndSet(0), fresh.windowMaxNanos.getAndSet(0) / 1e6, fresh.windowFailures.getAndSet(0));
        }
        probe.phase = 2;
        fresh.phase = 2;
        probeThread.join(o.probeTimeoutMs * 3);
        freshThread.join(o.probeTimeoutMs * 3);

        // Final: a fresh client, one verified echo at a time.
        Histogram fin = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long finOk = 0;
        List<String> finErrors = new ArrayList<>();
        long finStart = System.nanoTime();
        Socket s = null;
        for (int i = 0; i < o.finalEchoes; i++) {
            try {
                if (s == null) {
                    s = new Socket();
                    s.setTcpNoDelay(true);
                    s.bind(new InetSocketAddress(o.probeSource, 0));
                    s.connect(new InetSocketAddress(o.host, o.port), (int) o.probeTimeoutMs);
                }
                long a = System.nanoTime();
                echo(s, "final " + i, o.probeTimeoutMs);
                fin.recordValue(System.nanoTime() - a);
                finOk++;
            } catch (IOException e) {
                if (finErrors.size() < 20) {
                    finErrors.add("echo " + i + ": " + e);
                }
                if (s != null) {
                    s.close();
                }
                s = null;
            }
        }
        if (s != null) {
            s.close();
        }
        double finSeconds = (System.nanoTime() - finStart) / 1e9;

        // Summary.
        long cpuTotal = os.getProcessCpuTime() - cpu0;
        long loopCpu = 0;
        for (FloodLoop l : loops) {
            loopCpu += l.cpuNanos;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n=== Flood summary ===%n"));
        out.append(String.format(Locale.ROOT,
                "flood connections: %d attempts, %d opened (peak %d open at once), %d refused at connect, %d connect timeouts,"
                        + " %d other connect errors, %d local errors%n",
                stats.connectAttempts.sum(), stats.connected.sum(), stats.peakOpen.get(), stats.refused.sum(),
                stats.connectTimeouts.sum(), stats.connectErrors.sum(), stats.localErrors.sum()));
        out.append(String.format(Locale.ROOT,
                "closed by the server: %d (within 2 s of connect: %d, 2-25 s: %d, after 25 s: %d, found closed at the end"
                        + " among those that had written everything: %d); still open at the end of the flood: %d%n",
                stats.closedByServer.sum(), stats.closedUnder2s.sum(), stats.closed2to25s.sum(), stats.closedOver25s.sum(),
                stats.closedFoundAtEnd.sum(), openAtEnd));
        out.append(String.format(Locale.ROOT, "bytes written: %.1f MiB (%d connections wrote all %d bytes), %.1f MiB/s%n",
                stats.bytesWritten.sum() / 1048576.0, stats.doneWriting.sum(), o.bytes,
                stats.bytesWritten.sum() / 1048576.0 / floodWall));
        Map<String, Long> errs = new TreeMap<>();
        stats.errors.forEach((k, v) -> errs.put(k, v.sum()));
        errs.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %6d x %s%n", v, k)));
        out.append(String.format(Locale.ROOT, "flood client CPU: %.1f s over %.1f s of flood (%.0f%% of one core),"
                        + " selector thread(s) %.1f s; whole run %.1f s%n",
                cpuFlood / 1e9, floodWall, 100.0 * cpuFlood / 1e9 / floodWall, loopCpu / 1e9, cpuTotal / 1e9));
        String[] phases = {"during flood", "after flood"};
        for (int p = 0; p < 2; p++) {
            out.append(String.format(Locale.ROOT, "probe %-12s: %5d ok, %3d failed; p50 %7.2f ms p99 %8.2f ms max %8.2f ms%n",
                    phases[p], probe.ok[p], probe.failures[p], ms(probe.latency[p], 50), ms(probe.latency[p], 99),
                    max(probe.latency[p])));
        }
        for (int p = 0; p < 2; p++) {
            out.append(String.format(Locale.ROOT,
                    "fresh %-12s: %5d ok, %3d failed; connect+echo p50 %7.2f ms p99 %8.2f ms max %8.2f ms%n",
                    phases[p], fresh.ok[p], fresh.failures[p], ms(fresh.latency[p], 50), ms(fresh.latency[p], 99),
                    max(fresh.latency[p])));
        }
        out.append(String.format(Locale.ROOT, "probe reconnects: %d (first connect included)%n", probe.reconnects));
        for (String f : probe.failureLog) {
            out.append("  probe failure ").append(f).append('\n');
        }
        for (String f : fresh.failureLog) {
            out.append("  fresh failure ").append(f).append('\n');
        }
        out.append(String.format(Locale.ROOT, "final: %d of %d verified echoes ok in %.2f s; p50 %.3f ms p99 %.3f ms max %.3f ms%n",
                finOk, o.finalEchoes, finSeconds, ms(fin, 50), ms(fin, 99), max(fin)));
        for (String f : finErrors) {
            out.append("  final error ").append(f).append('\n');
        }
        boolean pass = probe.failures[0] + probe.failures[1] == 0 && finOk == o.finalEchoes;
        out.append(pass ? "RESULT: the probe never failed and the final echoes were all served"
                : "RESULT: FAILURES (see above)");
        out.append(String.format(Locale.ROOT, "; new connections (fresh probe) failed %d of %d during the flood, %d of %d after%n",
                fresh.failures[0], fresh.failures[0] + fresh.ok[0], fresh.failures[1], fresh.failures[1] + fresh.ok[1]));
        System.out.print(out);

        if (o.json != null) {
            String json = String.format(Locale.ROOT, "{%n"
                            + "  \"connections\": %d, \"bytes_per_connection\": %d, \"sources\": \"127.0.0.%d-127.0.0.%d\","
                            + " \"threads\": %d, \"duration_s\": %.1f, \"reopen\": %s,%n"
                            + "  \"connect_attempts\": %d, \"opened\": %d, \"peak_open\": %d, \"refused\": %d, \"connect_timeouts\": %d,"
                            + " \"connect_errors\": %d, \"local_errors\": %d,%n"
                            + "  \"closed_by_server\": %d, \"closed_under_2s\": %d, \"closed_2_25s\": %d, \"closed_over_25s\": %d,"
                            + " \"closed_found_at_end\": %d, \"open_at_end\": %d,%n"
                            + "  \"bytes_written\": %d, \"done_writing\": %d, \"flood_cpu_s\": %.2f, \"flood_wall_s\": %.2f,%n"
                            + "  \"probe_during\": %s,%n  \"probe_after\": %s,%n  \"fresh_during\": %s,%n  \"fresh_after\": %s,%n"
                            + "  \"final\": {\"ok\": %d, \"of\": %d, \"p99_ms\": %.3f, \"max_ms\": %.3f},%n  \"pass\": %s%n}%n",
                    o.connections, o.bytes, o.firstSource, o.lastSource, o.threads, o.duration, o.reopen,
                    stats.connectAttempts.sum(), stats.connected.sum(), stats.peakOpen.get(), stats.refused.sum(),
                    stats.connectTimeouts.sum(), stats.connectErrors.sum(), stats.localErrors.sum(),
                    stats.closedByServer.sum(), stats.closedUnder2s.sum(), stats.closed2to25s.sum(), stats.closedOver25s.sum(),
                    stats.closedFoundAtEnd.sum(), openAtEnd, stats.bytesWritten.sum(), stats.doneWriting.sum(),
                    cpuFlood / 1e9, floodWall,
                    probeJson(probe, 0), probeJson(probe, 1), probeJson(fresh, 0), probeJson(fresh, 1),
                    finOk, o.finalEchoes, ms(fin, 99), max(fin), pass);
            Files.writeString(Path.of(o.json), json);
            System.out.println("JSON: " + o.json);
        }
        System.exit(pass ? 0 : 1);
    }

    private static String probeJson(Probe p, int phase) {
        return String.format(Locale.ROOT, "{\"ok\": %d, \"failed\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}",
                p.ok[phase], p.failures[phase], ms(p.latency[phase], 50), ms(p.latency[phase], 99), max(p.latency[phase]));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    private static double max(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6;
    }
}

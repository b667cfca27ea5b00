package dev.patchbay.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;

/**
 * Closed-loop, pipelined load generator for a line echo service.
 *
 * <p>Opens {@code --connections} TCP connections and keeps {@code --inflight} lines in flight on
 * each one: a new line is sent for every reply received. Each line is {@code --size} bytes
 * including the trailing {@code \n}; its content is the connection's sequence number, zero
 * padded, so every reply is checked to be exactly the line sent, in order. Anything else counts
 * as an error. After {@code --warmup} seconds, replies received during the next
 * {@code --duration} seconds are counted and their latency (time the line was queued for
 * sending to the time its reply was read) goes into an HdrHistogram.
 *
 * <p>Built to leave CPU for the server it shares the machine with: one selector thread by
 * default ({@code --threads}), buffers allocated once per connection, nothing allocated per
 * message.
 */
public final class EchoLoad {

    private static final long HISTOGRAM_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private EchoLoad() {
    }

    /** Command line options. */
    public static final class Options {
        String host = "127.0.0.1";
        int port = 7007;
        int connections = 50;
        int inflight = 16;
        int size = 64;
        double warmupSeconds = 5;
        double durationSeconds = 15;
        int threads = 1;
        String json;
        String label = "target";
        long serverPid = -1;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    usage();
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--host" -> o.host = v;
                    case "--port" -> o.port = Integer.parseInt(v);
                    case "--connections" -> o.connections = Integer.parseInt(v);
                    case "--inflight" -> o.inflight = Integer.parseInt(v);
                    case "--size" -> o.size = Integer.parseInt(v);
                    case "--warmup" -> o.warmupSeconds = Double.parseDouble(v);
                    case "--duration" -> o.durationSeconds = Double.parseDouble(v);
                    case "--threads" -> o.threads = Integer.parseInt(v);
                    case "--json" -> o.json = v;
                    case "--label" -> o.label = v;
                    case "--server-pid" -> o.serverPid = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.connections < 1 || o.inflight < 1 || o.threads < 1) {
                throw new IllegalArgumentException("connections, inflight and threads must be >= 1");
            }
            if (o.size < 2) {
                throw new IllegalArgumentException("size must be >= 2 (at least one byte and the \\n)");
            }
            if (o.durationSeconds <= 0 || o.warmupSeconds < 0) {
                throw new IllegalArgumentException("duration must be > 0 and warmup >= 0");
            }
            o.threads = Math.min(o.threads, o.connections);
            return o;
        }

        static void usage() {
            System.out.println("usage: EchoLoad [--host 127.0.0.1] [--port 7007] [--connections 50]"
                    + " [--inflight 16] [--size 64] [--warmup 5] [--duration 15] [--threads 1]"
                    + " [--json FILE] [--label NAME] [--server-pid PID]");
            System.out.println("  --size counts the trailing \\n; --warmup/--duration in seconds;"
                    + " --server-pid also reports that process's CPU share (Linux /proc).");
        }
    }

    /** What one run measured. */
    public static final class Result {
        String label;
        Options options;
        int cores;
        double measuredSeconds;
        long messages;
        long completedTotal;
        long mismatched;
        long unexpected;
        long disconnects;
        long unanswered;
        Histogram latency;
        double generatorCpuShare;
        double serverCpuShare = Double.NaN;
        double machineBusyShare = Double.NaN;
        double machineSoftirqShare = Double.NaN;

        long errors() {
            return mismatched + unexpected + disconnects + unanswered;
        }

        double messagesPerSecond() {
            return messages / measuredSeconds;
        }

        double percentileMicros(double p) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(p) / 1000.0;
        }

        String toJson() {
            StringBuilder b = new StringBuilder(1024);
            b.append("{\n");
            field(b, "target", label);
            field(b, "host", options.host);
            field(b, "port", options.port);
            field(b, "connections", options.connections);
            field(b, "inflight", options.inflight);
            field(b, "size_bytes", options.size);
            field(b, "threads", options.threads);
            field(b, "warmup_s", options.warmupSeconds);
            field(b, "duration_s", options.durationSeconds);
            field(b, "measured_s", measuredSeconds);
            field(b, "cores", cores);
            field(b, "messages", messages);
            field(b, "msgs_per_s", messagesPerSecond());
            field(b, "p50_us", percentileMicros(50));
            field(b, "p90_us", percentileMicros(90));
            field(b, "p99_us", percentileMicros(99));
            field(b, "p999_us", percentileMicros(99.9));
            field(b, "max_us", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0);
            field(b, "mean_us", latency.getTotalCount() == 0 ? Double.NaN : latency.getMean() / 1000.0);
            field(b, "errors", errors());
            field(b, "mismatched", mismatched);
            field(b, "unexpected", unexpected);
            field(b, "disconnects", disconnects);
            field(b, "unanswered", unanswered);
            field(b, "completed_total", completedTotal);
            field(b, "generator_cpu_share", generatorCpuShare);
            field(b, "server_pid", options.serverPid);
            field(b, "server_cpu_share", serverCpuShare);
            field(b, "machine_busy_share", machineBusyShare);
            field(b, "machine_softirq_share", machineSoftirqShare);
            field(b, "other_cpu_share", machineBusyShare - generatorCpuShare
                    - (Double.isNaN(serverCpuShare) ? 0 : serverCpuShare));
            b.setLength(b.length() - 2);
            b.append("\n}\n");
            return b.toString();
        }

        private static void field(StringBuilder b, String k, Object v) {
            b.append("  \"").append(k).append("\": ");
            if (v instanceof String s) {
                b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof Double d) {
                b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
            } else {
                b.append(v);
            }
            b.append(",\n");
        }

        void print() {
            Options o = options;
            System.out.printf(Locale.ROOT, "EchoLoad %s %s:%d: %d connections x %d in flight, %d-byte lines,"
                            + " %d generator thread(s), %.0f s warmup + %.1f s measured%n",
                    label, o.host, o.port, o.connections, o.inflight, o.size, o.threads,
                    o.warmupSeconds, measuredSeconds);
            System.out.printf(Locale.ROOT, "  messages/s  : %.0f (%d replies in the window)%n",
                    messagesPerSecond(), messages);
            System.out.printf(Locale.ROOT, "  latency us  : p50 %.0f  p90 %.0f  p99 %.0f  p999 %.0f  max %.0f%n",
                    percentileMicros(50), percentileMicros(90), percentileMicros(99),
                    percentileMicros(99.9), latency.getTotalCount() == 0 ? Double.NaN
                            : latency.getMaxValue() / 1000.0);
            System.out.printf(Locale.ROOT, "  errors      : %d (mismatched %d, unexpected %d, disconnects %d, unanswered %d)%n",
                    errors(), mismatched, unexpected, disconnects, unanswered);
            System.out.printf(Locale.ROOT, "  CPU (of %d cores): generator %s, server %s, whole machine busy %s"
                            + " (of which softirq %s)%n",
                    cores, pct(generatorCpuShare), pct(serverCpuShare), pct(machineBusyShare),
                    pct(machineSoftirqShare));
        }
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EchoLoad: " + e.getMessage());
            Options.usage();
            System.exit(2);
            return;
        }
        Result r;
        try {
            r = run(o);
        } catch (IOException e) {
            System.err.println("EchoLoad: " + o.host + ":" + o.port + ": " + e);
            System.exit(2);
            return;
        }
        r.print();
        if (o.json != null) {
            Path p = Path.of(o.json);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, r.toJson(), StandardCharsets.UTF_8);
        }
        System.exit(r.errors() == 0 ? 0 : 1);
    }

    /** Connects, runs warmup and measurement, and closes every connection. */
    public static Result run(Options o) throws IOException, InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        long clockTicks = clockTicksPerSecond();
        Worker[] workers = new Worker[o.threads];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(o, Selector.open());
        }
        List<SocketChannel> channels = new ArrayList<>(o.connections);
        try {
            InetSocketAddress address = new InetSocketAddress(o.host, o.port);
            for (int i = 0; i < o.connections; i++) {
                SocketChannel ch = SocketChannel.open();
                channels.add(ch);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(address);
                ch.configureBlocking(false);
                Worker w = workers[i % workers.length];
                Conn c = new Conn(w, ch, o.inflight, o.size);
                c.key = ch.register(w.selector, SelectionKey.OP_READ, c);
                w.conns.add(c);
            }

            long start = System.nanoTime();
            long measureStart = start + (long) (o.warmupSeconds * 1e9);
            long end = measureStart + (long) (o.durationSeconds * 1e9);
            Thread[] threads = new Thread[workers.length];
            for (int i = 0; i < workers.length; i++) {
                workers[i].measureStart = measureStart;
                workers[i].end = end;
                threads[i] = new Thread(workers[i], "echo-load-" + i);
                threads[i].start();
            }

            sleepUntil(measureStart);
            long wall0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long server0 = processTicks(o.serverPid);
            long[] machine0 = machineTicks();
            sleepUntil(end);
            long wall1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            long server1 = processTicks(o.serverPid);
            long[] machine1 = machineTicks();

            for (Thread t : threads) {
                t.join();
            }
            Result r = new Result();
            r.label = o.label;
            r.options = o;
            r.cores = cores;
            r.measuredSeconds = (end - measureStart) / 1e9;
            r.latency = new Histogram(HISTOGRAM_MAX_NANOS, 3);
            for (Worker w : workers) {
                if (w.failure != null) {
                    throw new IOException("generator thread failed", w.failure);
                }
                r.messages += w.measured;
                r.completedTotal += w.completed;
                r.mismatched += w.mismatched;
                r.unexpected += w.unexpected;
                r.disconnects += w.disconnects;
                r.unanswered += w.unanswered;
                r.latency.add(w.histogram);
            }
            double wallNanos = wall1 - wall0;
            r.generatorCpuShare = cpu0 < 0 ? Double.NaN : (cpu1 - cpu0) / (wallNanos * cores);
            if (server0 >= 0 && server1 >= 0) {
                r.serverCpuShare = (server1 - server0) * (1e9 / clockTicks) / (wallNanos * cores);
            }
            if (machine0 != null && machine1 != null) {
                double total = machine1[0] - machine0[0];
                r.machineBusyShare = total <= 0 ? Double.NaN : (machine1[1] - machine0[1]) / total;
                r.machineSoftirqShare = total <= 0 ? Double.NaN : (machine1[2] - machine0[2]) / total;
            }
            return r;
        } finally {
            for (SocketChannel ch : channels) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            for (Worker w : workers) {
                w.selector.close();
            }
        }
    }

    private static final long UNANSWERED_AFTER_NANOS = 1_000_000_000L;

    /** One selector thread and the connections it drives. */
    static final class Worker implements Runnable {
        final Selector selector;
        final List<Conn> conns = new ArrayList<>();
        final Histogram histogram = new Histogram(HISTOGRAM_MAX_NANOS, 3);
        final Consumer<SelectionKey> onKey = this::handle;
        long measureStart;
        long end;
        long measured;
        long completed;
        long mismatched;
        long unexpected;
        long disconnects;
        long unanswered;
        Throwable failure;

        Worker(Options o, Selector selector) {
            this.selector = selector;
        }

        @Override
        public void run() {
            try {
                long now = System.nanoTime();
                for (Conn c : conns) {
                    c.topUp(now);
                    c.flush();
                }
                while (true) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    selector.select(onKey, Math.max(1, Math.min(100, left / 1_000_000)));
                }
                countUnanswered(System.nanoTime());
            } catch (Throwable t) {
                failure = t;
            }
        }

        private void handle(SelectionKey key) {
            Conn c = (Conn) key.attachment();
            try {
                if (key.isReadable()) {
                    int n = c.ch.read(c.in);
                    if (n < 0) {
                        disconnect(c);
                        return;
                    }
                    if (n > 0) {
                        c.consume(System.nanoTime());
                        c.topUp(System.nanoTime());
                    }
                }
                c.flush();
            } catch (IOException e) {
                disconnect(c);
            }
        }

        /** Lines still waiting for their echo a second after they were sent are lost. */
        private void countUnanswered(long now) {
            for (Conn c : conns) {
                if (c.key.isValid() && c.sent > c.received
                        && now - c.sendTimes[c.receiveSlot] > UNANSWERED_AFTER_NANOS) {
                    unanswered += c.sent - c.received;
                }
            }
        }

        private void disconnect(Conn c) {
            disconnects++;
            c.key.cancel();
            try {
                c.ch.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    /** One connection: preallocated buffers, a ring of send times, the expected next reply. */
    static final class Conn {
        final Worker worker;
        final SocketChannel ch;
        final int inflight;
        final int size;
        final ByteBuffer out;
        final ByteBuffer in;
        final long[] sendTimes;
        final byte[] expected;
        SelectionKey key;
        boolean writeInterest;
        long sent;
        long received;
        int sendSlot;
        int receiveSlot;
        int linePos;
        boolean lineBad;

        Conn(Worker worker, SocketChannel ch, int inflight, int size) {
            this.worker = worker;
            this.ch = ch;
            this.inflight = inflight;
            this.size = size;
            // Never holds more than the lines in flight that are not written yet.
            this.out = ByteBuffer.allocate(inflight * size);
            this.in = ByteBuffer.allocate(Math.max(16 * 1024, Math.min(256 * 1024, 2 * inflight * size)));
            this.sendTimes = new long[inflight];
            this.expected = new byte[size - 1];
            digits(expected, 0, size - 1, 0);
        }

        /** Queues new lines until {@code inflight} are outstanding. */
        void topUp(long now) {
            byte[] a = out.array();
            int pos = out.position();
            while (sent - received < inflight) {
                digits(a, pos, size - 1, sent);
                a[pos + size - 1] = '\n';
                pos += size;
                sendTimes[sendSlot] = now;
                sendSlot = sendSlot + 1 == inflight ? 0 : sendSlot + 1;
                sent++;
            }
            out.position(pos);
        }

        void flush() throws IOException {
            if (out.position() > 0) {
                out.flip();
                ch.write(out);
                out.compact();
            }
            boolean pending = out.position() > 0;
            if (pending != writeInterest) {
                writeInterest = pending;
                key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        }

        /** Checks every reply line received against the line sent, in order. */
        void consume(long now) {
            Worker w = worker;
            byte[] a = in.array();
            int limit = in.position();
            for (int i = 0; i < limit; i++) {
                byte b = a[i];
                if (b == '\n') {
                    if (received == sent) {
                        w.unexpected++;
                    } else {
                        if (!lineBad && linePos == size - 1) {
                            w.completed++;
                            if (now >= w.measureStart && now < w.end) {
                                w.measured++;
                                long latency = now - sendTimes[receiveSlot];
                                w.histogram.recordValue(Math.min(latency, HISTOGRAM_MAX_NANOS));
                            }
                        } else {
                            w.mismatched++;
                        }
                        receiveSlot = receiveSlot + 1 == inflight ? 0 : receiveSlot + 1;
                        received++;
                        digits(expected, 0, size - 1, received);
                    }
                    linePos = 0;
                    lineBad = false;
                } else {
                    if (linePos >= size - 1 || b != expected[linePos]) {
                        lineBad = true;
                    }
                    if (linePos < size) {
                        linePos++;
                    }
                }
            }
            in.clear();
        }

        /** Writes {@code value} as {@code len} zero-padded decimal digits (high digits dropped). */
        static void digits(byte[] a, int off, int len, long value) {
            int j = off + len - 1;
            long v = value;
            while (j >= off && v != 0) {
                a[j--] = (byte) ('0' + (v % 10));
                v /= 10;
            }
            while (j >= off) {
                a[j--] = '0';
            }
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** utime + stime of a process in clock ticks, or -1 (no such pid, or not Linux). */
    static long processTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {total, busy, softirq} jiffies of the whole machine from /proc/stat, or null. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is inside user)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
            return new long[] {total, total - idle, softirq};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Long.parseLong(s);
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 100;
        }
    }
}

package dev.patchbay.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.HdrHistogram.Histogram;

import dev.patchbay.testkit.TrustAnyCertificate;

/**
 * TLS against plaintext on the same server in the same run: echo throughput and latency over
 * long-lived connections, then new connections per second (for TLS: full handshakes, no session
 * resumption), each measured on the plaintext endpoint and the TLS endpoint one after the
 * other.
 *
 * <p>Blocking sockets, one thread per connection: the same client code drives both endpoints,
 * so the ratio is what TLS costs; absolute figures are bounded by this client on a small
 * machine, whose CPU share is printed.
 *
 * <pre>
 * java -cp ... dev.patchbay.benchmarks.TlsLoad [--plain-port 7007] [--tls-port 7443]
 *   [--connections 50] [--inflight 16] [--size 64] [--warmup 3] [--duration 10]
 *   [--handshake-threads 4] [--protocol TLSv1.3] [--json FILE]
 * </pre>
 */
public final class TlsLoad {

    private TlsLoad() {
    }

    record Result(String target, double messagesPerSecond, double p50Micros, double p99Micros,
            double connectsPerSecond, long errors, double clientCpu) {
    }

    public static void main(String[] args) throws Exception {
        int plainPort = 7007;
        int tlsPort = 7443;
        int connections = 50;
        int inflight = 16;
        int size = 64;
        double warmup = 3;
        double duration = 10;
        int handshakeThreads = 4;
        String protocol = "TLSv1.3";
        String json = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--plain-port" -> plainPort = Integer.parseInt(v);
                case "--tls-port" -> tlsPort = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--inflight" -> inflight = Integer.parseInt(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--handshake-threads" -> handshakeThreads = Integer.parseInt(v);
                case "--protocol" -> protocol = v;
                case "--json" -> json = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        // The benchmark measures cost, not trust: the distribution's default certificate is self-signed.
        SSLContext client = TrustAnyCertificate.clientContext();
        List<Result> results = new ArrayList<>();
        for (boolean tls : new boolean[] {false, true}) {
            Connector connector = new Connector(tls ? tlsPort : plainPort, tls ? client : null, protocol);
            String target = tls ? protocol + " :" + tlsPort : "plaintext :" + plainPort;
            System.err.printf(Locale.ROOT, "%s: echo, %d connections x %d in flight, %d-byte lines...%n",
                    target, connections, inflight, size);
            Result echo = echo(target, connector, connections, inflight, size, warmup, duration);
            System.err.printf(Locale.ROOT, "%s: new connections, %d threads...%n", target, handshakeThreads);
            double connects = connects(connector, handshakeThreads, warmup, duration);
            results.add(new Result(target, echo.messagesPerSecond(), echo.p50Micros(), echo.p99Micros(),
                    connects, echo.errors(), echo.clientCpu()));
        }
        print(results);
        if (json != null) {
            writeJson(Path.of(json), results, connections, inflight, size, duration, protocol);
        }
    }

    /** Opens plaintext or TLS sockets to one port. */
    private record Connector(int port, SSLContext tls, String protocol) {
        Socket open() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            if (tls == null) {
                return s;
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "localhost", port, true);
            ssl.setEnabledProtocols(new String[] {protocol});
            ssl.startHandshake();
            return ssl;
        }
    }

    private static Result echo(String target, Connector connector, int connections, int inflight, int size,
            double warmup, double duration) throws Exception {
        byte[] line = new byte[size];
        for (int i = 0; i < size - 1; i++) {
            line[i] = (byte) ('a' + i % 26);
        }
        line[size - 1] = '\n';
        byte[] burst = new byte[size * inflight];
        for (int i = 0; i < inflight; i++) {
            System.arraycopy(line, 0, burst, i * size, size);
        }
        long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
        long end = warmupEnd + (long) (duration * 1e9);
        AtomicLong messages = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        long cpuBefore = processCpuNanos();
        for (int c = 0; c < connections; c++) {
            Histogram h = new Histogram(60_000_000_000L, 3);
            histograms.add(h);
            Thread t = new Thread(() -> {
                try (Socket s = connector.open()) {
                    OutputStream out = s.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII), 64 * 1024);
                    long counted = 0;
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        out.write(burst);
                        out.flush();
                        for (int i = 0; i < inflight; i++) {
                            String reply = in.readLine();
                            if (reply == null || reply.length() != size - 1) {
                                errors.incrementAndGet();
                                return;
                            }
                        }
                        long now = System.nanoTime();
                        if (start >= warmupEnd) {
                            h.recordValueWithCount((now - start) / 1000, inflight);
                            counted += inflight;
                        }
                    }
                    messages.addAndGet(counted);
                } catch (IOException e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "echo-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double cpu = (processCpuNanos() - cpuBefore) / ((warmup + duration) * 1e9) / Runtime.getRuntime().availableProcessors();
        Histogram all = new Histogram(60_000_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(target, messages.get() / duration, all.getValueAtPercentile(50), all.getValueAtPercentile(99),
                0, errors.get(), cpu);
    }

    /** Connect, (handshake,) echo one line, close: as many times as the threads can. */
    private static double connects(Connector connector, int threads, double warmup, double duration) throws Exception {
        long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
        long end = warmupEnd + (long) (duration * 1e9);
        AtomicLong count = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        try (Socket s = connector.open()) {
                            s.getOutputStream().write(hello);
                            s.getOutputStream().flush();
                            byte[] reply = new byte[hello.length];
                            int read = 0;
                            while (read < reply.length) {
                                int n = s.getInputStream().read(reply, read, reply.length - read);
                                if (n < 0) {
                                    throw new IOException("closed before the echo");
                                }
                                read += n;
                            }
                        }
                        if (System.nanoTime() >= warmupEnd) {
                            count.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    System.err.println("connect loop failed: " + e);
                } finally {
                    done.countDown();
                }
            }, "connect-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        return count.get() / duration;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void print(List<Result> results) {
        Result plain = results.get(0);
        System.out.printf(Locale.ROOT, "%-22s %14s %9s %9s %9s %14s %9s %7s %10s%n",
                "target", "echo msg/s", "ratio", "p50 us", "p99 us", "connects/s", "ratio", "errors", "client cpu");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-22s %14.0f %8.2fx %9.0f %9.0f %14.0f %8.2fx %7d %9.0f%%%n",
                    r.target(), r.messagesPerSecond(), r.messagesPerSecond() / plain.messagesPerSecond(),
                    r.p50Micros(), r.p99Micros(), r.connectsPerSecond(), r.connectsPerSecond() / plain.connectsPerSecond(),
                    r.errors(), r.clientCpu() * 100);
        }
    }

    private static void writeJson(Path file, List<Result> results, int connections, int inflight, int size,
            double duration, String protocol) throws IOException {
        StringBuilder b = new StringBuilder("{\"scenario\":{\"connections\":").append(connections)
                .append(",\"inflight\":").append(inflight).append(",\"size\":").append(size)
                .append(",\"duration\":").append(duration).append(",\"protocol\":\"").append(protocol).append("\"},\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"target\":\"%s\",\"messagesPerSecond\":%.0f,\"p50Micros\":%.0f,\"p99Micros\":%.0f,"
                            + "\"connectsPerSecond\":%.1f,\"errors\":%d,\"clientCpu\":%.3f}",
                    r.target(), r.messagesPerSecond(), r.p50Micros(), r.p99Micros(), r.connectsPerSecond(), r.errors(), r.clientCpu()));
        }
        b.append("]}\n");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, b);
        System.err.println("wrote " + file);
    }
}

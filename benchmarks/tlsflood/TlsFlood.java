// Tools of benchmarks/tls-flood.sh, one file run by the JDK's source launcher (java TlsFlood.java ...):
//   probe  PORT SECONDS INTERVAL_MS        a plaintext echo client on one connection: one line, wait
//                                          for its echo, sleep, again; prints p50/p99/max of the round trips
//   flood  PORT SECONDS THREADS SOURCES    full TLS 1.3 handshakes as fast as THREADS threads go, each
//                                          from the next source address of SOURCES (127.0.0.1, or
//                                          127.0.0.2-201); counts handshakes served (echoed a line) and
//                                          connections refused (closed before the handshake ended)
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public class TlsFlood {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "probe" -> probe(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "flood" -> flood(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), sources(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void probe(int port, int seconds, int intervalMs) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            byte[] line = "probe-0123456789\n".getBytes(StandardCharsets.UTF_8);
            // One second of echoes first, not counted: the probe's own JVM compiles its loop then.
            long warm = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warm) {
                out.write(line);
                out.flush();
                if (in.readLine() == null) {
                    throw new IOException("echo closed");
                }
                Thread.sleep(intervalMs);
            }
            long[] rtt = new long[seconds * (1000 / Math.max(1, intervalMs)) + 10];
            int n = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end && n < rtt.length) {
                long t0 = System.nanoTime();
                out.write(line);
                out.flush();
                if (in.readLine() == null) {
                    throw new IOException("echo closed");
                }
                rtt[n++] = System.nanoTime() - t0;
                Thread.sleep(intervalMs);
            }
            long[] r = Arrays.copyOf(rtt, n);
            Arrays.sort(r);
            System.out.printf("probe: %d echoes, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", n, ms(r[n / 2]),
                    ms(r[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)]), ms(r[n - 1]));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static List<InetAddress> sources(String spec) throws Exception {
        List<InetAddress> list = new ArrayList<>();
        int dash = spec.lastIndexOf('-');
        if (dash < 0) {
            list.add(InetAddress.getByName(spec));
            return list;
        }
        String first = spec.substring(0, dash);
        String prefix = first.substring(0, first.lastIndexOf('.') + 1);
        int from = Integer.parseInt(first.substring(first.lastIndexOf('.') + 1));
        int to = Integer.parseInt(spec.substring(dash + 1));
        for (int i = from; i <= to; i++) {
            list.add(InetAddress.getByName(prefix + i));
        }
        return list;
    }

    static void flood(int port, int seconds, int threads, List<InetAddress> sources) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        LongAdder served = new LongAdder();
        LongAdder refused = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                byte[] line = "hs\n".getBytes(StandardCharsets.UTF_8);
                while (System.nanoTime() < end) {
                    InetAddress from = sources.get(Math.floorMod(next.getAndIncrement(), sources.size()));
                    try (Socket raw = new Socket()) {
                        raw.bind(new InetSocketAddress(from, 0));
                        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                        raw.setSoTimeout(10_000);
                        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
                        s.setEnabledProtocols(new String[] {"TLSv1.3"});
                        s.startHandshake();
                        OutputStream out = s.getOutputStream();
                        out.write(line);
                        out.flush();
                        if (s.getInputStream().read() < 0) {
                            refused.increment();
                        } else {
                            served.increment();
                        }
                        // No resumption: the next connection must cost a full handshake.
                        s.getSession().invalidate();
                        s.close();
                    } catch (IOException e) {
                        refused.increment();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        long start = System.nanoTime();
        long lastServed = 0;
        long lastRefused = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            long s = served.sum();
            long r = refused.sum();
            System.out.printf("flood: %5.1f s  served %5d/s  refused %5d/s%n", (System.nanoTime() - start) / 1e9, s - lastServed, r - lastRefused);
            lastServed = s;
            lastRefused = r;
        }
        for (Thread w : workers) {
            w.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("flood total: %d handshakes served (%.0f/s), %d connections refused (%.0f/s) in %.1f s from %d address(es), %d threads%n",
                served.sum(), served.sum() / secs, refused.sum(), refused.sum() / secs, secs, sources.size(), threads);
    }
}

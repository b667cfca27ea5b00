package dev.patchbay.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connection scale: holds N idle connections open to a line echo endpoint and reports the
 * server's heap and RSS with them open.
 *
 * <p>For each count in {@code --counts} (for example {@code 0,10000,50000,100000}) it opens
 * that many connections, spreading them over source addresses 127.0.0.2, 127.0.0.3, ... (one
 * address has only about 28,000 ephemeral ports), checks that they are alive by echoing one
 * line on every {@code --check-every}-th connection, then asks the server JVM for a full GC
 * ({@code jcmd PID GC.run}) and reads the heap in use ({@code jcmd PID GC.heap_info}) and its
 * RSS ({@code /proc/PID/status}). Connections are closed before the next count. The count 0
 * row is the baseline the per-connection figures are computed against.
 *
 * <pre>
 * java -cp ... dev.patchbay.benchmarks.IdleScale --port 17020 --server-pid PID --counts 0,50000,100000
 *   [--per-address 20000] [--check-every 100] [--settle 3] [--json FILE]
 * </pre>
 * Needs a file-descriptor limit above the largest count in both this JVM and the server.
 */
public final class IdleScale {

    private IdleScale() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 17020;
        long pid = -1;
        List<Integer> counts = new ArrayList<>(List.of(0, 10_000, 50_000));
        int perAddress = 20_000;
        int checkEvery = 100;
        double settle = 3;
        String json = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--server-pid" -> pid = Long.parseLong(v);
                case "--counts" -> {
                    counts.clear();
                    for (String c : v.split(",")) {
                        counts.add(Integer.parseInt(c.trim()));
                    }
                }
                case "--per-address" -> perAddress = Integer.parseInt(v);
                case "--check-every" -> checkEvery = Integer.parseInt(v);
                case "--settle" -> settle = Double.parseDouble(v);
                case "--json" -> json = v;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (pid < 0) {
            System.err.println("--server-pid is required");
            System.exit(2);
        }
        List<String> rows = new ArrayList<>();
        List<String> jsonRows = new ArrayList<>();
        double baseHeap = Double.NaN;
        double baseRss = Double.NaN;
        for (int n : counts) {
            long t0 = System.nanoTime();
            List<Socket> sockets = new ArrayList<>(n);
            long connectFailures = 0;
            String firstFailure = null;
            for (int i = 0; i < n; i++) {
                String source = "127.0.0." + (2 + i / perAddress);
                Socket s = new Socket();
                try {
                    s.setSoTimeout(10_000);
                    s.setTcpNoDelay(true);
                    s.bind(new InetSocketAddress(source, 0));
                    s.connect(new InetSocketAddress(host, port), 10_000);
                    sockets.add(s);
                } catch (IOException e) {
                    connectFailures++;
                    if (firstFailure == null) {
                        firstFailure = "connection " + i + " from " + source + ": " + e;
                    }
                    s.close();
                }
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep((long) (settle * 1000));
            // Alive check: every check-every-th connection must echo one line.
            long checked = 0;
            long dead = 0;
            byte[] line = "ping\n".getBytes(StandardCharsets.US_ASCII);
            byte[] reply = new byte[line.length];
            for (int i = 0; i < sockets.size(); i += Math.max(1, checkEvery)) {
                checked++;
                Socket s = sockets.get(i);
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(line);
                    out.flush();
                    InputStream in = s.getInputStream();
                    int got = 0;
                    while (got < reply.length) {
                        int r = in.read(reply, got, reply.length - got);
                        if (r < 0) {
                            throw new IOException("closed by the server");
                        }
                        got += r;
                    }
                    if (!new String(reply, StandardCharsets.US_ASCII).equals("ping\n")) {
                        dead++;
                    }
                } catch (IOException e) {
                    dead++;
                    if (firstFailure == null) {
                        firstFailure = "alive check on connection " + i + ": " + e;
                    }
                }
            }
            jcmd(pid, "GC.run");
            Thread.sleep(500);
            double heapMiB = heapUsedKiB(jcmd(pid, "GC.heap_info")) / 1024.0;
            double rssMiB = rssKiB(pid) / 1024.0;
            if (n == 0) {
                baseHeap = heapMiB;
                baseRss = rssMiB;
            }
            double heapPer = n == 0 ? Double.NaN : (heapMiB - baseHeap) * 1024 * 1024 / n;
            double rssPer = n == 0 ? Double.NaN : (rssMiB - baseRss) * 1024 * 1024 / n;
            String row = String.format(Locale.ROOT, "%8d %8d %7.1f %10.1f %9s %10.1f %9s %8d/%d", n,
                    sockets.size(), connectSeconds, heapMiB, n == 0 ? "-" : String.format(Locale.ROOT, "%.0f", heapPer),
                    rssMiB, n == 0 ? "-" : String.format(Locale.ROOT, "%.0f", rssPer), dead + connectFailures, checked);
            System.out.println(row);
            rows.add(row);
            jsonRows.add(String.format(Locale.ROOT,
                    "    {\"connections\": %d, \"open\": %d, \"connect_s\": %.2f, \"heap_used_mib\": %.1f,"
                            + " \"heap_bytes_per_conn\": %s, \"rss_mib\": %.1f, \"rss_bytes_per_conn\": %s,"
                            + " \"connect_failures\": %d, \"checked\": %d, \"dead\": %d}",
                    n, sockets.size(), connectSeconds, heapMiB, n == 0 ? "null" : String.format(Locale.ROOT, "%.0f", heapPer),
                    rssMiB, n == 0 ? "null" : String.format(Locale.ROOT, "%.0f", rssPer), connectFailures, checked, dead));
            if (firstFailure != null) {
                System.out.println("  first failure: " + firstFailure + " (" + connectFailures + " connect failures)");
            }
            for (Socket s : sockets) {
                s.close();
            }
            Thread.sleep(2000); // let the server reap the closed sessions before the next count
        }
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%8s %8s %7s %10s %9s %10s %9s %10s", "target", "open",
                "conn s", "heap MiB", "heap B/c", "RSS MiB", "RSS B/c", "bad/check"));
        rows.forEach(System.out::println);
        System.out.println("(heap: in use after a full GC (jcmd GC.run); B/c: growth over the 0 row, per connection;"
                + " bad/check: connections that failed to connect or to echo / connections checked)");
        if (json != null) {
            Files.writeString(Path.of(json), "{\n  \"idle_scale\": [\n" + String.join(",\n", jsonRows) + "\n  ]\n}\n");
            System.out.println("JSON: " + json);
        }
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), "" + pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static double heapUsedKiB(String heapInfo) {
        Matcher m = Pattern.compile("used (\\d+)K").matcher(heapInfo);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static double rssKiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Double.parseDouble(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone
        }
        return Double.NaN;
    }
}

package dev.patchbay.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@link EchoLoad} scenario against the raw MINA echo server and then against
 * Patchbay's echo endpoint, one after the other, and prints a comparison table.
 *
 * <p>Each server and each load generator runs in its own JVM: the raw MINA server as a child
 * process on a free port, Patchbay from its distribution ({@code bin/start} if it is not
 * running, {@code bin/stop} afterwards if this run started it), and a fresh generator JVM per
 * target. Options: the {@link EchoLoad} scenario options ({@code --connections --inflight
 * --size --warmup --duration --threads}) plus {@code --karaf-home DIR}, {@code --targets
 * raw,patchbay}, {@code --patchbay-host}, {@code --patchbay-port}, {@code --no-karaf} (use
 * whatever listens on the Patchbay port, start and stop nothing), {@code --json FILE}.
 */
public final class CompareEcho {

    private static final String RAW = "raw-mina";
    private static final String PATCHBAY = "patchbay";

    private final List<String> scenario = new ArrayList<>();
    private int connections = 50;
    private int inflight = 16;
    private int size = 64;
    private double warmup = 5;
    private double duration = 15;
    private int threads = 1;
    private Path karafHome;
    private String patchbayHost = "127.0.0.1";
    private int patchbayPort = 7007;
    private boolean manageKaraf = true;
    private List<String> targets = List.of(RAW, PATCHBAY);
    private Path json;
    private long startTimeoutSeconds = 180;

    private volatile Process rawServer;
    private volatile boolean karafStartedByUs;

    private CompareEcho() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        CompareEcho c = new CompareEcho();
        try {
            c.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CompareEcho: " + e.getMessage());
            usage();
            System.exit(2);
        }
        Thread cleanup = new Thread(c::cleanup, "compare-echo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status;
        try {
            status = c.run();
        } finally {
            c.cleanup();
        }
        System.exit(status);
    }

    static void usage() {
        System.out.println("usage: CompareEcho [--connections 50] [--inflight 16] [--size 64] [--warmup 5]"
                + " [--duration 15] [--threads 1] [--karaf-home DIR] [--targets raw,patchbay]"
                + " [--patchbay-host 127.0.0.1] [--patchbay-port 7007] [--no-karaf] [--json FILE]"
                + " [--start-timeout 180]");
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                System.exit(0);
            }
            if (a.equals("--no-karaf")) {
                manageKaraf = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--connections" -> connections = Integer.parseInt(v);
                case "--inflight" -> inflight = Integer.parseInt(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--karaf-home" -> karafHome = Path.of(v).toAbsolutePath().normalize();
                case "--patchbay-host" -> patchbayHost = v;
                case "--patchbay-port" -> patchbayPort = Integer.parseInt(v);
                case "--targets" -> targets = List.of(v.split(","));
                case "--json" -> json = Path.of(v);
                case "--start-timeout" -> startTimeoutSeconds = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        for (String t : targets) {
            if (!t.equals("raw") && !t.equals(RAW) && !t.equals(PATCHBAY)) {
                throw new IllegalArgumentException("unknown target " + t + " (raw, patchbay)");
            }
        }
        scenario.addAll(List.of("--connections", "" + connections, "--inflight", "" + inflight,
                "--size", "" + size, "--warmup", "" + warmup, "--duration", "" + duration,
                "--threads", "" + threads));
    }

    private int run() throws Exception {
        Path resultsDir = targetDir().resolve("results");
        Files.createDirectories(resultsDir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = String.format(Locale.ROOT, "compare-echo-%s-c%d-k%d-s%d", stamp, connections, inflight, size);
        if (json == null) {
            json = resultsDir.resolve(name + ".json");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String header = String.format(Locale.ROOT,
                "Scenario: %d connections x %d in flight, %d-byte lines, %.0f s warmup, %.0f s measured,"
                        + " %d generator thread(s); %d cores, Java %s",
                connections, inflight, size, warmup, duration, threads, cores, System.getProperty("java.version"));
        System.out.println(header);

        List<String> labels = new ArrayList<>();
        List<String> results = new ArrayList<>();
        double rawRate = Double.NaN;
        for (String t : targets) {
            boolean raw = t.equals("raw") || t.equals(RAW);
            String label = raw ? RAW : PATCHBAY;
            Path out = resultsDir.resolve(name + "-" + label + ".json");
            System.out.println();
            System.out.println("=== " + label + " ===");
            String result = raw ? runRaw(out) : runPatchbay(out);
            labels.add(label);
            results.add(result);
            if (raw && result != null) {
                rawRate = number(result, "msgs_per_s");
            }
        }

        List<String> rows = new ArrayList<>();
        List<String> jsonResults = new ArrayList<>();
        boolean anyErrors = false;
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String result = results.get(i);
            if (result == null) {
                rows.add(String.format(Locale.ROOT, "%-10s  %s", label, "FAILED (see above)"));
                anyErrors = true;
                continue;
            }
            double rate = number(result, "msgs_per_s");
            double ratio = rate / rawRate;
            long errors = (long) number(result, "errors");
            anyErrors |= errors != 0;
            rows.add(String.format(Locale.ROOT, "%-10s %10.0f %8.0f %8.0f %8.0f %7s %8s %8s %8s %7d",
                    label, rate, number(result, "p50_us"), number(result, "p99_us"), number(result, "p999_us"),
                    Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio),
                    EchoLoad.pct(number(result, "generator_cpu_share")),
                    EchoLoad.pct(number(result, "server_cpu_share")),
                    EchoLoad.pct(number(result, "machine_busy_share") - number(result, "generator_cpu_share")
                            - number(result, "server_cpu_share")), errors));
            jsonResults.add("    {\"target\": \"" + label + "\", \"ratio_to_raw\": "
                    + (Double.isNaN(ratio) ? "null" : String.format(Locale.ROOT, "%.4f", ratio))
                    + ", \"load\": " + result.trim().replace("\n", "\n    ") + "}");
        }

        System.out.println();
        System.out.println(header);
        System.out.println(String.format(Locale.ROOT, "%-10s %10s %8s %8s %8s %7s %8s %8s %8s %7s",
                "target", "msgs/s", "p50 us", "p99 us", "p999 us", "vs raw", "gen CPU", "srv CPU", "other", "errors"));
        rows.forEach(System.out::println);
        System.out.println("(CPU: share of all " + cores + " cores during the measured window, for the generator,"
                + " the server, and everything else on the machine; the generator and the server share it.)");

        String doc = "{\n  \"scenario\": {\"connections\": " + connections + ", \"inflight\": " + inflight
                + ", \"size_bytes\": " + size + ", \"warmup_s\": " + warmup + ", \"duration_s\": " + duration
                + ", \"generator_threads\": " + threads + "},\n  \"machine\": {\"cores\": " + cores
                + ", \"java\": \"" + System.getProperty("java.version") + "\", \"os\": \""
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\"},\n"
                + "  \"results\": [\n" + String.join(",\n", jsonResults) + "\n  ]\n}\n";
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, doc, StandardCharsets.UTF_8);
        System.out.println("JSON: " + json);
        return anyErrors ? 1 : 0;
    }

    // --- raw MINA ----------------------------------------------------------------------

    private String runRaw(Path out) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                RawMinaEchoServer.class.getName(), "--port", "" + port, "--exit-on-stdin-eof");
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        rawServer = pb.start();
        try {
            if (!waitForPort("127.0.0.1", port, 30, rawServer)) {
                System.err.println("raw MINA echo server did not open port " + port);
                return null;
            }
            return runLoad(RAW, "127.0.0.1", port, rawServer.pid(), out);
        } finally {
            stopRaw();
        }
    }

    private void stopRaw() {
        Process p = rawServer;
        if (p == null) {
            return;
        }
        try {
            OutputStream stdin = p.getOutputStream();
            stdin.close(); // the server exits on stdin EOF
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
        }
        rawServer = null;
    }

    // --- Patchbay ----------------------------------------------------------------------

    private String runPatchbay(Path out) throws Exception {
        long pid = -1;
        if (manageKaraf) {
            Path home = karafHome();
            Optional<ProcessHandle> running = karafProcess(home);
            if (running.isPresent()) {
                System.out.println("Patchbay is already running from " + home + " (pid " + running.get().pid()
                        + "); using it and leaving it running.");
            } else {
                if (canConnect(patchbayHost, patchbayPort)) {
                    System.err.println(patchbayHost + ":" + patchbayPort + " is open but the Karaf in " + home
                            + " is not running: refusing to benchmark an unknown server (use --no-karaf to do"
                            + " it anyway).");
                    return null;
                }
                System.out.println("Starting Patchbay: " + home.resolve("bin/start"));
                Process start = new ProcessBuilder(home.resolve("bin/start").toString()).directory(home.toFile())
                        .inheritIO().start();
                karafStartedByUs = true;
                if (start.waitFor() != 0) {
                    System.err.println("bin/start failed");
                    return null;
                }
            }
            long t0 = System.nanoTime();
            if (!waitForPort(patchbayHost, patchbayPort, startTimeoutSeconds, null)) {
                System.err.println("Patchbay did not open " + patchbayHost + ":" + patchbayPort + " within "
                        + startTimeoutSeconds + " s");
                return null;
            }
            if (karafStartedByUs) {
                System.out.printf(Locale.ROOT, "Patchbay echo endpoint up after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            pid = karafProcess(home).map(ProcessHandle::pid).orElse(-1L);
        } else if (!canConnect(patchbayHost, patchbayPort)) {
            System.err.println("nothing listens on " + patchbayHost + ":" + patchbayPort);
            return null;
        }
        try {
            return runLoad(PATCHBAY, patchbayHost, patchbayPort, pid, out);
        } finally {
            stopKarafIfStarted();
        }
    }

    private synchronized void stopKarafIfStarted() {
        if (!karafStartedByUs) {
            return;
        }
        karafStartedByUs = false;
        Path home = karafHome();
        Optional<ProcessHandle> karaf = karafProcess(home);
        System.out.println("Stopping Patchbay (started by this run): " + home.resolve("bin/stop"));
        try {
            new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile()).inheritIO()
                    .start().waitFor(60, TimeUnit.SECONDS);
            if (karaf.isPresent()) {
                karaf.get().onExit().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("Could not confirm that Karaf stopped: " + e);
        }
    }

    private Path karafHome() {
        if (karafHome != null) {
            return karafHome;
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path target = targetDir();
            // benchmarks/target -> the project root
            candidates.add(target.getParent().getParent().resolve("karaf-distribution/target/assembly").normalize());
        } catch (Exception ignored) {
            // fall back to the working directory
        }
        candidates.add(Path.of("karaf-distribution/target/assembly").toAbsolutePath().normalize());
        candidates.add(Path.of("../karaf-distribution/target/assembly").toAbsolutePath().normalize());
        for (Path p : candidates) {
            if (Files.isExecutable(p.resolve("bin/start"))) {
                karafHome = p;
                return p;
            }
        }
        throw new IllegalStateException("no Patchbay distribution found (tried " + candidates
                + "); build it or pass --karaf-home");
    }

    /** The live Karaf process of this distribution, from its karaf.pid file. */
    private static Optional<ProcessHandle> karafProcess(Path home) {
        try {
            Path pidFile = home.resolve("karaf.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains("karaf")).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    // --- common ------------------------------------------------------------------------

    /** Runs the generator in its own JVM; returns its JSON result, or null if it did not produce one. */
    private String runLoad(String label, String host, int port, long serverPid, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                EchoLoad.class.getName(), "--label", label, "--host", host, "--port", "" + port,
                "--server-pid", "" + serverPid, "--json", out.toString()));
        cmd.addAll(scenario);
        Files.deleteIfExists(out);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int status = p.waitFor();
        if (!Files.exists(out)) {
            System.err.println("EchoLoad exited with " + status + " and wrote no result");
            return null;
        }
        return Files.readString(out);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*(-?[0-9.eE+]+|null)").matcher(json);
        if (!m.find() || m.group(1).equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }

    private static boolean waitForPort(String host, int port, long timeoutSeconds, Process owner)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (canConnect(host, port)) {
                return true;
            }
            if (owner != null && !owner.isAlive()) {
                return false;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static boolean canConnect(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The directory holding this module's jar (benchmarks/target), or the working directory. */
    private static Path targetDir() {
        try {
            Path p = Path.of(CompareEcho.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getParent(); // target/patchbay-benchmarks-*.jar or target/classes
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private synchronized void cleanup() {
        stopRaw();
        stopKarafIfStarted();
    }
}

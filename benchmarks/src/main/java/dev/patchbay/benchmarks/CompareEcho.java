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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link EchoLoad} scenarios against, one server at a time: a raw MINA echo server, a Netty
 * echo server, Patchbay's bare echo endpoint (7007) and Patchbay's "full standard chain" (an
 * endpoint with the rate-limit filter, limits that never trigger), and prints one table.
 *
 * <p>Each server and each load generator runs in its own JVM: the baselines as child processes
 * on free ports, Patchbay from its distribution ({@code bin/start} if it is not running,
 * {@code bin/stop} afterwards if this run started it), and a fresh generator JVM per scenario
 * and target. Options: the {@link EchoLoad} scenario options ({@code --connections --inflight
 * --size --warmup --duration --threads}), {@code --matrix main} or {@code --scenarios
 * 50x16x64,...}, plus {@code --karaf-home DIR}, {@code --targets raw,netty,patchbay,patchbay-chain},
 * {@code --patchbay-host}, {@code --patchbay-port}, {@code --chain-port}, {@code --no-karaf}
 * (use whatever listens on the Patchbay ports, start and stop nothing), {@code --json FILE}.
 */
public final class CompareEcho {

    private static final String RAW = "raw-mina";
    private static final String NETTY = "netty";
    private static final String PATCHBAY = "patchbay";
    private static final String CHAIN = "patchbay-chain";
    private static final List<String> ALL_TARGETS = List.of(RAW, NETTY, PATCHBAY, CHAIN);

    /** Endpoint and rate-limit profile dropped into etc/ for the "full standard chain" target. */
    static final String CHAIN_ENDPOINT_CFG = "dev.patchbay.endpoint-bench-chain.cfg";
    static final String CHAIN_PROFILE_CFG = "dev.patchbay.ratelimit-bench.cfg";

    /** One load scenario. */
    record Scenario(int connections, int inflight, int size) {
        String label() {
            return connections + "c x " + inflight + " x " + size + "B";
        }
    }

    private final List<Scenario> scenarios = new ArrayList<>();
    private int connections = 50;
    private int inflight = 16;
    private int size = 64;
    private Double warmup;
    private Double duration;
    private int threads = 1;
    private String matrix;
    private Path karafHome;
    private String patchbayHost = "127.0.0.1";
    private int patchbayPort = 7007;
    private int chainPort = 7017;
    private boolean manageKaraf = true;
    private List<String> targets = ALL_TARGETS;
    private Path json;
    private long startTimeoutSeconds = 180;

    private volatile Process baselineServer;
    private volatile boolean karafStartedByUs;
    private volatile boolean chainCfgDropped;
    private boolean karafSettled;

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
                + " [--duration 15] [--threads 1] [--matrix main | --scenarios 50x16x64,1x1x64,...]"
                + " [--karaf-home DIR] [--targets raw,netty,patchbay,patchbay-chain]"
                + " [--patchbay-host 127.0.0.1] [--patchbay-port 7007] [--chain-port 7017] [--no-karaf]"
                + " [--json FILE] [--start-timeout 180]");
        System.out.println("  --matrix main: connections 1, 50, 1000 x inflight 1, 16 x size 64, 1024"
                + " (12 scenarios; 2 s warmup + 5 s measured each unless --warmup/--duration are given)");
    }

    private void parse(String[] args) {
        String scenarioList = null;
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
                case "--matrix" -> matrix = v;
                case "--scenarios" -> scenarioList = v;
                case "--karaf-home" -> karafHome = Path.of(v).toAbsolutePath().normalize();
                case "--patchbay-host" -> patchbayHost = v;
                case "--patchbay-port" -> patchbayPort = Integer.parseInt(v);
                case "--chain-port" -> chainPort = Integer.parseInt(v);
                case "--targets" -> targets = List.of(v.split(","));
                case "--json" -> json = Path.of(v);
                case "--start-timeout" -> startTimeoutSeconds = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        List<String> normalized = new ArrayList<>();
        for (String t : targets) {
            String n = switch (t) {
                case "raw", RAW -> RAW;
                case NETTY -> NETTY;
                case PATCHBAY, "bare" -> PATCHBAY;
                case CHAIN, "chain" -> CHAIN;
                default -> throw new IllegalArgumentException("unknown target " + t
                        + " (raw, netty, patchbay, patchbay-chain)");
            };
            if (!normalized.contains(n)) {
                normalized.add(n);
            }
        }
        // Fixed order: each server runs alone, the baselines first, Karaf last.
        targets = ALL_TARGETS.stream().filter(normalized::contains).toList();
        if (matrix != null) {
            if (!matrix.equals("main")) {
                throw new IllegalArgumentException("unknown matrix " + matrix + " (main)");
            }
            for (int c : new int[] {1, 50, 1000}) {
                for (int s : new int[] {64, 1024}) {
                    for (int k : new int[] {1, 16}) {
                        scenarios.add(new Scenario(c, k, s));
                    }
                }
            }
            warmup = warmup == null ? 2.0 : warmup;
            duration = duration == null ? 5.0 : duration;
        } else if (scenarioList != null) {
            for (String item : scenarioList.split(",")) {
                String[] f = item.trim().split("x");
                if (f.length != 3) {
                    throw new IllegalArgumentException("scenario " + item + " is not CONNECTIONSxINFLIGHTxSIZE");
                }
                scenarios.add(new Scenario(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])));
            }
        } else {
            scenarios.add(new Scenario(connections, inflight, size));
        }
        warmup = warmup == null ? 5.0 : warmup;
        duration = duration == null ? 15.0 : duration;
    }

    private List<String> loadArgs(Scenario s) {
        return List.of("--connections", "" + s.connections(), "--inflight", "" + s.inflight(),
                "--size", "" + s.size(), "--warmup", "" + warmup, "--duration", "" + duration,
                "--threads", "" + threads);
    }

    private int run() throws Exception {
        Path resultsDir = targetDir().resolve("results");
        Files.createDirectories(resultsDir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = matrix != null ? "compare-echo-" + stamp + "-matrix-" + matrix
                : scenarios.size() > 1 ? "compare-echo-" + stamp + "-scenarios"
                : String.format(Locale.ROOT, "compare-echo-%s-c%d-k%d-s%d", stamp, connections, inflight, size);
        if (json == null) {
            json = resultsDir.resolve(name + ".json");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String header = String.format(Locale.ROOT,
                "%d scenario(s), %.0f s warmup + %.0f s measured each, %d generator thread(s); %d cores, Java %s;"
                        + " targets %s",
                scenarios.size(), warmup, duration, threads, cores, System.getProperty("java.version"), targets);
        System.out.println(header);

        // results.get(scenario index).get(target) = EchoLoad JSON, or null if it failed
        List<Map<String, String>> results = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            results.add(new LinkedHashMap<>());
        }
        for (String t : targets) {
            System.out.println();
            System.out.println("=== " + t + " ===");
            Endpoint ep = switch (t) {
                case RAW -> startBaseline(RawMinaEchoServer.class);
                case NETTY -> startBaseline(NettyEchoServer.class);
                case PATCHBAY -> startPatchbay(false);
                default -> startPatchbay(true);
            };
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario s = scenarios.get(i);
                String result = null;
                if (ep != null) {
                    System.out.println("--- " + t + ": " + s.label());
                    Path out = resultsDir.resolve(String.format(Locale.ROOT, "%s-%s-c%d-k%d-s%d.json", name, t,
                            s.connections(), s.inflight(), s.size()));
                    result = runLoad(t, ep.host(), ep.port(), ep.pid(), s, out);
                }
                results.get(i).put(t, result);
            }
            if (t.equals(RAW) || t.equals(NETTY)) {
                stopBaseline();
            }
        }
        removeChainCfg();
        stopKarafIfStarted();

        List<String> rows = new ArrayList<>();
        List<String> jsonScenarios = new ArrayList<>();
        boolean anyErrors = false;
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Map<String, String> byTarget = results.get(i);
            String raw = byTarget.get(RAW);
            double rawRate = raw == null ? Double.NaN : number(raw, "msgs_per_s");
            double rawP99 = raw == null ? Double.NaN : number(raw, "p99_us");
            List<String> jsonResults = new ArrayList<>();
            for (Map.Entry<String, String> e : byTarget.entrySet()) {
                String label = e.getKey();
                String result = e.getValue();
                if (result == null) {
                    rows.add(String.format(Locale.ROOT, "%-18s %-15s %s", s.label(), label, "FAILED (see above)"));
                    anyErrors = true;
                    continue;
                }
                double rate = number(result, "msgs_per_s");
                double ratio = rate / rawRate;
                double p99Ratio = number(result, "p99_us") / rawP99;
                long errors = (long) number(result, "errors");
                anyErrors |= errors != 0;
                rows.add(String.format(Locale.ROOT, "%-18s %-15s %10.0f %8.0f %8.0f %8.0f %7s %7s %8s %8s %8s %7d",
                        s.label(), label, rate, number(result, "p50_us"), number(result, "p99_us"),
                        number(result, "p999_us"), fmtRatio(ratio), fmtRatio(p99Ratio),
                        EchoLoad.pct(number(result, "generator_cpu_share")),
                        EchoLoad.pct(number(result, "server_cpu_share")),
                        EchoLoad.pct(number(result, "machine_busy_share") - number(result, "generator_cpu_share")
                                - number(result, "server_cpu_share")), errors));
                jsonResults.add("      {\"target\": \"" + label + "\", \"ratio_to_raw\": " + jsonRatio(ratio)
                        + ", \"p99_ratio_to_raw\": " + jsonRatio(p99Ratio)
                        + ", \"load\": " + result.trim().replace("\n", "\n      ") + "}");
            }
            jsonScenarios.add("    {\"connections\": " + s.connections() + ", \"inflight\": " + s.inflight()
                    + ", \"size_bytes\": " + s.size() + ", \"results\": [\n" + String.join(",\n", jsonResults)
                    + "\n    ]}");
        }

        System.out.println();
        System.out.println(header);
        System.out.println(String.format(Locale.ROOT, "%-18s %-15s %10s %8s %8s %8s %7s %7s %8s %8s %8s %7s",
                "scenario", "target", "msgs/s", "p50 us", "p99 us", "p999 us", "x raw", "p99 x", "gen CPU",
                "srv CPU", "other", "errors"));
        rows.forEach(System.out::println);
        System.out.println("(scenario: connections x lines in flight per connection x line size. x raw: msgs/s"
                + " relative to raw MINA; p99 x: p99 relative to raw MINA. CPU: share of all " + cores
                + " cores during the measured window, for the generator, the server, and everything else.)");
        if (targets.contains(CHAIN)) {
            System.out.println("(patchbay-chain: line codec + echo + the rate-limit filter with a profile whose"
                    + " limits never trigger; audit and metrics observe every endpoint, both patchbay rows included.)");
        }

        String doc = "{\n  \"settings\": {\"warmup_s\": " + warmup + ", \"duration_s\": " + duration
                + ", \"generator_threads\": " + threads + ", \"matrix\": "
                + (matrix == null ? "null" : "\"" + matrix + "\"") + "},\n  \"machine\": {\"cores\": " + cores
                + ", \"java\": \"" + System.getProperty("java.version") + "\", \"os\": \""
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\"},\n"
                + "  \"scenarios\": [\n" + String.join(",\n", jsonScenarios) + "\n  ]\n}\n";
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, doc, StandardCharsets.UTF_8);
        System.out.println("JSON: " + json);
        return anyErrors ? 1 : 0;
    }

    private static String fmtRatio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String jsonRatio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "null" : String.format(Locale.ROOT, "%.4f", r);
    }

    record Endpoint(String host, int port, long pid) {
    }

    // --- baselines (raw MINA, Netty) -------------------------------------------------------

    private Endpoint startBaseline(Class<?> server) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                server.getName(), "--port", "" + port, "--exit-on-stdin-eof");
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        baselineServer = pb.start();
        if (!waitForPort("127.0.0.1", port, 30, baselineServer)) {
            System.err.println(server.getSimpleName() + " did not open port " + port);
            stopBaseline();
            return null;
        }
        return new Endpoint("127.0.0.1", port, baselineServer.pid());
    }

    private void stopBaseline() {
        Process p = baselineServer;
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
        baselineServer = null;
    }

    // --- Patchbay ----------------------------------------------------------------------

    /**
     * The "full standard chain" endpoint: line codec, echo handler and the rate-limit filter
     * with a profile whose limits never trigger (so every message goes through the filter's
     * accounting but is never delayed). Dropped into etc/ as an operator would, removed after.
     */
    private void dropChainCfg() throws IOException {
        Path etc = karafHome().resolve("etc");
        Files.writeString(etc.resolve(CHAIN_PROFILE_CFG), String.join("\n",
                "# Written by benchmarks/CompareEcho for the patchbay-chain target; removed after the run.",
                "# Limits far above anything the benchmark reaches: the filter runs, never delays.",
                "messages.per.second = 100000000", "messages.burst = 100000000",
                "# bytes.per.second: 1e9 is the most the token bucket accepts (1 token/ns).",
                "bytes.per.second = 1000000000", "bytes.burst = 1000000000",
                "connections.per.second = 1000000", "connections.burst = 1000000",
                "connections.per.address = 0", "connections.per.endpoint = 0",
                "allow =", "deny = 127.0.0.66/32", "block.threshold = 0", "max.addresses = 20000", ""));
        Files.writeString(etc.resolve(CHAIN_ENDPOINT_CFG), String.join("\n",
                "# Written by benchmarks/CompareEcho for the patchbay-chain target; removed after the run.",
                "host = " + patchbayHost, "port = " + chainPort, "codec = line", "handler = echo",
                "max.frame.size = 8192", "max.connections = 10000", "ratelimit = bench", ""));
        chainCfgDropped = true;
    }

    /** Waits (up to 60 s) until Karaf uses under 10% of one core over a second. */
    private static void settleKaraf(Path home) throws InterruptedException {
        long t0 = System.nanoTime();
        Optional<ProcessHandle> karaf = karafProcess(home);
        if (karaf.isEmpty()) {
            Thread.sleep(10_000);
            return;
        }
        Duration before = karaf.get().info().totalCpuDuration().orElse(Duration.ZERO);
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(1000);
            Duration now = karaf.get().info().totalCpuDuration().orElse(Duration.ZERO);
            long cpuMillis = now.minus(before).toMillis();
            before = now;
            if (cpuMillis < 100) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "Karaf settled after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private synchronized void removeChainCfg() {
        if (!chainCfgDropped) {
            return;
        }
        chainCfgDropped = false;
        try {
            Path etc = karafHome().resolve("etc");
            Files.deleteIfExists(etc.resolve(CHAIN_ENDPOINT_CFG));
            Files.deleteIfExists(etc.resolve(CHAIN_PROFILE_CFG));
            // Removed while Karaf runs, so that its configuration is deleted too (a file removed
            // while Karaf is stopped comes back from Config Admin's store at the next boot).
            Thread.sleep(3000);
        } catch (IOException | RuntimeException | InterruptedException e) {
            System.err.println("Could not remove the bench-chain cfg files: " + e);
        }
    }

    private Endpoint startPatchbay(boolean chain) throws Exception {
        int port = chain ? chainPort : patchbayPort;
        long pid = -1;
        if (manageKaraf) {
            Path home = karafHome();
            if (chain && !chainCfgDropped) {
                for (int i = 0; i < 10 && canConnect(patchbayHost, chainPort); i++) {
                    Thread.sleep(1000); // a stale bench-chain endpoint from an earlier run being removed
                }
                if (canConnect(patchbayHost, chainPort)) {
                    System.err.println(patchbayHost + ":" + chainPort + " is already in use; pass --chain-port");
                    return null;
                }
                dropChainCfg();
            }
            Optional<ProcessHandle> running = karafProcess(home);
            if (running.isPresent()) {
                if (!karafStartedByUs) {
                    System.out.println("Patchbay is already running from " + home + " (pid " + running.get().pid()
                            + "); using it and leaving it running.");
                }
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
            if (!waitForPort(patchbayHost, port, startTimeoutSeconds, null)) {
                System.err.println("Patchbay did not open " + patchbayHost + ":" + port + " within "
                        + startTimeoutSeconds + " s");
                return null;
            }
            System.out.printf(Locale.ROOT, "Patchbay %s endpoint up after %.1f s%n", chain ? "bench-chain" : "echo",
                    (System.nanoTime() - t0) / 1e9);
            if (karafStartedByUs && !karafSettled) {
                // The echo port opens before Karaf has finished booting its features: wait until
                // the JVM is quiet, so that the first scenario does not share the CPU with the boot.
                settleKaraf(home);
                karafSettled = true;
            }
            if (chain) {
                Thread.sleep(2000); // the rate-limit filter is wired; let the endpoint settle
            }
            pid = karafProcess(home).map(ProcessHandle::pid).orElse(-1L);
        } else if (!canConnect(patchbayHost, port)) {
            System.err.println("nothing listens on " + patchbayHost + ":" + port);
            return null;
        }
        return new Endpoint(patchbayHost, port, pid);
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
    private String runLoad(String label, String host, int port, long serverPid, Scenario s, Path out)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                EchoLoad.class.getName(), "--label", label, "--host", host, "--port", "" + port,
                "--server-pid", "" + serverPid, "--json", out.toString()));
        cmd.addAll(loadArgs(s));
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
        stopBaseline();
        removeChainCfg();
        stopKarafIfStarted();
    }
}

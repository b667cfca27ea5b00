package dev.patchbay.benchmarks;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares, under the same load generator and in the same run, a raw MINA echo server, a Netty
 * echo server, Patchbay's bare echo endpoint (7007) and Patchbay's "full standard chain" (an
 * endpoint with the rate-limit filter, limits that never trigger), and prints one table.
 *
 * <p>Every server is started first and kept running; then, for each scenario, {@code --rounds}
 * rounds go round-robin over the targets (raw, netty, patchbay, chain, raw, netty, ...), so that
 * a slow drift of the machine hits every target alike. Each server's JVM starts unpinned (it
 * sizes its threads for the machine, as shipped) and then has all its threads pinned to
 * {@code --server-cpus} (0); each round runs a fresh generator process pinned to
 * {@code --generator-cpus} (1), after one unrecorded run of {@code --server-warmup} seconds per
 * server (the JIT): by default the native one ({@code benchmarks/loadgen}, built by
 * {@code run.sh}), or {@link EchoLoad} with {@code --generator java}. Rows are the medians of the
 * rounds; see {@link ComparisonTable} for ratios and generator-bound rows.
 */
public final class CompareEcho {

    /** One load scenario. */
    record Scenario(int connections, int inflight, int size) {
        String label() {
            return connections + " x " + inflight + " x " + size + " B";
        }

        String file() {
            return "c" + connections + "-k" + inflight + "-s" + size;
        }
    }

    private final List<Scenario> scenarios = new ArrayList<>();
    private int connections = 50;
    private int inflight = 16;
    private int size = 64;
    private double warmup = 2;
    private double duration = 6;
    private int rounds = 3;
    private double serverWarmup = 5;
    private Integer threads;
    private String matrix;
    private Path karafHome;
    private String patchbayHost = "127.0.0.1";
    private int patchbayPort = 7007;
    private int chainPort = 7017;
    private boolean manageKaraf = true;
    private List<String> targets = EchoTargets.ALL;
    private Path json;
    private long startTimeoutSeconds = 180;
    private LoadGenerator.Kind generatorKind = LoadGenerator.Kind.NATIVE;
    private Path nativeGenerator;
    private String serverCpus = "0";
    private String generatorCpus = "1";

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
        System.exit(c.run());
    }

    static void usage() {
        System.out.println("usage: CompareEcho [--connections 50] [--inflight 16] [--size 64]"
                + " | [--scenarios 50x16x64,50x1x64,...] | [--matrix perf|main]");
        System.out.println("         [--warmup 2] [--duration 6] [--rounds 3] [--server-warmup 5]"
                + " [--generator native|java] [--native-generator PATH] [--threads N]");
        System.out.println("         [--server-cpus 0] [--generator-cpus 1] [--no-pin]"
                + " [--targets raw,netty,patchbay,patchbay-chain]");
        System.out.println("         [--karaf-home DIR] [--patchbay-host 127.0.0.1] [--patchbay-port 7007]"
                + " [--chain-port 7017] [--no-karaf] [--json FILE] [--start-timeout 180]");
        System.out.println("  --matrix perf: 50x16x64, 50x1x64, 1000x1x64, 50x16x1024 (the BENCHMARKS.md table);"
                + " --matrix main: 1, 50, 1000 connections x 1, 16 in flight x 64, 1024 B (12 scenarios)");
    }

    private void parse(String[] args) {
        String scenarioList = null;
        boolean pin = true;
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
            if (a.equals("--no-pin")) {
                pin = false;
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
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--server-warmup" -> serverWarmup = Double.parseDouble(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--matrix" -> matrix = v;
                case "--scenarios" -> scenarioList = v;
                case "--generator" -> generatorKind = switch (v) {
                    case "native" -> LoadGenerator.Kind.NATIVE;
                    case "java" -> LoadGenerator.Kind.JAVA;
                    default -> throw new IllegalArgumentException("unknown generator " + v + " (native, java)");
                };
                case "--native-generator" -> nativeGenerator = Path.of(v).toAbsolutePath();
                case "--server-cpus" -> serverCpus = v;
                case "--generator-cpus" -> generatorCpus = v;
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
        if (rounds < 1 || warmup < 0 || duration <= 0 || serverWarmup < 0) {
            throw new IllegalArgumentException("--rounds must be >= 1, --warmup and --server-warmup >= 0,"
                    + " --duration > 0");
        }
        if (!pin) {
            serverCpus = null;
            generatorCpus = null;
        } else {
            CpuPinning.count(serverCpus); // refuses a malformed list now, not after the servers started
            CpuPinning.count(generatorCpus);
        }
        List<String> normalized = new ArrayList<>();
        for (String t : targets) {
            String n = switch (t) {
                case "raw", EchoTargets.RAW -> EchoTargets.RAW;
                case EchoTargets.NETTY -> EchoTargets.NETTY;
                case EchoTargets.PATCHBAY, "bare" -> EchoTargets.PATCHBAY;
                case EchoTargets.CHAIN, "chain" -> EchoTargets.CHAIN;
                default -> throw new IllegalArgumentException("unknown target " + t
                        + " (raw, netty, patchbay, patchbay-chain)");
            };
            if (!normalized.contains(n)) {
                normalized.add(n);
            }
        }
        targets = EchoTargets.ALL.stream().filter(normalized::contains).toList();
        if (matrix != null) {
            switch (matrix) {
                case "perf" -> {
                    scenarios.add(new Scenario(50, 16, 64));
                    scenarios.add(new Scenario(50, 1, 64));
                    scenarios.add(new Scenario(1000, 1, 64));
                    scenarios.add(new Scenario(50, 16, 1024));
                }
                case "main" -> {
                    for (int c : new int[] {1, 50, 1000}) {
                        for (int s : new int[] {64, 1024}) {
                            for (int k : new int[] {1, 16}) {
                                scenarios.add(new Scenario(c, k, s));
                            }
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown matrix " + matrix + " (perf, main)");
            }
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
        if (generatorKind == LoadGenerator.Kind.NATIVE) {
            if (nativeGenerator == null) {
                nativeGenerator = targetDir().resolve("patchbay-load");
            }
            if (!Files.isExecutable(nativeGenerator)) {
                throw new IllegalArgumentException("no native generator at " + nativeGenerator
                        + ": run benchmarks/run.sh (it builds it), or pass --generator java");
            }
        }
    }

    private int run() throws Exception {
        Path resultsDir = targetDir().resolve("results");
        Files.createDirectories(resultsDir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = "compare-echo-" + stamp + (matrix != null ? "-matrix-" + matrix
                : scenarios.size() > 1 ? "-scenarios" : "-" + scenarios.get(0).file());
        if (json == null) {
            json = resultsDir.resolve(name + ".json");
        }
        Path roundsDir = resultsDir.resolve(name);
        Files.createDirectories(roundsDir);
        int cores = Runtime.getRuntime().availableProcessors();
        LoadGenerator generator = new LoadGenerator(generatorKind, nativeGenerator, generatorCpus, threads);
        String header = String.format(Locale.ROOT,
                "%d scenario(s) x %d target(s) x %d interleaved round(s), %.0f s warmup + %.0f s measured each;"
                        + " %s; servers %s; %d cores, Java %s",
                scenarios.size(), targets.size(), rounds, warmup, duration, generator.describe(),
                serverCpus == null ? "not pinned" : "pinned to CPU " + serverCpus, cores,
                System.getProperty("java.version"));
        System.out.println(header);

        ComparisonTable table = new ComparisonTable(scenarios, targets);
        EchoTargets servers = new EchoTargets(karafHome(), patchbayHost, patchbayPort, chainPort, manageKaraf,
                startTimeoutSeconds, serverCpus);
        Thread cleanup = new Thread(servers::close, "compare-echo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Map<String, EchoTargets.Endpoint> endpoints = new LinkedHashMap<>();
            for (String t : targets) {
                EchoTargets.Endpoint ep = servers.start(t);
                if (ep != null) {
                    endpoints.put(t, ep);
                    if (serverCpus != null && ep.pid() <= 0) {
                        System.err.println("WARNING: " + t + " has no known pid (--no-karaf): not pinned");
                    } else if (serverCpus != null) {
                        String before = CpuPinning.allowed(ep.pid());
                        CpuPinning.pin(ep.pid(), serverCpus);
                        System.out.println(t + " (pid " + ep.pid() + ") started on CPUs " + before
                                + ", now pinned to " + CpuPinning.allowed(ep.pid()));
                    }
                }
            }
            if (generatorCpus != null) {
                // This JVM only waits for the generators now: keep it off the servers' CPUs. Not
                // before the servers started, or they would inherit its CPU set.
                CpuPinning.pin(ProcessHandle.current().pid(), generatorCpus);
            }
            if (serverWarmup > 0) {
                // A fresh JVM runs interpreted for seconds: without this, the first round of the
                // first scenario would measure the JIT at work rather than the server.
                for (String t : targets) {
                    EchoTargets.Endpoint ep = endpoints.get(t);
                    if (ep != null) {
                        System.out.printf(Locale.ROOT, "--- warming up %s: %s for %.0f s, not recorded%n", t,
                                scenarios.get(0).label(), serverWarmup);
                        generator.run(ep, scenarios.get(0), 0, serverWarmup,
                                roundsDir.resolve(t + "-server-warmup.json"), serverCpus);
                    }
                }
            }
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario s = scenarios.get(i);
                for (int round = 1; round <= rounds; round++) {
                    for (String t : targets) {
                        EchoTargets.Endpoint ep = endpoints.get(t);
                        if (ep == null) {
                            table.add(i, t, null);
                            continue;
                        }
                        // Again before every round: a JVM may have started threads from an unpinned one.
                        if (serverCpus != null) {
                            CpuPinning.pin(ep.pid(), serverCpus);
                        }
                        System.out.printf(Locale.ROOT, "--- %s, round %d/%d: %s%n", s.label(), round, rounds, t);
                        Path out = roundsDir.resolve(t + "-" + s.file() + "-r" + round + ".json");
                        table.add(i, t, generator.run(ep, s, warmup, duration, out, serverCpus));
                    }
                }
            }
        } finally {
            servers.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }

        System.out.println();
        System.out.println(header);
        System.out.println();
        System.out.print(table.markdown());
        System.out.println();
        System.out.println("(scenario: connections x lines in flight per connection x line size. msgs/s, latency"
                + " and CPU: medians of the rounds; spread: (max - min) / median of the rounds' msgs/s."
                + " x raw: relative to raw MINA in this run. gen CPU / srv CPU: share of the cores the generator"
                + " / server may run on; other: the rest of the machine. A row whose generator used more than"
                + " 90% of its cores is generator-bound: its figure is the generator's limit, not the server's.)");
        if (targets.contains(EchoTargets.CHAIN)) {
            System.out.println("(patchbay-chain: line codec + echo + the rate-limit filter with a profile whose"
                    + " limits never trigger; audit and metrics observe every endpoint, both patchbay rows included.)");
        }
        String settings = String.format(Locale.ROOT, "{\"warmup_s\": %s, \"duration_s\": %s, \"rounds\": %d,"
                        + " \"generator\": \"%s\", \"generator_threads\": %s, \"server_cpus\": %s,"
                        + " \"generator_cpus\": %s, \"matrix\": %s, \"server_warmup_s\": %s}",
                warmup, duration, rounds, generatorKind.name().toLowerCase(Locale.ROOT),
                threads == null ? "null" : threads, quoted(serverCpus), quoted(generatorCpus), quoted(matrix),
                serverWarmup);
        String machine = "{\"cores\": " + cores + ", \"java\": \"" + System.getProperty("java.version")
                + "\", \"os\": \"" + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\"}";
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, table.json(settings, machine), StandardCharsets.UTF_8);
        System.out.println("JSON: " + json + " (each round's generator output: " + roundsDir + ")");
        return table.anyErrors() ? 1 : 0;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private Path karafHome() {
        if (karafHome != null) {
            return karafHome;
        }
        List<Path> candidates = new ArrayList<>();
        // benchmarks/target -> the project root
        candidates.add(targetDir().getParent().getParent().resolve("karaf-distribution/target/assembly").normalize());
        candidates.add(Path.of("karaf-distribution/target/assembly").toAbsolutePath().normalize());
        candidates.add(Path.of("../karaf-distribution/target/assembly").toAbsolutePath().normalize());
        for (Path p : candidates) {
            if (Files.isExecutable(p.resolve("bin/start"))) {
                return p;
            }
        }
        if (!manageKaraf || !(targets.contains(EchoTargets.PATCHBAY) || targets.contains(EchoTargets.CHAIN))) {
            return candidates.get(0); // never used
        }
        throw new IllegalStateException("no Patchbay distribution found (tried " + candidates
                + "); build it or pass --karaf-home");
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
}

package dev.patchbay.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The servers {@link CompareEcho} measures, all started before the first measurement and kept
 * running until the last, so that rounds can go round-robin over them: raw MINA and Netty as
 * child JVMs on free ports, Patchbay from its distribution ({@code bin/start} if it is not
 * running, {@code bin/stop} at the end if this run started it), its bare echo endpoint and the
 * "full standard chain" endpoint that this class drops into {@code etc/} for the run.
 */
final class EchoTargets implements AutoCloseable {

    static final String RAW = "raw-mina";
    static final String NETTY = "netty";
    static final String PATCHBAY = "patchbay";
    static final String CHAIN = "patchbay-chain";
    static final List<String> ALL = List.of(RAW, NETTY, PATCHBAY, CHAIN);

    /** Endpoint and rate-limit profile dropped into etc/ for the "full standard chain" target. */
    static final String CHAIN_ENDPOINT_CFG = "dev.patchbay.endpoint-bench-chain.cfg";
    static final String CHAIN_PROFILE_CFG = "dev.patchbay.ratelimit-bench.cfg";

    /** Where a target listens, and the process serving it (-1: unknown, e.g. with --no-karaf). */
    record Endpoint(String target, String host, int port, long pid) {
    }

    private final Path karafHome;
    private final String patchbayHost;
    private final int patchbayPort;
    private final int chainPort;
    private final boolean manageKaraf;
    private final long startTimeoutSeconds;

    private final Map<String, Process> baselines = new LinkedHashMap<>();
    private volatile boolean karafStartedByUs;
    private volatile boolean chainCfgDropped;
    private boolean karafSettled;
    /** CPUs each server is started on (taskset), or null to start them unpinned. */
    private final String serverCpus;

    EchoTargets(Path karafHome, String patchbayHost, int patchbayPort, int chainPort, boolean manageKaraf,
            long startTimeoutSeconds, String serverCpus) {
        this.serverCpus = serverCpus;
        this.karafHome = karafHome;
        this.patchbayHost = patchbayHost;
        this.patchbayPort = patchbayPort;
        this.chainPort = chainPort;
        this.manageKaraf = manageKaraf;
        this.startTimeoutSeconds = startTimeoutSeconds;
    }

    /** Starts (or finds) the server of {@code target}; null if it could not, with the reason on stderr. */
    Endpoint start(String target) throws Exception {
        return switch (target) {
            case RAW -> startBaseline(target, RawMinaEchoServer.class);
            case NETTY -> startBaseline(target, NettyEchoServer.class);
            case PATCHBAY -> startPatchbay(false);
            case CHAIN -> startPatchbay(true);
            default -> throw new IllegalArgumentException("unknown target " + target);
        };
    }

    @Override
    public synchronized void close() {
        for (Process p : baselines.values()) {
            stopBaseline(p);
        }
        baselines.clear();
        removeChainCfg();
        stopKarafIfStarted();
    }

    // --- baselines (raw MINA, Netty) -------------------------------------------------------

    private Endpoint startBaseline(String target, Class<?> server) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // Started on its CPUs, so that the JVM sizes its I/O threads and GC for the cores it gets:
        // a JVM pinned after it started keeps two I/O threads time-slicing on one core, which
        // puts scheduler ticks (4 ms here) into every tail latency.
        List<String> command = new ArrayList<>(CpuPinning.prefix(serverCpus));
        command.addAll(List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                server.getName(), "--port", "" + port, "--exit-on-stdin-eof"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        baselines.put(target, p);
        if (!waitForPort("127.0.0.1", port, 30, p)) {
            System.err.println(server.getSimpleName() + " did not open port " + port);
            stopBaseline(p);
            baselines.remove(target);
            return null;
        }
        return new Endpoint(target, "127.0.0.1", port, p.pid());
    }

    private static void stopBaseline(Process p) {
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
    }

    // --- Patchbay ----------------------------------------------------------------------

    /**
     * The "full standard chain" endpoint: line codec, echo handler and the rate-limit filter
     * with a profile whose limits never trigger (so every message goes through the filter's
     * accounting but is never delayed). Dropped into etc/ as an operator would, removed after.
     */
    private void dropChainCfg() throws IOException {
        Path etc = karafHome.resolve("etc");
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
            Path etc = karafHome.resolve("etc");
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
        String target = chain ? CHAIN : PATCHBAY;
        int port = chain ? chainPort : patchbayPort;
        if (!manageKaraf) {
            if (!canConnect(patchbayHost, port)) {
                System.err.println("nothing listens on " + patchbayHost + ":" + port);
                return null;
            }
            return new Endpoint(target, patchbayHost, port, -1);
        }
        Path home = karafHome;
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
            List<String> command = new ArrayList<>(CpuPinning.prefix(serverCpus));
            command.add(home.resolve("bin/start").toString());
            Process start = new ProcessBuilder(command).directory(home.toFile())
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
        long pid = karafProcess(home).map(ProcessHandle::pid).orElse(-1L);
        return new Endpoint(target, patchbayHost, port, pid);
    }

    private synchronized void stopKarafIfStarted() {
        if (!karafStartedByUs) {
            return;
        }
        karafStartedByUs = false;
        Optional<ProcessHandle> karaf = karafProcess(karafHome);
        System.out.println("Stopping Patchbay (started by this run): " + karafHome.resolve("bin/stop"));
        try {
            new ProcessBuilder(karafHome.resolve("bin/stop").toString()).directory(karafHome.toFile()).inheritIO()
                    .start().waitFor(60, TimeUnit.SECONDS);
            if (karaf.isPresent()) {
                karaf.get().onExit().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("Could not confirm that Karaf stopped: " + e);
        }
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

    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}

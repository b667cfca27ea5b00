package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The distribution archive unpacked into a directory of its own and driven by its own scripts
 * ({@code bin/start}, {@code bin/stop}), as an operator runs it: no Pax Exam, the fixed ports the
 * archive ships with. {@link #close()} stops it and, if that fails, kills it.
 */
public final class UnpackedDistribution implements AutoCloseable {

    /** Every port the shipped distribution listens on (SSH, JMX/RMI, HTTP, the four endpoints). */
    public static final int[] FIXED_PORTS = {8101, 1099, 44444, 8181, 7007, 7008, 7443, 6380};

    private final Path home;
    private final Path console;
    private boolean started;

    private UnpackedDistribution(Path home) {
        this.home = home;
        this.console = home.resolve("console.log");
    }

    /** Unpacks the archive the build made ({@code patchbay.itests.distribution}) under {@code target/}. */
    public static UnpackedDistribution unpack(String name) throws IOException, InterruptedException {
        Path archive = Paths.get(System.getProperty("patchbay.itests.distribution",
                "../karaf-distribution/target/patchbay-distribution-0.1.0-SNAPSHOT.tar.gz")).toAbsolutePath();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("No distribution archive at " + archive + " (mvn install -DskipTests first)");
        }
        Path dir = Paths.get(System.getProperty("patchbay.itests.builddir", "target"))
                .resolve("distribution-lifecycle").resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), UTF_8);
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar -xzf " + archive + " failed: " + out);
        }
        try (Stream<Path> top = Files.list(dir)) {
            Path home = top.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("nothing unpacked from " + archive));
            return new UnpackedDistribution(home);
        }
    }

    public Path home() {
        return home;
    }

    public Path bin(String script) {
        return home.resolve("bin").resolve(script);
    }

    /** Fails with the list of the distribution's fixed ports something else already holds. */
    public static void requireFixedPortsFree() {
        List<String> busy = new ArrayList<>();
        for (int port : FIXED_PORTS) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                busy.add(port + " (" + e.getMessage() + ")");
            }
        }
        if (!busy.isEmpty()) {
            throw new AssertionError("The distribution's fixed ports must be free before it starts, but these are busy: "
                    + busy + ". Is a Patchbay server running (karaf-distribution/target/assembly/bin/stop)?");
        }
    }

    /** A script of the distribution, run with a clean environment (this JVM's Java, no inherited KARAF_* or heap settings). */
    public ProcessBuilder script(String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KARAF_") || k.startsWith("PATCHBAY_") || k.equals("JAVA_OPTS")
                || k.equals("EXTRA_JAVA_OPTS") || k.equals("JAVA_MIN_MEM") || k.equals("JAVA_MAX_MEM"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return pb;
    }

    /** {@code bin/start}, its JVM's output kept in {@code console.log}. */
    public void start() throws IOException, InterruptedException {
        ProcessBuilder pb = script("start");
        pb.environment().put("KARAF_REDIRECT", console.toString());
        pb.redirectErrorStream(true).redirectOutput(home.resolve("start.out").toFile());
        started = true;
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("bin/start did not return 0: " + Files.readString(home.resolve("start.out")));
        }
    }

    /** The result of a script run to its end. */
    public record Run(int exitCode, Duration took, String output) {
    }

    /** {@code bin/stop}, timed; waits at most {@code limit} for it. */
    public Run stop(Duration limit) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path out = home.resolve("stop-" + t0 + ".out");
        Process p = script("stop").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!done) {
            p.destroyForcibly();
            return new Run(-1, took, "bin/stop still running after " + limit + ": " + Files.readString(out));
        }
        return new Run(p.exitValue(), took, Files.readString(out));
    }

    /** The server's JVM: the PID in {@code karaf.pid}, if that process is alive. */
    public Optional<ProcessHandle> serverJvm() {
        Path pidFile = home.resolve("karaf.pid");
        try {
            if (Files.isRegularFile(pidFile)) {
                String pid = Files.readString(pidFile).trim();
                if (!pid.isEmpty()) {
                    return ProcessHandle.of(Long.parseLong(pid)).filter(p -> !exited(p));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not written yet
        }
        return Optional.empty();
    }

    /**
     * Whether the process has exited: gone, or a zombie its parent (the bin/karaf shell) has not
     * reaped yet, which {@link ProcessHandle#isAlive()} still counts as alive.
     */
    public static boolean exited(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(p.pid()), "stat"));
            // pid (comm) state ...: the state follows the last ')'
            return stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return !p.isAlive();
        }
    }

    /**
     * Waits, polling every 10 ms, for the process to exit ({@link ProcessHandle#onExit()} polls a
     * process that is not our child with growing pauses, and counts a zombie as alive).
     *
     * @return whether it exited within {@code limit}
     */
    public static boolean awaitExit(ProcessHandle p, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!exited(p)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Waits for {@code karaf.pid} to name a live process. */
    public ProcessHandle awaitServerJvm(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> jvm = serverJvm();
            if (jvm.isPresent()) {
                return jvm.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no live server JVM in karaf.pid within " + limit + diagnostics());
    }

    /** A process's command line, one argument each (Linux: /proc/PID/cmdline; else split at spaces). */
    public List<String> argumentsOf(ProcessHandle process) throws IOException {
        Path cmdline = Paths.get("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(cmdline)) {
            return List.of(new String(Files.readAllBytes(cmdline), UTF_8).split("\0"));
        }
        return List.of(process.info().commandLine().orElse("").split(" "));
    }

    /** Every process started from this directory (the bin/karaf shell and its JVM). */
    public List<ProcessHandle> processes() {
        String marker = home.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> !exited(p) && p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .collect(Collectors.toList());
    }

    /** Waits until {@code /health/ready} answers 200: every endpoint listening, the transport within its budget. */
    public void awaitReady(Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8181/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (serverJvm().isEmpty() && Files.exists(home.resolve("karaf.pid"))) {
                throw new AssertionError("the server JVM exited while starting" + diagnostics());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("/health/ready not 200 within " + limit + "; last: " + last + diagnostics());
    }

    /** {@code drain.timeout} of an endpoint's shipped {@code .cfg} (5 when absent). */
    public int drainTimeoutSeconds(String endpoint) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(home.resolve("etc").resolve("dev.patchbay.endpoint-" + endpoint + ".cfg"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("drain.timeout", "5").trim());
    }

    public String karafLog() {
        try {
            Path log = home.resolve("data/log/karaf.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of karaf.log about the stop: endpoints stopping and stopped, the transport stopped. */
    public String stopTimeline() {
        return karafLog().lines()
                .filter(l -> l.contains("stopping (") || l.contains(" stopped (") || l.contains("transport stopped")
                        || l.contains("shutdown"))
                .collect(Collectors.joining("\n", "karaf.log about the stop:\n", ""));
    }

    public String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("start.out", "console.log")) {
            Path p = home.resolve(f);
            try {
                if (Files.exists(p) && Files.size(p) > 0) {
                    b.append("\n--- ").append(f).append(":\n").append(tail(Files.readString(p), 3000));
                }
            } catch (IOException e) {
                // best effort
            }
        }
        String log = karafLog();
        if (!log.isEmpty()) {
            b.append("\n--- data/log/karaf.log (tail):\n").append(tail(log, 6000));
        }
        return b.toString();
    }

    private static String tail(String s, int chars) {
        return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
    }

    /** Copies {@code data/log/} and the scripts' output to {@code dir}. */
    public void keepLogs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path logs = home.resolve("data/log");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> files = Files.list(home)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".out") || n.equals("console.log")) {
                    Files.copy(f, dir.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Stops the server if it runs: {@code bin/stop}, then SIGKILL for whatever of it is still
     * alive 70 s later (or at once if bin/stop failed); then deletes the directory.
     */
    @Override
    public void close() throws Exception {
        try {
            if (started && serverJvm().isPresent()) {
                Run stop = stop(Duration.ofSeconds(70));
                if (stop.exitCode() != 0) {
                    System.out.println("bin/stop in cleanup: exit " + stop.exitCode() + " " + stop.output());
                }
            }
        } finally {
            // bin/stop returns when the JVM has exited; its bin/karaf shell follows at once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!processes().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (ProcessHandle p : processes()) {
                System.out.println("killing " + p.pid() + " " + p.info().commandLine().orElse("?"));
                p.destroyForcibly();
                p.onExit().get(10, TimeUnit.SECONDS);
            }
            if (Boolean.getBoolean("patchbay.itests.keepRuntime")) {
                System.out.println("kept " + home);
            } else {
                delete(home.getParent());
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                File f = p.toFile();
                if (!f.delete() && f.exists()) {
                    System.out.println("could not delete " + f);
                }
            }
        }
    }
}

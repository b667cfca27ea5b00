package dev.patchbay.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one load scenario against one endpoint in a fresh process: the native generator
 * ({@code benchmarks/loadgen/patchbay-load.c}, epoll, several threads) or {@link EchoLoad} (Java
 * NIO), pinned to the generator's CPUs, and reads back its JSON result.
 */
final class LoadGenerator {

    enum Kind {
        NATIVE, JAVA
    }

    /**
     * What one run measured. CPU shares: the generator's and the server's of the cores each may
     * run on (1.0 = all of them busy), "other" of the whole machine.
     */
    record Measurement(String json, double msgsPerSecond, double p50Micros, double p99Micros, double p999Micros,
            long errors, double generatorShare, double serverShare, double otherShare) {
    }

    private final Kind kind;
    private final Path nativeBinary;
    private final String cpus;
    private final Integer threads;
    private final int machineCores;

    /**
     * @param cpus    taskset list the generator runs on, or null (not pinned)
     * @param threads generator threads, or null for the generator's default (native: one per CPU
     *                it may run on; Java: one)
     */
    LoadGenerator(Kind kind, Path nativeBinary, String cpus, Integer threads) {
        this.kind = kind;
        this.nativeBinary = nativeBinary;
        this.cpus = cpus;
        this.threads = threads;
        this.machineCores = Runtime.getRuntime().availableProcessors();
    }

    Kind kind() {
        return kind;
    }

    String describe() {
        String where = cpus == null ? "not pinned" : "on CPU " + cpus;
        return (kind == Kind.NATIVE ? "native generator " + nativeBinary.getFileName() : "Java generator EchoLoad")
                + " (" + (threads == null ? "default" : threads) + " thread(s), " + where + ")";
    }

    /**
     * Runs the scenario; returns null (the reason on stderr) if the generator wrote no result.
     *
     * @param serverCpus the CPUs the server is pinned to (null: not pinned), to express the
     *                   Java generator's machine-wide CPU figures per core of each process
     */
    Measurement run(EchoTargets.Endpoint ep, CompareEcho.Scenario s, double warmup, double duration, Path out,
            String serverCpus) throws Exception {
        List<String> cmd = new ArrayList<>(CpuPinning.prefix(cpus));
        if (kind == Kind.NATIVE) {
            cmd.add(nativeBinary.toString());
        } else {
            cmd.addAll(List.of(EchoTargets.javaCommand(), "-cp", System.getProperty("java.class.path"),
                    EchoLoad.class.getName()));
        }
        cmd.addAll(List.of("--label", ep.target(), "--host", ep.host(), "--port", "" + ep.port(),
                "--server-pid", "" + ep.pid(), "--json", out.toString(),
                "--connections", "" + s.connections(), "--inflight", "" + s.inflight(), "--size", "" + s.size(),
                "--warmup", "" + warmup, "--duration", "" + duration));
        if (threads != null) {
            cmd.addAll(List.of("--threads", "" + threads));
        } else if (kind == Kind.JAVA) {
            cmd.addAll(List.of("--threads", "1"));
        }
        Files.deleteIfExists(out);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int status = p.waitFor();
        if (!Files.exists(out)) {
            System.err.println(cmd.get(cpus == null ? 0 : 3) + " exited with " + status + " and wrote no result");
            return null;
        }
        String json = Files.readString(out);
        if (kind == Kind.NATIVE) {
            return new Measurement(json, number(json, "msgs_per_s"), number(json, "p50_us"), number(json, "p99_us"),
                    number(json, "p999_us"), (long) number(json, "errors"), number(json, "generator_cpu_share"),
                    number(json, "server_cpu_share"), number(json, "other_cpu_share"));
        }
        // EchoLoad reports CPU as shares of the cores its JVM sees ("cores": 1 when pinned to one):
        // re-expressed per CPU each process may use, and "other" as a share of the whole machine.
        double seen = number(json, "cores");
        double generatorCores = number(json, "generator_cpu_share") * seen;
        double serverCores = number(json, "server_cpu_share") * seen;
        int generatorCpuCount = cpus == null ? machineCores : CpuPinning.count(cpus);
        int serverCpuCount = serverCpus == null ? machineCores : CpuPinning.count(serverCpus);
        double other = number(json, "machine_busy_share")
                - (generatorCores + (Double.isNaN(serverCores) ? 0 : serverCores)) / machineCores;
        return new Measurement(json, number(json, "msgs_per_s"), number(json, "p50_us"), number(json, "p99_us"),
                number(json, "p999_us"), (long) number(json, "errors"), generatorCores / generatorCpuCount,
                serverCores / serverCpuCount, Math.max(0, other));
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*(-?[0-9.eE+]+|null)").matcher(json);
        if (!m.find() || m.group(1).equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }
}

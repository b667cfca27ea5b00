package dev.patchbay.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins processes to CPU sets with {@code taskset} (util-linux), so that the server under test
 * and the load generator never take each other's core.
 */
final class CpuPinning {

    private CpuPinning() {
    }

    /** How many CPUs a taskset list names ("0", "1-3", "0,2-3"). */
    static int count(String cpus) {
        int n = 0;
        for (String part : cpus.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            if (dash < 0) {
                Integer.parseInt(p);
                n++;
            } else {
                int from = Integer.parseInt(p.substring(0, dash));
                int to = Integer.parseInt(p.substring(dash + 1));
                if (to < from) {
                    throw new IllegalArgumentException("bad CPU range " + p);
                }
                n += to - from + 1;
            }
        }
        return n;
    }

    /** The command prefix that runs a new process on {@code cpus}; empty when cpus is null. */
    static List<String> prefix(String cpus) {
        List<String> p = new ArrayList<>();
        if (cpus != null) {
            p.add("taskset");
            p.add("-c");
            p.add(cpus);
        }
        return p;
    }

    /** The CPUs a process may run on now (Cpus_allowed_list of /proc/PID/status), or "?". */
    static String allowed(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone
        }
        return "?";
    }

    /**
     * Pins every thread of a running process to {@code cpus} ({@code taskset -a -p}); threads it
     * starts later inherit the set from the thread that starts them. Returns false, with the
     * reason on stderr, if that failed.
     */
    static boolean pin(long pid, String cpus) {
        if (pid <= 0 || cpus == null) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, "" + pid).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.err.println("taskset -a -p -c " + cpus + " " + pid + " failed: " + out.trim());
                return false;
            }
            return true;
        } catch (IOException e) {
            System.err.println("cannot run taskset (util-linux) to pin pid " + pid + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

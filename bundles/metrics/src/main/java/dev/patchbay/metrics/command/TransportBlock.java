package dev.patchbay.metrics.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.patchbay.api.runtime.TransportStatus;

/** The transport-wide lines of {@code patchbay:stats}: memory budget, refusals, failures, I/O threads. */
final class TransportBlock {

    private TransportBlock() {
    }

    /** The block for a status, or a single line when the transport is not running ({@code null}). */
    static List<String> lines(TransportStatus status) {
        List<String> lines = new ArrayList<>();
        if (status == null) {
            lines.add("Transport: not running");
            return lines;
        }
        lines.add("Transport");
        lines.add(row("memory budget", bytes(status.memoryBudgetBytes())));
        lines.add(row("memory held", bytes(status.memoryHeldBytes()) + share(status)));
        lines.add(row("memory state", status.memoryState()));
        lines.add(row("sessions paused", Integer.toString(status.sessionsPausedForMemory())));
        lines.add(row("refused for memory", Long.toString(status.connectionsRefusedForMemory())));
        lines.add(row("slow readers closed", Long.toString(status.slowReadersClosed())));
        lines.add(row("plug-in failures", Long.toString(status.pluginFailures())));
        lines.add(row("I/O threads", status.ioThreads().size()
                + (status.live() ? ", none dead or stuck" : ", " + String.join("; ", status.liveProblems()))));
        if (!status.ready()) {
            lines.add(row("not ready", String.join("; ", status.readyProblems())));
        }
        return lines;
    }

    private static String row(String key, String value) {
        return String.format(Locale.ROOT, "  %-20s %s", key, value);
    }

    private static String share(TransportStatus status) {
        if (status.memoryBudgetBytes() <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, ", %.1f%% of the budget", 100.0 * status.memoryHeldBytes() / status.memoryBudgetBytes());
    }

    /** Exact bytes for scripts, and a binary unit for people. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%d B (%.1f %s)", n, value, units[unit]);
    }
}

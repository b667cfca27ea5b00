package dev.patchbay.audit.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.patchbay.audit.internal.AuditClass;
import dev.patchbay.audit.internal.AuditLog;

@Service
@Command(scope = "patchbay", name = "audit-tail",
        description = "Prints the last lines of the audit log (one JSON object per line), oldest first, reaching into "
                + "rotated files when the current one has fewer; operations and session lines merged by time. --event keeps one kind of event, e.g. session.closed, "
                + "or a family with a trailing dot, e.g. config.")
public class AuditTailCommand implements Action {

    private static final Pattern EVENT = Pattern.compile("^\\{\"ts\":\"[^\"]*\",\"event\":\"([^\"]*)\"");

    @Reference
    private AuditLog audit;

    @Option(name = "-n", aliases = "--lines", description = "How many lines to print (default 20)")
    private int lines = 20;

    @Option(name = "--event", aliases = "-e", description = "Only events of this kind (or family, ending in '.')")
    @Completion(value = StringsCompleter.class, values = {"session.opened", "session.closed", "tls.failed",
            "access.denied", "ratelimit.refused", "ratelimit.delayed", "address.blocked", "address.unblocked",
            "config.changed", "config.refused", "bundle.installed", "bundle.updated", "bundle.uninstalled",
            "handler.swapped", "endpoint.started", "endpoint.moved", "endpoint.stopped", "console.command",
            "audit.started", "audit.moved", "audit.rotated", "session.summary", "tls.loaded", "tls.refused", "transport.memory", "plugin.failed",
            "session.", "config.", "bundle.", "endpoint.", "ratelimit.", "address."})
    private String event;

    @Override
    public Object execute() throws IOException {
        if (lines <= 0) {
            return null;
        }
        List<String> merged = new ArrayList<>();
        for (AuditClass c : AuditClass.values()) {
            merged = merge(merged, lastMatching(audit.files(c)));
        }
        merged.subList(0, Math.max(0, merged.size() - lines)).clear();
        merged.forEach(System.out::println);
        return null;
    }

    /** The last {@code lines} matching lines of one class's files, in file order. */
    private List<String> lastMatching(List<Path> files) throws IOException {
        Deque<String> found = new ArrayDeque<>();
        for (int i = files.size() - 1; i >= 0 && found.size() < lines; i--) {
            List<String> last = lastMatching(files.get(i), lines - found.size());
            for (int j = last.size() - 1; j >= 0; j--) {
                found.addFirst(last.get(j));
            }
        }
        return new ArrayList<>(found);
    }

    /** Merges two classes' lines by ts, each keeping its own file order. */
    private static List<String> merge(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size() || (i < a.size() && ts(a.get(i)).compareTo(ts(b.get(j))) <= 0)) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }

    private static String ts(String line) {
        String prefix = "{\"ts\":\"";
        int end = line.indexOf('"', prefix.length());
        return line.startsWith(prefix) && end > 0 ? line.substring(prefix.length(), end) : "";
    }

    /** The last {@code n} matching lines of one file, in file order, read in one pass. */
    private List<String> lastMatching(Path file, int n) throws IOException {
        Deque<String> window = new ArrayDeque<>(n);
        try (BufferedReader in = Files.newBufferedReader(file, UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (matches(line)) {
                    if (window.size() == n) {
                        window.removeFirst();
                    }
                    window.addLast(line);
                }
            }
        }
        return new ArrayList<>(window);
    }

    private boolean matches(String line) {
        if (event == null || event.isEmpty()) {
            return true;
        }
        Matcher m = EVENT.matcher(line);
        if (!m.find()) {
            return false;
        }
        String kind = m.group(1);
        return event.endsWith(".") || event.endsWith("*")
                ? kind.startsWith(event.substring(0, event.length() - (event.endsWith("*") ? 1 : 0)))
                : kind.equals(event);
    }
}

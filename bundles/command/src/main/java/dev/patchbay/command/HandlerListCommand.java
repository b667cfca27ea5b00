package dev.patchbay.command;

import java.util.stream.Collectors;

import dev.patchbay.api.runtime.HandlerInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "handler-list",
        description = "Lists the installed protocol handlers, one row per version: bundle, state "
                + "(serving new sessions, draining older ones, or idle), the endpoints whose new sessions it serves, "
                + "and its open sessions per endpoint.")
public class HandlerListCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    /** serving: new sessions of some endpoint go to it; draining: it only keeps older sessions. */
    static String state(HandlerInfo h) {
        if (!h.servingNew().isEmpty()) {
            return "serving";
        }
        return h.sessions().isEmpty() ? "idle" : "draining";
    }

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Version");
        table.column("Bundle");
        table.column("State");
        table.column("Serves new sessions of");
        table.column("Open sessions");
        for (HandlerInfo h : runtime.handlers()) {
            String open = h.sessions().isEmpty() ? "-" : h.sessions().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
            table.addRow().addContent(h.name(), h.version(), h.bundleId() + " " + h.bundle(), state(h),
                    h.servingNew().isEmpty() ? "-" : String.join(", ", h.servingNew()), open);
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

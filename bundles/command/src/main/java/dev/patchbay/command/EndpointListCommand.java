package dev.patchbay.command;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "endpoint-list",
        description = "Lists the endpoints: address, codec, the handler version serving new sessions, "
                + "the filter chain in order, state and open sessions. "
                + "Endpoints come from etc/dev.patchbay.endpoint-<name>.cfg.")
public class EndpointListCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    /** The filters in the order they run, then the listed ones that are not there. */
    static String chain(EndpointInfo e) {
        List<String> shown = e.activeFilters();
        String running = String.join(" > ", shown);
        List<String> absent = new ArrayList<>();
        for (String listed : e.filters()) {
            String name = listed.endsWith("?") ? listed.substring(0, listed.length() - 1) : listed;
            if (!shown.contains(name)) {
                absent.add(listed.endsWith("?") ? listed + " (absent)" : listed + " (MISSING)");
            }
        }
        if (absent.isEmpty()) {
            return running.isEmpty() ? "-" : running;
        }
        return (running.isEmpty() ? "" : running + "; ") + String.join(", ", absent);
    }

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Address");
        table.column("Codec");
        table.column("TLS");
        table.column("Handler");
        table.column("Sessions by version");
        table.column("Swap");
        table.column("Filters");
        table.column("State");
        table.column("Sessions").alignRight();
        table.column("Refused").alignRight();
        table.column("Bad frames").alignRight();
        table.column("Detail");
        for (EndpointInfo e : runtime.endpoints()) {
            String handler = e.handler() + " " + (e.handlerVersion() == null ? "(none)" : e.handlerVersion());
            String filters = chain(e);
            String byVersion = e.sessionsByVersion().isEmpty() ? "-" : e.sessionsByVersion().entrySet().stream()
                    .map(v -> v.getKey() + ":" + v.getValue()).collect(Collectors.joining(" "));
            table.addRow().addContent(e.name(), e.address(), e.codec(), e.tls() == null ? "-" : e.tls(), handler, byVersion, e.swapPolicy(), filters, e.state(),
                    e.sessions(), e.connectionsRefused(), e.framesRejected(), e.detail());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

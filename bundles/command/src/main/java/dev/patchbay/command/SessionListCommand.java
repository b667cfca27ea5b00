package dev.patchbay.command;

import java.time.Duration;
import java.time.Instant;

import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "session-list",
        description = "Lists open sessions, of one endpoint or of all: id, endpoint, remote address, "
                + "handler version serving it, age, bytes and messages in and out.")
public class SessionListCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Argument(name = "endpoint", description = "Only the sessions of this endpoint", required = false)
    @Completion(EndpointNameCompleter.class)
    private String endpoint;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Endpoint");
        table.column("Remote");
        table.column("Handler");
        table.column("Age");
        table.column("Bytes in").alignRight();
        table.column("Bytes out").alignRight();
        table.column("Msgs in").alignRight();
        table.column("Msgs out").alignRight();
        Instant now = Instant.now();
        for (SessionInfo s : runtime.sessions(endpoint)) {
            table.addRow().addContent(s.id(), s.endpoint(), s.remote(),
                    s.handler() + " " + (s.handlerVersion() == null ? "(held)" : s.handlerVersion()),
                    age(Duration.between(s.openedAt(), now)),
                    s.bytesIn(), s.bytesOut(), s.messagesIn(), s.messagesOut());
        }
        table.print(System.out, !noFormat);
        return null;
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}

package dev.patchbay.command;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "patchbay", name = "drain",
        description = "Drains an endpoint: it stops accepting and releases its port; open sessions finish, "
                + "and those still open after the endpoint's drain.timeout are closed after their pending replies. "
                + "Prints the sessions left each second until none is. Editing the endpoint's .cfg brings it back.")
public class DrainCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Argument(name = "endpoint", description = "Endpoint name", required = true)
    @Completion(EndpointNameCompleter.class)
    private String endpoint;

    @Option(name = "--no-wait", description = "Start draining and return at once")
    private boolean noWait;

    @Override
    public Object execute() throws InterruptedException, CommandException {
        if (!runtime.drain(endpoint)) {
            throw Failures.noEndpoint(endpoint);
        }
        int left = sessionsLeft();
        System.out.println("Endpoint " + endpoint + " draining: no longer accepting; " + left + " session(s) open");
        while (!noWait && left > 0) {
            Thread.sleep(1000);
            left = sessionsLeft();
            System.out.println("  " + left + " session(s) open");
        }
        if (!noWait) {
            System.out.println("Endpoint " + endpoint + " drained");
        }
        return null;
    }

    private int sessionsLeft() {
        return runtime.endpoints().stream().filter(e -> e.name().equals(endpoint))
                .mapToInt(EndpointInfo::sessions).findFirst().orElse(0);
    }
}

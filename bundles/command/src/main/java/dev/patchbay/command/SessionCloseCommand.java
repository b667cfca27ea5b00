package dev.patchbay.command;

import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "patchbay", name = "session-close",
        description = "Closes a session after its pending replies are sent. Find ids with patchbay:session-list.")
public class SessionCloseCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Argument(name = "id", description = "Session id, as shown by patchbay:session-list", required = true)
    @Completion(SessionIdCompleter.class)
    private long id;

    @Override
    public Object execute() throws CommandException {
        if (!runtime.closeSession(id)) {
            throw new CommandException("No open session with id " + id + " (see patchbay:session-list)");
        }
        System.out.println("Session " + id + " closed");
        return null;
    }
}

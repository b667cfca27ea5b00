package dev.patchbay.command;

import java.util.List;

import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the sessions open now. */
@Service
public class SessionIdCompleter implements Completer {

    @Reference
    private TransportRuntime runtime;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(runtime.sessions(null).stream().map(s -> Long.toString(s.id())).toList())
                .complete(session, commandLine, candidates);
    }
}

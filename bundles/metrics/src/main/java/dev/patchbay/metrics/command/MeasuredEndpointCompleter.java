package dev.patchbay.metrics.command;

import java.util.List;

import dev.patchbay.metrics.internal.EndpointTraffic;
import dev.patchbay.metrics.internal.TrafficObserver;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the endpoints that have figures. */
@Service
public class MeasuredEndpointCompleter implements Completer {

    @Reference
    private TrafficObserver traffic;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(traffic.all().stream().map(EndpointTraffic::endpoint).toList())
                .complete(session, commandLine, candidates);
    }
}

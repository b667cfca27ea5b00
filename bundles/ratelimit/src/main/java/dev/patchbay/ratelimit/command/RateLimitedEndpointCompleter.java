package dev.patchbay.ratelimit.command;

import java.util.List;

import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the endpoints that name a rate-limit profile. */
@Service
public class RateLimitedEndpointCompleter implements Completer {

    @Reference
    private TransportRuntime runtime;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(runtime.endpoints().stream()
                .filter(e -> e.filters().stream().anyMatch(f -> f.startsWith(FilterConstants.RATELIMIT_PREFIX)))
                .map(EndpointInfo::name).toList())
                .complete(session, commandLine, candidates);
    }
}

package dev.patchbay.ratelimit.command;

import java.util.List;

import dev.patchbay.ratelimit.internal.BlockInfo;
import dev.patchbay.ratelimit.internal.RateLimitRegistry;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the addresses blocked now. */
@Service
public class BlockedAddressCompleter implements Completer {

    @Reference
    private RateLimitRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(registry.profiles().stream().flatMap(p -> p.blocks().stream())
                .map(BlockInfo::address).toList())
                .complete(session, commandLine, candidates);
    }
}

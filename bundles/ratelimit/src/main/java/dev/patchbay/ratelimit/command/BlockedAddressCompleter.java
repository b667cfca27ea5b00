package dev.patchbay.ratelimit.command;

import java.util.List;

import dev.patchbay.ratelimit.internal.BlockInfo;
import dev.patchbay.ratelimit.internal.RateLimitFilter;
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
        StringsCompleter addresses = new StringsCompleter();
        for (RateLimitFilter profile : registry.profiles()) {
            for (BlockInfo b : profile.blocks()) {
                addresses.getStrings().add(b.address());
            }
        }
        return addresses.complete(session, commandLine, candidates);
    }
}

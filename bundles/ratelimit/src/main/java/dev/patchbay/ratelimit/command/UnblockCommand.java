package dev.patchbay.ratelimit.command;

import java.util.ArrayList;
import java.util.List;

import dev.patchbay.ratelimit.internal.BlockInfo;
import dev.patchbay.ratelimit.internal.RateLimitFilter;
import dev.patchbay.ratelimit.internal.RateLimitRegistry;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "patchbay", name = "unblock",
        description = "Ends the blocks of an address at once, on every endpoint and profile: new connections from it are "
                + "accepted again (its limits still apply). Takes an address, or a network as shown by patchbay:blocked-list "
                + "when addresses are grouped by ipv4.prefix or ipv6.prefix; an address also ends the block of the group holding it.")
public class UnblockCommand implements Action {

    @Reference
    private RateLimitRegistry registry;

    @Argument(name = "address", description = "IPv4 or IPv6 address, or network in CIDR notation, e.g. 192.0.2.7 or 2001:db8:1:2::/64",
            required = true)
    @Completion(BlockedAddressCompleter.class)
    private String address;

    /** Throws on a bad address or when nothing was blocked, so that bin/client exits non-zero. */
    @Override
    public Object execute() throws CommandException {
        List<BlockInfo> ended = new ArrayList<>();
        try {
            for (RateLimitFilter profile : registry.profiles()) {
                ended.addAll(profile.unblock(address));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        if (ended.isEmpty()) {
            throw new CommandException("No block for " + address + " (see patchbay:blocked-list)");
        }
        for (BlockInfo b : ended) {
            System.out.println("Unblocked " + b.address() + " on endpoint " + b.endpoint() + " (profile " + b.profile()
                    + ", " + b.remainingSeconds() + " s were left)");
        }
        return null;
    }
}

package dev.patchbay.ratelimit.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.ratelimit.internal.ProfileView;
import dev.patchbay.ratelimit.internal.RateLimitFilter;
import dev.patchbay.ratelimit.internal.RateLimitRegistry;
import dev.patchbay.ratelimit.internal.TalkerInfo;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "ratelimit-show",
        description = "Shows the rate-limit profile of an endpoint (its ratelimit=<profile> key): every limit now in force, "
                + "refusal counts, and the busiest source addresses with their message rate over the last second, "
                + "totals, delays imposed and tokens left (negative: the debt the next message waits for). "
                + "Change limits by editing etc/dev.patchbay.ratelimit-<profile>.cfg; they apply at once.")
public class RateLimitShowCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Reference
    private RateLimitRegistry registry;

    @Argument(name = "endpoint", description = "Endpoint name, as shown by patchbay:endpoint-list", required = true)
    @Completion(RateLimitedEndpointCompleter.class)
    private String endpoint;

    @Option(name = "--top", description = "How many addresses to list, busiest first (default 10)")
    private int top = 10;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    /** Throws on an unknown endpoint, so that bin/client exits non-zero. */
    @Override
    public Object execute() throws CommandException {
        Optional<EndpointInfo> info = runtime.endpoints().stream().filter(e -> e.name().equals(endpoint)).findFirst();
        if (info.isEmpty()) {
            throw new CommandException("No endpoint " + endpoint + " (see patchbay:endpoint-list)");
        }
        List<String> profiles = info.get().filters().stream()
                .map(f -> f.endsWith(FilterConstants.OPTIONAL_SUFFIX) ? f.substring(0, f.length() - 1) : f)
                .filter(f -> f.startsWith(FilterConstants.RATELIMIT_PREFIX))
                .map(f -> f.substring(FilterConstants.RATELIMIT_PREFIX.length()))
                .toList();
        if (profiles.isEmpty()) {
            System.out.println("Endpoint " + endpoint + " has no rate-limit profile: set ratelimit=<profile> in its "
                    + info.get().source());
            return null;
        }
        for (String name : profiles) {
            Optional<RateLimitFilter> profile = registry.profile(name);
            if (profile.isEmpty()) {
                System.out.println("Endpoint " + endpoint + " requires rate-limit profile " + name + ", which is not active: "
                        + "new connections are refused (fail closed). Create or fix etc/dev.patchbay.ratelimit-" + name + ".cfg");
                continue;
            }
            print(profile.get().view(endpoint, Math.max(top, 0)));
        }
        return null;
    }

    private void print(ProfileView v) {
        System.out.println("Endpoint " + endpoint + ": rate-limit profile " + v.profile() + " (" + v.source() + ")");
        System.out.println("Sessions counted: " + v.endpointSessions() + "; active blocks: " + v.blocked()
                + "; addresses tracked by the profile: " + v.addresses() + " of at most " + v.maxAddresses());
        String refused = v.refusals().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        System.out.println("Connections refused by the profile: " + (refused.isEmpty() ? "none" : refused));
        System.out.println();
        ShellTable limits = new ShellTable();
        limits.column("Limit");
        limits.column("Value");
        limits.column("Meaning");
        for (String[] l : v.limits()) {
            limits.addRow().addContent(l[0], l[1], l[2]);
        }
        limits.print(System.out, !noFormat);
        System.out.println();
        System.out.println("Top talkers");
        ShellTable talkers = new ShellTable();
        talkers.column("Address");
        talkers.column("Sessions").alignRight();
        talkers.column("Msg/s").alignRight();
        talkers.column("Messages").alignRight();
        talkers.column("Bytes").alignRight();
        talkers.column("Delayed").alignRight();
        talkers.column("Delay ms").alignRight();
        talkers.column("Refused").alignRight();
        talkers.column("Msg tokens").alignRight();
        talkers.column("Byte tokens").alignRight();
        for (TalkerInfo t : v.topTalkers()) {
            talkers.addRow().addContent(t.address(), t.sessions(), String.format(Locale.ROOT, "%.1f", t.messagesPerSecond()),
                    t.messages(), t.bytes(), t.delayed(), t.delayMillis(), t.refused(),
                    t.messageTokens() == null ? "-" : t.messageTokens(), t.byteTokens() == null ? "-" : t.byteTokens());
        }
        talkers.print(System.out, !noFormat);
    }
}

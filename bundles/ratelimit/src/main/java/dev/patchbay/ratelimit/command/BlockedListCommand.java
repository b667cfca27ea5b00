package dev.patchbay.ratelimit.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import dev.patchbay.ratelimit.internal.BlockInfo;
import dev.patchbay.ratelimit.internal.RateLimitFilter;
import dev.patchbay.ratelimit.internal.RateLimitRegistry;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "blocked-list",
        description = "Lists the addresses blocked by rate-limit profiles: profile, endpoint, address (or address group), "
                + "since when, seconds left and why. An address refused more than block.threshold times within block.window "
                + "is blocked for block.duration; patchbay:unblock ends a block early.")
public class BlockedListCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference
    private RateLimitRegistry registry;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Profile");
        table.column("Endpoint");
        table.column("Address");
        table.column("Since");
        table.column("Seconds left").alignRight();
        table.column("Reason");
        for (RateLimitFilter profile : registry.profiles()) {
            for (BlockInfo b : profile.blocks()) {
                table.addRow().addContent(b.profile(), b.endpoint(), b.address(), TIME.format(b.since()),
                        b.remainingSeconds(), b.reason());
            }
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

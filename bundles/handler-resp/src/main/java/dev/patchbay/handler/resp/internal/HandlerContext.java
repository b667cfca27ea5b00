package dev.patchbay.handler.resp.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Keyspace;
import dev.patchbay.support.event.EventSink;

/** What every command may need beyond its call: the keyspace, the command table, the clients and counters. */
final class HandlerContext {

    /** The endpoint key holding the password AUTH checks; absent or blank: no password. */
    static final String REQUIREPASS = "requirepass";

    private final Keyspace keyspace;
    final CommandTable table = new CommandTable();
    final Map<Long, Session> clients = new ConcurrentHashMap<>();
    final LongAdder connectionsReceived = new LongAdder();
    final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    final long startedMillis = System.currentTimeMillis();
    final long startedNanos = System.nanoTime();
    final String version;
    Transactions transactions;
    Blocking blocking;
    /** Where failed AUTHs are posted for the audit log: Event Admin in OSGi. */
    EventSink events = EventSink.NONE;
    final AuthFailures authFailures = new AuthFailures();
    /** Per endpoint, the keyspace's command counters by {@link CommandFamily} index. */
    private final Map<String, LongAdder[]> commandCounts = new ConcurrentHashMap<>();

    HandlerContext(Keyspace keyspace, String version) {
        this.keyspace = keyspace;
        this.version = version;
    }

    Keyspace keyspace() {
        return keyspace;
    }

    /**
     * The command counters of {@code endpoint}, by family: resolved from the keyspace (which keeps
     * them across updates of this handler) on the endpoint's first command, then one lock-free
     * map read per command.
     */
    LongAdder[] commandCounts(String endpoint) {
        LongAdder[] counts = commandCounts.get(endpoint);
        if (counts == null) {
            counts = commandCounts.computeIfAbsent(endpoint, e -> {
                LongAdder[] byFamily = new LongAdder[CommandFamily.NAMES.length];
                for (int i = 0; i < byFamily.length; i++) {
                    byFamily[i] = keyspace.commandCounter(e, CommandFamily.NAMES[i]);
                }
                return byFamily;
            });
        }
        return counts;
    }

    long commandsProcessed() {
        long total = 0;
        for (Call c : calls) {
            total += c.commands;
        }
        return total;
    }

    static String password(Session session) {
        return session.endpointSetting(REQUIREPASS).filter(p -> !p.isBlank()).orElse(null);
    }
}

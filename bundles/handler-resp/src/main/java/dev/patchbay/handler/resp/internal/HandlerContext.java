package dev.patchbay.handler.resp.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Keyspace;

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

    HandlerContext(Keyspace keyspace, String version) {
        this.keyspace = keyspace;
        this.version = version;
    }

    Keyspace keyspace() {
        return keyspace;
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

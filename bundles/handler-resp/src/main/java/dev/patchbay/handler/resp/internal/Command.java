package dev.patchbay.handler.resp.internal;

import java.nio.charset.StandardCharsets;

/**
 * One command: its name, arity (Redis's convention: n exactly, -n at least n, the name counted)
 * and flags, and what it does.
 */
final class Command {

    /** What a command does, given the call with its arguments checked against the arity. */
    @FunctionalInterface
    interface Action {
        void run(Call call);
    }

    /** May change data. */
    static final int WRITE = 1;
    /** May add data: refused past maxmemory. */
    static final int DENYOOM = 2;
    /** Runs holding the lock of the session's selected database (taken by the dispatcher). */
    static final int DB = 4;
    /** Allowed before AUTH. */
    static final int NO_AUTH = 8;
    /** Runs at once inside MULTI instead of being queued (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET). */
    static final int NO_QUEUE = 16;
    /** Allowed while the connection is subscribed (RESP2). */
    static final int PUBSUB = 32;
    static final int READONLY = 64;
    /** O(1) or O(log n): Redis's "fast" flag, shown by COMMAND DOCS/INFO. */
    static final int FAST = 128;

    final String name;
    final byte[] nameBytes;
    final int arity;
    final int flags;
    final String group;
    final Action action;
    /** Its {@link CommandFamily} index, for the per-family counts; set by the command table. */
    int family = CommandFamily.UNKNOWN;

    Command(String name, int arity, int flags, String group, Action action) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.arity = arity;
        this.flags = flags;
        this.group = group;
        this.action = action;
    }

    boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}

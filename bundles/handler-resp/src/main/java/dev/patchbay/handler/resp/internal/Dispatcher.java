package dev.patchbay.handler.resp.internal;

import dev.patchbay.api.keyspace.Database;

/**
 * Runs one parsed request as Redis's processCommand does, in its order: unknown command,
 * arity, authentication, the memory limit, queueing inside MULTI, then the command itself.
 */
final class Dispatcher {

    private final HandlerContext context;

    Dispatcher(HandlerContext context) {
        this.context = context;
    }

    void serve(Call c) {
        c.commands++;
        long[] st = c.state;
        Command cmd = context.table.find(c.input(), c.offset(0), c.length(0));
        // Every request counts once, when it arrives (a command queued in MULTI when queued).
        context.commandCounts(c.session.endpoint())[cmd == null ? CommandFamily.UNKNOWN : cmd.family].increment();
        if (cmd == null) {
            reject(c, unknownCommand(c));
            return;
        }
        if (!cmd.arityOk(c.argc())) {
            reject(c, Errors.wrongArity(cmd.name).getMessage());
            return;
        }
        long flags = st[SessionState.FLAGS];
        if ((flags & SessionState.AUTHENTICATED) == 0 && !cmd.has(Command.NO_AUTH)) {
            reject(c, Errors.NOAUTH.getMessage());
            return;
        }
        if (cmd.has(Command.DENYOOM) && context.keyspace().refuseWrites()) {
            reject(c, Errors.OOM.getMessage());
            return;
        }
        if ((flags & SessionState.SUBSCRIBED) != 0 && !cmd.has(Command.PUBSUB)) {
            reject(c, "ERR Can't execute '" + cmd.name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT "
                    + "/ RESET are allowed in this context");
            return;
        }
        if ((flags & SessionState.IN_MULTI) != 0 && !cmd.has(Command.NO_QUEUE)) {
            SessionState.queue(c.session).add(c.frameCopy());
            c.reply.simple("QUEUED");
            return;
        }
        execute(cmd, c);
    }

    /** Runs a command whose checks passed (also each command EXEC runs). */
    void execute(Command cmd, Call c) {
        int mark = c.reply.position();
        try {
            if (cmd.has(Command.DB)) {
                Database db = c.db();
                db.lock();
                try {
                    cmd.action.run(c);
                } finally {
                    db.unlock();
                }
            } else {
                cmd.action.run(c);
            }
        } catch (RespError e) {
            c.reply.rewind(mark);
            c.reply.error(e.getMessage());
        }
    }

    /** Looks the current request's command up again (EXEC, after loading a queued frame). */
    Command lookup(Call c) {
        return context.table.find(c.input(), c.offset(0), c.length(0));
    }

    private static void reject(Call c, String error) {
        if ((c.state[SessionState.FLAGS] & SessionState.IN_MULTI) != 0) {
            c.state[SessionState.FLAGS] |= SessionState.MULTI_DIRTY;
        }
        c.reply.error(error);
    }

    /** Redis 7.0's text: the name and the first arguments, each cut so the list stays near 128 bytes. */
    static String unknownCommand(Call c) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < c.argc() && args.length() < 128; i++) {
            String a = c.key(i);
            int room = 128 - args.length();
            args.append('\'').append(a.length() > room ? a.substring(0, room) : a).append("' ");
        }
        return "ERR unknown command '" + Errors.truncate(c.key(0), 128) + "', with args beginning with: " + args;
    }
}

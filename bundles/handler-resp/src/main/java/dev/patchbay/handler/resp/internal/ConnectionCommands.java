package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.NO_AUTH;
import static dev.patchbay.handler.resp.internal.Command.NO_QUEUE;
import static dev.patchbay.handler.resp.internal.Command.PUBSUB;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.patchbay.api.handler.Session;

/** PING, ECHO, QUIT, SELECT, AUTH, HELLO, CLIENT, RESET. */
final class ConnectionCommands {

    private static final String GROUP = "connection";

    private ConnectionCommands() {
    }

    static void register(HandlerContext ctx) {
        CommandTable t = ctx.table;
        t.add("ping", -1, FAST | PUBSUB, GROUP, ConnectionCommands::ping);
        t.add("echo", 2, FAST, GROUP, c -> c.reply.bulk(c.input(), c.offset(1), c.length(1)));
        t.add("quit", -1, NO_AUTH | NO_QUEUE | PUBSUB | FAST, GROUP, c -> {
            c.reply.ok();
            c.session.close();
        });
        t.add("select", 2, FAST, GROUP, c -> {
            long index = c.longArg(1);
            if (index < 0 || index >= c.keyspace().databases()) {
                throw Errors.DB_OUT_OF_RANGE;
            }
            c.state[SessionState.DB] = index;
            c.reply.ok();
        });
        t.add("auth", -2, NO_AUTH | FAST, GROUP, ConnectionCommands::auth);
        t.add("hello", -1, NO_AUTH | FAST, GROUP, c -> hello(ctx, c));
        t.add("client", -2, 0, GROUP, c -> client(ctx, c));
        t.add("reset", 1, NO_AUTH | NO_QUEUE | PUBSUB | FAST, GROUP, c -> {
            // Back to a new connection's state, as Redis 6.2+ does.
            Transactions.unwatchAll(ctx, c.session);
            PubSubCommands.unsubscribeAll(c.keyspace().channels(), c.session);
            c.session.attribute(PubSubCommands.CHANNELS, null);
            c.session.attribute(PubSubCommands.PATTERNS, null);
            c.session.attribute(SessionState.QUEUE, null);
            c.session.attribute(SessionState.NAME, null);
            c.state[SessionState.DB] = 0;
            c.state[SessionState.FLAGS] = HandlerContext.password(c.session) == null ? SessionState.AUTHENTICATED : 0;
            c.reply.simple("RESET");
        });
    }

    private static void ping(Call c) {
        if (c.argc() > 2) {
            throw Errors.wrongArity("ping");
        }
        if ((c.state[SessionState.FLAGS] & SessionState.SUBSCRIBED) != 0) {
            // RESP2 subscribers get PING's answer in the shape of a message.
            c.reply.arrayHeader(2);
            c.reply.bulk("pong");
            if (c.argc() == 2) {
                c.reply.bulk(c.input(), c.offset(1), c.length(1));
            } else {
                c.reply.bulk("");
            }
        } else if (c.argc() == 2) {
            c.reply.bulk(c.input(), c.offset(1), c.length(1));
        } else {
            c.reply.simple("PONG");
        }
    }

    private static void auth(Call c) {
        if (c.argc() > 3) {
            throw Errors.SYNTAX;
        }
        String password = HandlerContext.password(c.session);
        int passArg = c.argc() == 3 ? 2 : 1;
        if (c.argc() == 2 && password == null) {
            c.context.authFailures.failed(c, "AUTH", null, AuthFailures.NO_PASSWORD_SET);
            throw Errors.NO_PASSWORD;
        }
        int userArg = c.argc() == 3 ? 1 : -1;
        String refusal = passwordRefusal(c, userArg, passArg, password);
        if (refusal != null) {
            c.context.authFailures.failed(c, "AUTH", userArg < 0 ? null : c.key(userArg), refusal);
            throw Errors.WRONGPASS;
        }
        c.state[SessionState.FLAGS] |= SessionState.AUTHENTICATED;
        c.reply.ok();
    }

    /**
     * Why the user and password are refused, or null when they are accepted. Only the user
     * "default" exists; without a password it accepts any (Redis's nopass default user).
     */
    private static String passwordRefusal(Call c, int userArg, int passArg, String password) {
        if (userArg >= 0 && !c.key(userArg).equals("default")) {
            return AuthFailures.UNKNOWN_USER;
        }
        if (password == null) {
            return null;
        }
        // Constant time, so the reply's timing tells nothing about the password.
        return MessageDigest.isEqual(c.bytes(passArg), password.getBytes(StandardCharsets.UTF_8))
                ? null : AuthFailures.WRONG_PASSWORD;
    }

    private static void hello(HandlerContext ctx, Call c) {
        int i = 1;
        if (c.argc() >= 2) {
            long version;
            try {
                version = c.longArg(1);
            } catch (RespError e) {
                throw RespError.err("Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3) {
                throw new RespError("NOPROTO unsupported protocol version");
            }
            if (version == 3) {
                // RESP3 replies are not written yet; clients fall back to RESP2 on NOPROTO.
                throw new RespError("NOPROTO unsupported protocol version");
            }
            i = 2;
        }
        String name = null;
        boolean authed = false;
        for (; i < c.argc(); i++) {
            int more = c.argc() - i - 1;
            if (c.is(i, "auth") && more >= 2) {
                String refusal = passwordRefusal(c, i + 1, i + 2, HandlerContext.password(c.session));
                if (refusal != null) {
                    c.context.authFailures.failed(c, "HELLO", c.key(i + 1), refusal);
                    throw Errors.WRONGPASS;
                }
                authed = true;
                i += 2;
            } else if (c.is(i, "setname") && more >= 1) {
                name = c.text(i + 1);
                checkName(name);
                i++;
            } else {
                throw RespError.err("Syntax error in HELLO option '" + c.key(i) + "'");
            }
        }
        if (authed) {
            c.state[SessionState.FLAGS] |= SessionState.AUTHENTICATED;
        }
        if ((c.state[SessionState.FLAGS] & SessionState.AUTHENTICATED) == 0) {
            throw new RespError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (name != null) {
            c.session.attribute(SessionState.NAME, name.isEmpty() ? null : name);
        }
        Reply r = c.reply;
        r.arrayHeader(14);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(ServerCommands.REDIS_VERSION);
        r.bulk("proto");
        r.integer(2);
        r.bulk("id");
        r.integer(c.session.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.arrayHeader(0);
    }

    private static void checkName(String name) {
        for (int k = 0; k < name.length(); k++) {
            char ch = name.charAt(k);
            if (ch < '!' || ch > '~') {
                throw RespError.err("Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private static void client(HandlerContext ctx, Call c) {
        if (c.is(1, "id") && c.argc() == 2) {
            c.reply.integer(c.session.id());
        } else if (c.is(1, "setname")) {
            if (c.argc() != 3) {
                throw Errors.wrongArity("client|setname");
            }
            String name = c.text(2);
            checkName(name);
            c.session.attribute(SessionState.NAME, name.isEmpty() ? null : name);
            c.reply.ok();
        } else if (c.is(1, "getname")) {
            if (c.argc() != 2) {
                throw Errors.wrongArity("client|getname");
            }
            Object name = c.session.attribute(SessionState.NAME);
            if (name == null) {
                c.reply.nullBulk();
            } else {
                c.reply.bulkText((String) name);
            }
        } else if (c.is(1, "info")) {
            c.reply.bulkText(describe(c.session, System.currentTimeMillis()) + "\n");
        } else if (c.is(1, "list")) {
            StringBuilder all = new StringBuilder();
            long now = System.currentTimeMillis();
            for (Session s : ctx.clients.values()) {
                all.append(describe(s, now)).append('\n');
            }
            c.reply.bulkText(all.toString());
        } else if (c.is(1, "setinfo") && c.argc() == 4) {
            c.reply.ok();
        } else if (c.is(1, "help")) {
            String[] lines = {"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "GETNAME", "    Return the name of the current connection.",
                "ID", "    Return the ID of the current connection.",
                "INFO", "    Return information about the current client connection.",
                "LIST", "    Return information about client connections.",
                "SETNAME <name>", "    Assign the name <name> to the current connection.",
                "HELP", "    Print this help."};
            c.reply.arrayHeader(lines.length);
            for (String l : lines) {
                c.reply.simple(l);
            }
        } else {
            throw Errors.unknownSubcommand(c.key(1), "CLIENT");
        }
    }

    /** One line of CLIENT LIST, with Redis 7.0's fields (those Patchbay does not track are 0). */
    static String describe(Session s, long now) {
        Object st = s.attribute(SessionState.STATE);
        long[] state = st instanceof long[] a && a.length >= SessionState.SLOTS ? a : new long[SessionState.SLOTS];
        Object name = s.attribute(SessionState.NAME);
        boolean multi = (state[SessionState.FLAGS] & SessionState.IN_MULTI) != 0;
        Object queue = s.attribute(SessionState.QUEUE);
        int queued = queue instanceof java.util.List<?> l ? l.size() : 0;
        return "id=" + s.id()
                + " addr=" + address(s.remoteAddress())
                + " laddr=" + address(s.localAddress())
                + " fd=0 name=" + (name == null ? "" : name)
                + " age=" + Math.max(0, (now - s.openedAt().toEpochMilli()) / 1000)
                + " idle=" + Math.max(0, (now - state[SessionState.LAST_COMMAND]) / 1000)
                + " flags=" + (multi ? "x" : "N")
                + " db=" + state[SessionState.DB]
                + " sub=0 psub=0 ssub=0 multi=" + (multi ? queued : -1)
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0"
                + " events=r cmd=NULL user=default redir=-1 resp=2";
    }

    private static String address(InetSocketAddress a) {
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}

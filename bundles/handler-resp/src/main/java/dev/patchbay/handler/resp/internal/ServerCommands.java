package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.NO_AUTH;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;
import dev.patchbay.support.units.MemorySize;

/** INFO, CONFIG, DBSIZE, FLUSHDB, FLUSHALL, TIME, COMMAND. */
final class ServerCommands {

    /** The Redis version Patchbay answers as: clients choose features by it. */
    static final String REDIS_VERSION = "7.0.15";

    private static final String GROUP = "server";

    private ServerCommands() {
    }

    static void register(HandlerContext ctx) {
        CommandTable t = ctx.table;
        t.add("info", -1, 0, GROUP, c -> c.reply.bulkText(info(ctx, c)));
        t.add("config", -2, 0, GROUP, c -> config(c));
        t.add("dbsize", 1, DB | FAST, GROUP, c -> c.reply.integer(c.db().size()));
        t.add("flushdb", -1, WRITE | DB, GROUP, c -> {
            checkFlushMode(c);
            c.db().flush();
            c.reply.ok();
        });
        t.add("flushall", -1, WRITE, GROUP, c -> {
            checkFlushMode(c);
            c.keyspace().flushAll();
            c.reply.ok();
        });
        t.add("time", 1, FAST, GROUP, c -> {
            long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
            c.reply.arrayHeader(2);
            c.reply.bulkNumber(micros / 1_000_000);
            c.reply.bulkNumber(micros % 1_000_000);
        });
        t.add("lastsave", 1, FAST, GROUP, c -> c.reply.integer(ctx.startedMillis / 1000));
        t.add("command", -1, 0, GROUP, c -> command(ctx, c));
    }

    private static void checkFlushMode(Call c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.is(1, "sync") && !c.is(1, "async"))) {
            throw Errors.SYNTAX;
        }
    }

    private static String info(HandlerContext ctx, Call c) {
        List<String> wanted = new ArrayList<>();
        for (int i = 1; i < c.argc(); i++) {
            wanted.add(c.text(i).toLowerCase(Locale.ROOT));
        }
        boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
                || wanted.contains("default");
        Keyspace ks = c.keyspace();
        StringBuilder b = new StringBuilder();
        if (all || wanted.contains("server")) {
            long uptime = (System.nanoTime() - ctx.startedNanos) / 1_000_000_000L;
            section(b, "Server");
            b.append("redis_version:").append(REDIS_VERSION).append("\r\n");
            b.append("redis_mode:standalone\r\n");
            b.append("os:").append(System.getProperty("os.name")).append(' ')
                    .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch"))
                    .append("\r\n");
            b.append("arch_bits:64\r\n");
            b.append("process_id:").append(ProcessHandle.current().pid()).append("\r\n");
            b.append("tcp_port:").append(c.session.localAddress() == null ? 0 : c.session.localAddress().getPort())
                    .append("\r\n");
            b.append("uptime_in_seconds:").append(uptime).append("\r\n");
            b.append("uptime_in_days:").append(uptime / 86400).append("\r\n");
            b.append("patchbay_handler_version:").append(ctx.version).append("\r\n");
            b.append("java_version:").append(System.getProperty("java.version")).append("\r\n");
        }
        if (all || wanted.contains("clients")) {
            section(b, "Clients");
            b.append("connected_clients:").append(ctx.clients.size()).append("\r\n");
            b.append("blocked_clients:").append(ctx.blocking.waiting()).append("\r\n");
        }
        if (all || wanted.contains("memory")) {
            section(b, "Memory");
            long used = ks.usedMemory();
            Runtime rt = Runtime.getRuntime();
            b.append("used_memory:").append(used).append("\r\n");
            b.append("used_memory_human:").append(human(used)).append("\r\n");
            b.append("used_memory_jvm_heap:").append(rt.totalMemory() - rt.freeMemory()).append("\r\n");
            b.append("maxmemory:").append(ks.maxMemory()).append("\r\n");
            b.append("maxmemory_human:").append(human(ks.maxMemory())).append("\r\n");
            b.append("maxmemory_policy:").append(ks.maxMemoryPolicy()).append("\r\n");
        }
        if (all || wanted.contains("stats")) {
            long hits = 0;
            long misses = 0;
            for (int i = 0; i < ks.databases(); i++) {
                hits += ks.database(i).hits();
                misses += ks.database(i).misses();
            }
            section(b, "Stats");
            b.append("total_connections_received:").append(ctx.connectionsReceived.sum()).append("\r\n");
            b.append("total_commands_processed:").append(ctx.commandsProcessed()).append("\r\n");
            b.append("expired_keys:").append(ks.expiredKeys()).append("\r\n");
            b.append("evicted_keys:").append(ks.evictedKeys()).append("\r\n");
            b.append("keyspace_hits:").append(hits).append("\r\n");
            b.append("keyspace_misses:").append(misses).append("\r\n");
            b.append("total_oom_refusals:").append(ks.refusedWrites()).append("\r\n");
        }
        if (all || wanted.contains("keyspace")) {
            section(b, "Keyspace");
            for (int i = 0; i < ks.databases(); i++) {
                Database db = ks.database(i);
                db.lock();
                try {
                    if (db.size() > 0) {
                        b.append("db").append(i).append(":keys=").append(db.size()).append(",expires=")
                                .append(db.volatileSize()).append(",avg_ttl=0\r\n");
                    }
                } finally {
                    db.unlock();
                }
            }
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String name) {
        if (b.length() > 0) {
            b.append("\r\n");
        }
        b.append("# ").append(name).append("\r\n");
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }

    private static void config(Call c) {
        Keyspace ks = c.keyspace();
        if (c.is(1, "get")) {
            if (c.argc() < 3) {
                throw Errors.wrongArity("config|get");
            }
            String[][] settings = {
                {"maxmemory", Long.toString(ks.maxMemory())},
                {"maxmemory-policy", ks.maxMemoryPolicy()},
                {"databases", Integer.toString(ks.databases())},
                {"save", ""},
                {"appendonly", "no"},
            };
            List<String> out = new ArrayList<>();
            for (String[] s : settings) {
                for (int i = 2; i < c.argc(); i++) {
                    if (Glob.matchesIgnoreCase(c.text(i), s[0])) {
                        out.add(s[0]);
                        out.add(s[1]);
                        break;
                    }
                }
            }
            c.reply.arrayHeader(out.size());
            for (String s : out) {
                c.reply.bulkText(s);
            }
        } else if (c.is(1, "set")) {
            if (c.argc() < 4 || c.argc() % 2 != 0) {
                throw Errors.wrongArity("config|set");
            }
            for (int i = 2; i < c.argc(); i += 2) {
                if (!c.is(i, "maxmemory")) {
                    throw RespError.err("Unknown option or number of arguments for CONFIG SET - '" + c.key(i) + "'");
                }
            }
            for (int i = 2; i < c.argc(); i += 2) {
                long bytes;
                try {
                    bytes = MemorySize.parse(c.text(i + 1));
                } catch (IllegalArgumentException e) {
                    throw RespError.err("CONFIG SET failed (possibly related to argument 'maxmemory') - argument "
                            + "couldn't be parsed into an integer");
                }
                ks.maxMemory(bytes);
            }
            c.reply.ok();
        } else if (c.is(1, "resetstat") && c.argc() == 2) {
            c.reply.ok();
        } else if (c.is(1, "help")) {
            c.reply.arrayHeader(3);
            c.reply.simple("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
            c.reply.simple("GET <pattern>, SET <directive> <value>, RESETSTAT");
            c.reply.simple("HELP");
        } else {
            throw Errors.unknownSubcommand(c.key(1), "CONFIG");
        }
    }

    private static void command(HandlerContext ctx, Call c) {
        List<Command> all = ctx.table.all();
        if (c.argc() == 1) {
            c.reply.arrayHeader(all.size());
            for (Command cmd : all) {
                info(c.reply, cmd);
            }
        } else if (c.is(1, "count") && c.argc() == 2) {
            c.reply.integer(all.size());
        } else if (c.is(1, "info")) {
            c.reply.arrayHeader(c.argc() - 2);
            for (int i = 2; i < c.argc(); i++) {
                Command cmd = ctx.table.find(c.input(), c.offset(i), c.length(i));
                if (cmd == null) {
                    c.reply.nullArray();
                } else {
                    info(c.reply, cmd);
                }
            }
        } else if (c.is(1, "docs")) {
            // Minimal docs: a summary per command. redis-cli uses them for hints only.
            List<Command> asked = new ArrayList<>();
            if (c.argc() == 2) {
                asked.addAll(all);
            } else {
                for (int i = 2; i < c.argc(); i++) {
                    Command cmd = ctx.table.find(c.input(), c.offset(i), c.length(i));
                    if (cmd != null) {
                        asked.add(cmd);
                    }
                }
            }
            c.reply.arrayHeader(asked.size() * 2L);
            for (Command cmd : asked) {
                c.reply.bulk(cmd.name);
                c.reply.arrayHeader(4);
                c.reply.bulk("summary");
                c.reply.bulk(cmd.name.toUpperCase(Locale.ROOT) + " (" + cmd.group + ")");
                c.reply.bulk("group");
                c.reply.bulk(cmd.group);
            }
        } else if (c.is(1, "help")) {
            c.reply.arrayHeader(2);
            c.reply.simple("COMMAND [<subcommand> [<arg> [value] [opt] ...]]. Subcommands are:");
            c.reply.simple("(no subcommand), COUNT, INFO [<command-name> ...], DOCS [<command-name> ...], HELP");
        } else {
            throw Errors.unknownSubcommand(c.key(1), "COMMAND");
        }
    }

    /** COMMAND's ten-element entry; key positions are the common (1, 1, 1) for commands on the selected database. */
    private static void info(Reply r, Command cmd) {
        r.arrayHeader(10);
        r.bulk(cmd.name);
        r.integer(cmd.arity);
        List<String> flags = new ArrayList<>();
        if (cmd.has(WRITE)) {
            flags.add("write");
        }
        if (cmd.has(Command.READONLY)) {
            flags.add("readonly");
        }
        if (cmd.has(Command.DENYOOM)) {
            flags.add("denyoom");
        }
        if (cmd.has(NO_AUTH)) {
            flags.add("no_auth");
        }
        if (cmd.has(FAST)) {
            flags.add("fast");
        }
        r.arrayHeader(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
        boolean keys = cmd.has(DB) && !cmd.name.equals("dbsize") && !cmd.name.equals("flushdb")
                && !cmd.name.equals("randomkey") && !cmd.name.equals("keys") && !cmd.name.equals("scan");
        r.integer(keys ? 1 : 0);
        r.integer(keys ? 1 : 0);
        r.integer(keys ? 1 : 0);
        r.arrayHeader(1);
        r.simple("@" + cmd.group);
        r.arrayHeader(0);
        r.arrayHeader(0);
        r.arrayHeader(0);
    }
}

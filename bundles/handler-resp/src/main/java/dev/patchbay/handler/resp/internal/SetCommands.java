package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.patchbay.api.keyspace.Database;

/**
 * The set commands of Redis 7.0. A set is a {@link HashSet} of ISO-8859-1 members; random
 * members (SPOP, SRANDMEMBER) walk it, O(n), where Redis's dict has random access.
 */
final class SetCommands {

    private static final String GROUP = "set";

    private SetCommands() {
    }

    static long cost(String member) {
        return Database.SET_MEMBER_OVERHEAD + member.length();
    }

    static void register(CommandTable t) {
        t.add("sadd", -3, WRITE | DENYOOM | DB | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            HashSet<String> set = Values.set(db.peek(key));
            if (set == null) {
                set = new HashSet<>();
                db.put(key, set);
            }
            long added = 0;
            long delta = 0;
            for (int i = 2; i < c.argc(); i++) {
                String m = c.key(i);
                if (set.add(m)) {
                    added++;
                    delta += cost(m);
                }
            }
            db.changed(key, delta);
            c.reply.integer(added);
        });
        t.add("srem", -3, WRITE | DB | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            HashSet<String> set = Values.set(db.peek(key));
            if (set == null) {
                c.reply.integer(0);
                return;
            }
            long removed = 0;
            long delta = 0;
            for (int i = 2; i < c.argc(); i++) {
                String m = c.key(i);
                if (set.remove(m)) {
                    removed++;
                    delta -= cost(m);
                }
            }
            ListCommands.removeIfEmpty(db, key, set, delta);
            c.reply.integer(removed);
        });
        t.add("smembers", 2, READONLY | DB, GROUP, c -> members(c, Values.set(c.db().get(c.key(1)))));
        t.add("sismember", 3, READONLY | DB | FAST, GROUP, c -> {
            HashSet<String> set = Values.set(c.db().get(c.key(1)));
            c.reply.integer(set != null && set.contains(c.key(2)) ? 1 : 0);
        });
        t.add("smismember", -3, READONLY | DB | FAST, GROUP, c -> {
            HashSet<String> set = Values.set(c.db().get(c.key(1)));
            c.reply.arrayHeader(c.argc() - 2L);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.integer(set != null && set.contains(c.key(i)) ? 1 : 0);
            }
        });
        t.add("scard", 2, READONLY | DB | FAST, GROUP, c -> {
            HashSet<String> set = Values.set(c.db().get(c.key(1)));
            c.reply.integer(set == null ? 0 : set.size());
        });
        t.add("spop", -2, WRITE | DB | FAST, GROUP, SetCommands::spop);
        t.add("srandmember", -2, READONLY | DB, GROUP, SetCommands::srandmember);
        t.add("smove", 4, WRITE | DB | FAST, GROUP, SetCommands::smove);
        t.add("sinter", -2, READONLY | DB, GROUP, c -> members(c, combine(c, 1, Op.INTER)));
        t.add("sunion", -2, READONLY | DB, GROUP, c -> members(c, combine(c, 1, Op.UNION)));
        t.add("sdiff", -2, READONLY | DB, GROUP, c -> members(c, combine(c, 1, Op.DIFF)));
        t.add("sinterstore", -3, WRITE | DENYOOM | DB, GROUP, c -> store(c, combine(c, 2, Op.INTER)));
        t.add("sunionstore", -3, WRITE | DENYOOM | DB, GROUP, c -> store(c, combine(c, 2, Op.UNION)));
        t.add("sdiffstore", -3, WRITE | DENYOOM | DB, GROUP, c -> store(c, combine(c, 2, Op.DIFF)));
    }

    private enum Op { INTER, UNION, DIFF }

    private static void members(Call c, java.util.Collection<String> set) {
        if (set == null) {
            c.reply.arrayHeader(0);
            return;
        }
        c.reply.arrayHeader(set.size());
        for (String m : set) {
            c.reply.bulk(m);
        }
    }

    private static HashSet<String> combine(Call c, int first, Op op) {
        Database db = c.db();
        // Type errors are found before any work, as Redis does.
        List<HashSet<String>> sets = new ArrayList<>();
        for (int i = first; i < c.argc(); i++) {
            sets.add(Values.set(db.get(c.key(i))));
        }
        HashSet<String> result = new HashSet<>();
        HashSet<String> head = sets.get(0);
        if (head == null) {
            if (op != Op.UNION) {
                return result;
            }
        } else {
            result.addAll(head);
        }
        for (int i = 1; i < sets.size(); i++) {
            HashSet<String> s = sets.get(i);
            switch (op) {
                case INTER -> {
                    if (s == null) {
                        result.clear();
                    } else {
                        result.retainAll(s);
                    }
                }
                case UNION -> {
                    if (s != null) {
                        result.addAll(s);
                    }
                }
                case DIFF -> {
                    if (s != null) {
                        result.removeAll(s);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return result;
    }

    private static void store(Call c, HashSet<String> result) {
        Database db = c.db();
        String key = c.key(1);
        if (result.isEmpty()) {
            db.remove(key);
        } else {
            db.put(key, result);
        }
        c.reply.integer(result.size());
    }

    static String random(HashSet<String> set) {
        int skip = ThreadLocalRandom.current().nextInt(set.size());
        Iterator<String> it = set.iterator();
        for (int i = 0; i < skip; i++) {
            it.next();
        }
        return it.next();
    }

    private static void spop(Call c) {
        if (c.argc() > 3) {
            throw Errors.SYNTAX;
        }
        boolean hasCount = c.argc() == 3;
        long count = 1;
        if (hasCount) {
            count = Args.notNegative(c, 2, Errors.NOT_POSITIVE);
        }
        Database db = c.db();
        String key = c.key(1);
        HashSet<String> set = Values.set(db.peek(key));
        if (set == null) {
            if (hasCount) {
                c.reply.arrayHeader(0);
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        int n = (int) Math.min(count, set.size());
        if (hasCount) {
            c.reply.arrayHeader(n);
        }
        long delta = 0;
        for (String m : RandomMembers.sample(set, n)) {
            set.remove(m);
            delta -= cost(m);
            c.reply.bulk(m);
        }
        ListCommands.removeIfEmpty(db, key, set, delta);
    }

    private static void srandmember(Call c) {
        if (c.argc() > 3) {
            throw Errors.SYNTAX;
        }
        HashSet<String> set = Values.set(c.db().get(c.key(1)));
        if (c.argc() == 2) {
            if (set == null) {
                c.reply.nullBulk();
            } else {
                c.reply.bulk(random(set));
            }
            return;
        }
        long count = Args.repeatedPicks(c.longArg(2));
        if (set == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        if (count < 0) {
            // Negative: that many members, repeats allowed.
            // One copy, then each pick O(1).
            String[] all = set.toArray(new String[0]);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            c.reply.arrayHeader(-count);
            for (long i = 0; i < -count; i++) {
                c.reply.bulk(all[random.nextInt(all.length)]);
            }
            return;
        }
        List<String> picked = RandomMembers.sample(set, (int) Math.min(count, set.size()));
        c.reply.arrayHeader(picked.size());
        for (String m : picked) {
            c.reply.bulk(m);
        }
    }

    private static void smove(Call c) {
        Database db = c.db();
        String from = c.key(1);
        String to = c.key(2);
        HashSet<String> source = Values.set(db.peek(from));
        HashSet<String> target = Values.set(db.peek(to));
        String m = c.key(3);
        if (source == null || !source.contains(m)) {
            c.reply.integer(0);
            return;
        }
        if (from.equals(to)) {
            c.reply.integer(1);
            return;
        }
        source.remove(m);
        ListCommands.removeIfEmpty(db, from, source, -cost(m));
        if (target == null) {
            target = new HashSet<>();
            db.put(to, target);
        }
        if (target.add(m)) {
            db.changed(to, cost(m));
        }
        c.reply.integer(1);
    }
}

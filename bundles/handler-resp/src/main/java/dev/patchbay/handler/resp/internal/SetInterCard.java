package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.READONLY;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

import dev.patchbay.api.keyspace.Database;

/** SINTERCARD: the size of an intersection of sets, counted up to a LIMIT, as Redis 7.0 answers it. */
final class SetInterCard {

    private static final RespError NUMKEYS = RespError.err("numkeys should be greater than 0");
    private static final RespError TOO_MANY_KEYS = RespError.err("Number of keys can't be greater than number of args");

    private SetInterCard() {
    }

    static void register(CommandTable t) {
        t.add("sintercard", -3, READONLY | DB, "set", SetInterCard::sintercard);
    }

    private static void sintercard(Call c) {
        long numkeys = Args.positive(c, 1, NUMKEYS);
        if (numkeys > c.argc() - 2) {
            throw TOO_MANY_KEYS;
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc(); j++) {
            if (c.is(j, "limit") && j < c.argc() - 1) {
                j++;
                limit = Args.notNegative(c, j, SortedSetAlgebra.LIMIT_NEGATIVE);
            } else {
                throw Errors.SYNTAX;
            }
        }
        Database db = c.db();
        // Every key's type is checked before a missing key makes the answer 0, as Redis does.
        List<HashSet<String>> sets = new ArrayList<>();
        boolean empty = false;
        for (int i = 0; i < numkeys; i++) {
            HashSet<String> s = Values.set(db.get(c.key(2 + i)));
            empty |= s == null;
            sets.add(s);
        }
        if (empty) {
            c.reply.integer(0);
            return;
        }
        sets.sort(Comparator.comparingInt(HashSet::size));
        long count = 0;
        outer:
        for (String m : sets.get(0)) {
            for (int k = 1; k < sets.size(); k++) {
                if (!sets.get(k).contains(m)) {
                    continue outer;
                }
            }
            count++;
            if (count == limit) {
                break;
            }
        }
        c.reply.integer(count);
    }
}

package dev.patchbay.handler.resp.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Command names to commands, looked up from the request's bytes without allocating: an
 * open-addressing table keyed by a case-insensitive hash of the name.
 */
final class CommandTable {

    private final Command[] slots = new Command[1024];
    private final List<Command> all = new ArrayList<>();

    CommandTable add(String name, int arity, int flags, String group, Command.Action action) {
        Command c = new Command(name, arity, flags, group, action);
        c.family = CommandFamily.of(group);
        if (find(c.nameBytes, 0, c.nameBytes.length) != null) {
            throw new IllegalStateException("command " + name + " registered twice");
        }
        if (all.size() >= slots.length / 2) {
            throw new IllegalStateException("command table full");
        }
        int mask = slots.length - 1;
        int i = hash(c.nameBytes, 0, c.nameBytes.length) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = c;
        all.add(c);
        return this;
    }

    /** The command named by {@code len} bytes at {@code off}, in any case, or null. */
    Command find(byte[] b, int off, int len) {
        int mask = slots.length - 1;
        int i = hash(b, off, len) & mask;
        for (Command c; (c = slots[i]) != null; i = (i + 1) & mask) {
            if (matches(c.nameBytes, b, off, len)) {
                return c;
            }
        }
        return null;
    }

    List<Command> all() {
        return Collections.unmodifiableList(all);
    }

    private static boolean matches(byte[] lower, byte[] b, int off, int len) {
        if (lower.length != len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            int ch = b[off + k];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 32;
            }
            if (ch != lower[k]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0;
        for (int k = 0; k < len; k++) {
            int ch = b[off + k];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 32;
            }
            h = 31 * h + ch;
        }
        return h ^ (h >>> 16);
    }
}

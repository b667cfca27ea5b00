package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.PUBSUB;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Channels;

/**
 * SUBSCRIBE, PSUBSCRIBE, their unsubscribes, PUBLISH and PUBSUB. The registrations are the
 * keyspace's {@link Channels}; a session's own channel and pattern names are in its attributes
 * (plain sets), so both survive an update of this handler. PUBLISH writes to each subscriber's
 * session from the publisher's thread; the transport bounds what a subscriber leaves unread.
 */
final class PubSubCommands {

    /** {@code java.util.HashSet<String>}: the channels this session is subscribed to. */
    static final String CHANNELS = "resp.channels";
    /** {@code java.util.HashSet<String>}: the patterns this session is subscribed to. */
    static final String PATTERNS = "resp.patterns";

    private static final String GROUP = "pubsub";

    private PubSubCommands() {
    }

    static void register(CommandTable t) {
        t.add("subscribe", -2, PUBSUB, GROUP, c -> subscribe(c, false));
        t.add("psubscribe", -2, PUBSUB, GROUP, c -> subscribe(c, true));
        t.add("unsubscribe", -1, PUBSUB, GROUP, c -> unsubscribe(c, false));
        t.add("punsubscribe", -1, PUBSUB, GROUP, c -> unsubscribe(c, true));
        t.add("publish", 3, Command.FAST, GROUP, PubSubCommands::publish);
        t.add("pubsub", -2, 0, GROUP, PubSubCommands::pubsub);
    }

    @SuppressWarnings("unchecked")
    static Set<String> names(Session s, boolean patterns, boolean create) {
        String key = patterns ? PATTERNS : CHANNELS;
        Object v = s.attribute(key);
        if (v instanceof HashSet<?> set) {
            return (HashSet<String>) set;
        }
        if (!create) {
            return null;
        }
        HashSet<String> set = new HashSet<>();
        s.attribute(key, set);
        return set;
    }

    static int count(Session s) {
        Set<String> ch = names(s, false, false);
        Set<String> pa = names(s, true, false);
        return (ch == null ? 0 : ch.size()) + (pa == null ? 0 : pa.size());
    }

    private static void updateFlag(Call c) {
        if (count(c.session) > 0) {
            c.state[SessionState.FLAGS] |= SessionState.SUBSCRIBED;
        } else {
            c.state[SessionState.FLAGS] &= ~SessionState.SUBSCRIBED;
        }
    }

    private static void subscribe(Call c, boolean pattern) {
        Channels channels = c.keyspace().channels();
        Set<String> mine = names(c.session, pattern, true);
        for (int i = 1; i < c.argc(); i++) {
            String name = c.key(i);
            if (mine.add(name)) {
                if (pattern) {
                    channels.psubscribe(name, c.session);
                } else {
                    channels.subscribe(name, c.session);
                }
            }
            c.reply.arrayHeader(3);
            c.reply.bulk(pattern ? "psubscribe" : "subscribe");
            c.reply.bulk(name);
            c.reply.integer(count(c.session));
        }
        updateFlag(c);
    }

    private static void unsubscribe(Call c, boolean pattern) {
        Channels channels = c.keyspace().channels();
        Set<String> mine = names(c.session, pattern, true);
        List<String> names = new ArrayList<>();
        if (c.argc() == 1) {
            names.addAll(mine);
        } else {
            for (int i = 1; i < c.argc(); i++) {
                names.add(c.key(i));
            }
        }
        String kind = pattern ? "punsubscribe" : "unsubscribe";
        if (names.isEmpty()) {
            c.reply.arrayHeader(3);
            c.reply.bulk(kind);
            c.reply.nullBulk();
            c.reply.integer(count(c.session));
        }
        for (String name : names) {
            if (mine.remove(name)) {
                if (pattern) {
                    channels.punsubscribe(name, c.session);
                } else {
                    channels.unsubscribe(name, c.session);
                }
            }
            c.reply.arrayHeader(3);
            c.reply.bulk(kind);
            c.reply.bulk(name);
            c.reply.integer(count(c.session));
        }
        updateFlag(c);
    }

    /** Drops every subscription of a closing session. */
    static void unsubscribeAll(Channels channels, Session s) {
        Set<String> ch = names(s, false, false);
        if (ch != null) {
            for (String name : ch) {
                channels.unsubscribe(name, s);
            }
        }
        Set<String> pa = names(s, true, false);
        if (pa != null) {
            for (String name : pa) {
                channels.punsubscribe(name, s);
            }
        }
    }

    private static void publish(Call c) {
        Channels channels = c.keyspace().channels();
        String channel = c.key(1);
        int receivers = 0;
        Set<Session> direct = channels.subscribers(channel);
        if (!direct.isEmpty()) {
            byte[] message = message(null, channel, c);
            for (Session s : direct) {
                receivers += deliver(channels, s, message, channel, null);
            }
        }
        if (channels.patterns() > 0) {
            int[] n = {0};
            channels.forEachPattern((pattern, sessions) -> {
                if (Glob.matches(pattern, channel)) {
                    byte[] message = message(pattern, channel, c);
                    for (Session s : sessions) {
                        n[0] += deliver(channels, s, message, null, pattern);
                    }
                }
            });
            receivers += n[0];
        }
        c.reply.integer(receivers);
    }

    /** Writes to one subscriber; a session found closed is dropped from the registrations (its close may have been missed during an update). */
    private static int deliver(Channels channels, Session s, byte[] message, String channel, String pattern) {
        if (!s.isOpen()) {
            if (channel != null) {
                channels.unsubscribe(channel, s);
            } else {
                channels.punsubscribe(pattern, s);
            }
            return 0;
        }
        s.write(ByteBuffer.wrap(message));
        return 1;
    }

    /** The push message, built once per publish and pattern and copied to each subscriber. */
    private static byte[] message(String pattern, String channel, Call c) {
        Reply r = new Reply(64 + channel.length() + c.length(2) + (pattern == null ? 0 : pattern.length()));
        r.arrayHeader(pattern == null ? 3 : 4);
        r.bulk(pattern == null ? "message" : "pmessage");
        if (pattern != null) {
            r.bulk(pattern);
        }
        r.bulk(channel);
        r.bulk(c.input(), c.offset(2), c.length(2));
        return r.copy();
    }

    private static void pubsub(Call c) {
        Channels channels = c.keyspace().channels();
        if (c.is(1, "channels") && c.argc() <= 3) {
            String pattern = c.argc() == 3 ? c.key(2) : null;
            List<String> out = new ArrayList<>();
            channels.forEachChannel((name, sessions) -> {
                if (pattern == null || Glob.matches(pattern, name)) {
                    out.add(name);
                }
            });
            c.reply.arrayHeader(out.size());
            for (String name : out) {
                c.reply.bulk(name);
            }
        } else if (c.is(1, "numsub")) {
            c.reply.arrayHeader((c.argc() - 2L) * 2);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.bulk(c.key(i));
                c.reply.integer(channels.subscribers(c.key(i)).size());
            }
        } else if (c.is(1, "numpat") && c.argc() == 2) {
            c.reply.integer(channels.patterns());
        } else {
            throw Errors.unknownSubcommand(c.key(1), "PUBSUB");
        }
    }
}

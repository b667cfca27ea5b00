package dev.patchbay.keyspace.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Channels;

/**
 * Channels and patterns to their subscribers, in concurrent maps: PUBLISH on one I/O thread
 * reads while SUBSCRIBE on another writes, without a lock. A channel without subscribers is
 * dropped, so the maps hold only what is listened to.
 */
final class ChannelRegistry implements Channels {

    private final Map<String, Set<Session>> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> patterns = new ConcurrentHashMap<>();

    @Override
    public boolean subscribe(String channel, Session session) {
        return add(channels, channel, session);
    }

    @Override
    public boolean unsubscribe(String channel, Session session) {
        return remove(channels, channel, session);
    }

    @Override
    public boolean psubscribe(String pattern, Session session) {
        return add(patterns, pattern, session);
    }

    @Override
    public boolean punsubscribe(String pattern, Session session) {
        return remove(patterns, pattern, session);
    }

    @Override
    public Set<Session> subscribers(String channel) {
        Set<Session> s = channels.get(channel);
        return s == null ? Collections.emptySet() : s;
    }

    @Override
    public void forEachPattern(BiConsumer<String, Set<Session>> action) {
        patterns.forEach(action);
    }

    @Override
    public void forEachChannel(BiConsumer<String, Set<Session>> action) {
        channels.forEach(action);
    }

    @Override
    public int patterns() {
        return patterns.size();
    }

    private static boolean add(Map<String, Set<Session>> map, String name, Session session) {
        boolean[] added = {false};
        map.compute(name, (k, set) -> {
            Set<Session> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            added[0] = s.add(session);
            return s;
        });
        return added[0];
    }

    private static boolean remove(Map<String, Set<Session>> map, String name, Session session) {
        boolean[] removed = {false};
        map.computeIfPresent(name, (k, set) -> {
            removed[0] = set.remove(session);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }
}

package dev.patchbay.api.keyspace;

import java.util.Set;
import java.util.function.BiConsumer;

import dev.patchbay.api.handler.Session;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publish/subscribe registrations: which sessions listen on which channels and patterns. Held
 * by the keyspace bundle, apart from the handler, so that subscribers stay subscribed while
 * the handler is updated. Thread-safe; publishing reads without locking out subscribers.
 * Channel names and patterns are ISO-8859-1 strings, as keys are; patterns are matched by the
 * caller, which knows the protocol's pattern syntax.
 */
@ProviderType
public interface Channels {

    /** Adds {@code session} to {@code channel}; whether it was not there yet. */
    boolean subscribe(String channel, Session session);

    /** Removes {@code session} from {@code channel}; whether it was there. */
    boolean unsubscribe(String channel, Session session);

    /** Adds {@code session} to {@code pattern}; whether it was not there yet. */
    boolean psubscribe(String pattern, Session session);

    /** Removes {@code session} from {@code pattern}; whether it was there. */
    boolean punsubscribe(String pattern, Session session);

    /** The sessions subscribed to {@code channel}; a snapshot-safe view that may be iterated while others subscribe. */
    Set<Session> subscribers(String channel);

    /** Calls {@code action} with every pattern that has subscribers and its sessions. */
    void forEachPattern(BiConsumer<String, Set<Session>> action);

    /** Calls {@code action} with every channel that has subscribers and its sessions. */
    void forEachChannel(BiConsumer<String, Set<Session>> action);

    /** Number of patterns with subscribers. */
    int patterns();
}

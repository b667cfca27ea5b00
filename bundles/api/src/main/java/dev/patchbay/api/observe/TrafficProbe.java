package dev.patchbay.api.observe;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of one session's traffic, on its I/O thread, per read and per write rather than per
 * byte. Implementations should count into striped or thread-confined counters: every session
 * of every endpoint calls them.
 */
@ConsumerType
public interface TrafficProbe {

    /** One read was delivered: {@code frames} whole frames decoded from {@code bytes} bytes. */
    void received(int frames, int bytes);

    /** {@code messages} replies of {@code bytes} encoded bytes were handed to the socket. */
    void sent(int messages, int bytes);

    /**
     * {@code count} replies were written {@code nanos} after the read that carried the
     * requests they answer was decoded. Called once per batch of replies written for one read,
     * so that {@code count} observations share one latency.
     */
    void replied(int count, long nanos);
}

package dev.patchbay.ratelimit.internal;

import java.util.concurrent.atomic.AtomicInteger;

import dev.patchbay.api.handler.Session;

/**
 * A session a profile counts: the address entry it counts against, and its place in the
 * endpoint's connection count. Released exactly once, whether the transport reports the
 * close or the profile's sweep finds the session gone.
 */
final class SessionState {

    final Session session;
    final long sinceNanos;
    private final AtomicInteger endpointPlaces;
    private volatile AddressState address;
    private boolean released;
    private final TokenReserve messageTokens = new TokenReserve();
    private final TokenReserve byteTokens = new TokenReserve();

    SessionState(Session session, AddressState address, AtomicInteger endpointPlaces, long sinceNanos) {
        this.session = session;
        this.address = address;
        this.endpointPlaces = endpointPlaces;
        this.sinceNanos = sinceNanos;
    }

    AddressState address() {
        return address;
    }

    TokenReserve messageTokens() {
        return messageTokens;
    }

    TokenReserve byteTokens() {
        return byteTokens;
    }

    /**
     * Moves the session's count to {@code next} (addresses were regrouped).
     *
     * @return {@code false} if {@code next} was evicted meanwhile: look it up again
     */
    synchronized boolean moveTo(AddressState next) {
        if (released) {
            return true;
        }
        if (!next.attach()) {
            return false;
        }
        AddressState previous = address;
        address = next;
        previous.release();
        return true;
    }

    /** Gives back the session's places; only the first call counts. */
    synchronized boolean release() {
        if (released) {
            return false;
        }
        released = true;
        messageTokens.giveBack();
        byteTokens.giveBack();
        address.release();
        endpointPlaces.decrementAndGet();
        return true;
    }
}

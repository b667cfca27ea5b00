package dev.patchbay.itests.countingfilter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.patchbay.api.filter.Admission;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.api.handler.Session;

/**
 * A session filter that admits every connection and counts its admissions by the client's port.
 * Packaged at test time into a bundle of its own (see {@code HandlerIsolationIT}); the test reads
 * the counts through {@link Supplier}, a JDK type both sides share.
 */
public final class CountingFilter implements SessionFilter, Supplier<Map<Integer, Integer>> {

    private final Map<Integer, Integer> admitted = new ConcurrentHashMap<>();

    @Override
    public Admission admit(Session session) {
        admitted.merge(session.remoteAddress().getPort(), 1, Integer::sum);
        return Admission.ACCEPT;
    }

    /** Admissions by remote port, live. */
    @Override
    public Map<Integer, Integer> get() {
        return admitted;
    }
}

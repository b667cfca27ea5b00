package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import dev.patchbay.api.runtime.TransportStatus;

public class TransportStatusCacheTest {

    private final StubTransportRuntime transport = new StubTransportRuntime();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TransportStatusCache cache = new TransportStatusCache(transport::status, nanos::get);

    @Test
    public void readsTheTransportOncePerHundredMilliseconds() {
        TransportStatus first = cache.get();
        transport.status = StubTransportRuntime.status(100, 50, "normal");
        nanos.addAndGet(TransportStatusCache.MAX_AGE_NANOS - 1);
        for (int i = 0; i < 7; i++) {
            assertSame(first, cache.get());
        }
        assertEquals(1, transport.statusReads);

        nanos.addAndGet(1);
        assertEquals(50, cache.get().memoryHeldBytes());
        assertEquals(2, transport.statusReads);
    }

    @Test
    public void aTransportFailingUnderAScrapeLeavesTheLastStatus() {
        transport.status = StubTransportRuntime.status(100, 50, "normal");
        TransportStatus last = cache.get();
        TransportStatusCache failing = new TransportStatusCache(() -> {
            throw new IllegalStateException("component deactivated");
        }, nanos::get);
        assertSame(TransportStatusCache.NONE, failing.get());

        TransportStatus[] answer = {last};
        TransportStatusCache flaky = new TransportStatusCache(() -> {
            if (answer[0] == null) {
                throw new IllegalStateException("component deactivated");
            }
            return answer[0];
        }, nanos::get);
        assertSame(last, flaky.get());
        answer[0] = null;
        nanos.addAndGet(TransportStatusCache.MAX_AGE_NANOS);
        assertSame(last, flaky.get());
    }
}

package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.patchbay.support.config.Refusal;
import dev.patchbay.transport.internal.TransportSettings.Parsed;

import org.junit.Test;

public class TransportSettingsTest {

    private static final long MIB = 1 << 20;

    private static TransportSettings accepted(Map<String, ?> props) {
        Parsed parsed = TransportSettings.parse(props);
        assertTrue("unexpected refusals " + parsed.refusals(), parsed.ok());
        return parsed.settings();
    }

    private static Refusal refusedOnce(String key, Object value) {
        Parsed parsed = TransportSettings.parse(Map.of(key, value));
        assertFalse(key + "=" + value + " accepted", parsed.ok());
        assertNull(parsed.settings());
        assertEquals(parsed.refusals().toString(), 1, parsed.refusals().size());
        Refusal r = parsed.refusals().get(0);
        assertEquals(key, r.key());
        assertEquals(String.valueOf(value), r.value());
        return r;
    }

    @Test
    public void defaults() {
        TransportSettings s = accepted(Map.of());
        assertEquals(Math.max(16 * MIB, Runtime.getRuntime().maxMemory() / 4), s.memoryBudget());
        assertEquals(10_000, s.ioStallTimeoutMs());
        assertEquals(16, s.workerThreads());
        assertEquals(1 << 20, s.workerQueueBytes());
        assertEquals(s, TransportSettings.defaults());
    }

    @Test
    public void theDerivedBudgetIsAQuarterOfTheHeapAndAtLeast16MiB() {
        long derived = TransportSettings.derivedBudget();
        assertTrue(derived >= 16 * MIB);
        assertTrue(derived >= Runtime.getRuntime().maxMemory() / 4);
        assertTrue(derived == 16 * MIB || derived == Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    public void zeroOrBlankBudgetIsDerived() {
        assertEquals(TransportSettings.derivedBudget(), accepted(Map.of("memory.budget", "0")).memoryBudget());
        assertEquals(TransportSettings.derivedBudget(), accepted(Map.of("memory.budget", " ")).memoryBudget());
    }

    @Test
    public void valuesAsFileInstallDeliversThem() {
        TransportSettings s = accepted(Map.of("memory.budget", "65536", "io.stall.timeout", "3",
                "worker.threads", "4", "worker.queue.bytes", "8192"));
        assertEquals(65536, s.memoryBudget());
        assertEquals(3000, s.ioStallTimeoutMs());
        assertEquals(4, s.workerThreads());
        assertEquals(8192, s.workerQueueBytes());
    }

    @Test
    public void rangeEndsAreAccepted() {
        assertEquals(Long.MAX_VALUE, accepted(Map.of("memory.budget", Long.MAX_VALUE)).memoryBudget());
        assertEquals(1000, accepted(Map.of("io.stall.timeout", 1)).ioStallTimeoutMs());
        assertEquals(3_600_000, accepted(Map.of("io.stall.timeout", 3600)).ioStallTimeoutMs());
        assertEquals(1, accepted(Map.of("worker.threads", 1)).workerThreads());
        assertEquals(1024, accepted(Map.of("worker.threads", 1024)).workerThreads());
        assertEquals(4096, accepted(Map.of("worker.queue.bytes", 4096)).workerQueueBytes());
        assertEquals(1 << 30, accepted(Map.of("worker.queue.bytes", 1 << 30)).workerQueueBytes());
    }

    @Test
    public void aBudgetBelow64KiBIsRefused() {
        Refusal r = refusedOnce("memory.budget", "65535");
        assertEquals("0 (a quarter of the maximum heap) or a number of bytes from 65536", r.accepted());
        refusedOnce("memory.budget", 1L);
    }

    @Test
    public void aNegativeOrNonNumericBudgetIsRefused() {
        assertEquals("0 (a quarter of the maximum heap) or a number of bytes from 65536", refusedOnce("memory.budget", "-1").accepted());
        assertEquals("0 (a quarter of the maximum heap) or a number of bytes from 65536", refusedOnce("memory.budget", "64m").accepted());
    }

    @Test
    public void eachKeyOutsideItsRangeIsRefusedWithItsRange() {
        assertEquals("an integer from 1 to 3600", refusedOnce("io.stall.timeout", "0").accepted());
        assertEquals("an integer from 1 to 3600", refusedOnce("io.stall.timeout", "3601").accepted());
        assertEquals("an integer from 1 to 1024", refusedOnce("worker.threads", "0").accepted());
        assertEquals("an integer from 1 to 1024", refusedOnce("worker.threads", "1025").accepted());
        assertEquals("an integer from 4096 to 1073741824", refusedOnce("worker.queue.bytes", "4095").accepted());
        assertEquals("an integer from 4096 to 1073741824",
                refusedOnce("worker.queue.bytes", String.valueOf((1L << 30) + 1)).accepted());
        assertEquals("an integer from 1 to 1024", refusedOnce("worker.threads", "many").accepted());
    }

    @Test
    public void everyBadKeyIsReported() {
        Parsed parsed = TransportSettings.parse(Map.of("memory.budget", "100", "io.stall.timeout", "0",
                "worker.threads", "2000", "worker.queue.bytes", "1"));
        assertFalse(parsed.ok());
        assertNull(parsed.settings());
        Set<String> keys = parsed.refusals().stream().map(Refusal::key).collect(Collectors.toSet());
        assertEquals(Set.of("memory.budget", "io.stall.timeout", "worker.threads", "worker.queue.bytes"), keys);
        assertEquals(4, parsed.refusals().size());
        List<String> texts = parsed.refusals().stream().map(Refusal::toString).toList();
        assertTrue(texts.toString(), texts.contains("worker.threads=2000 (accepted: an integer from 1 to 1024)"));
    }

    @Test
    public void tlsHandshakePoolDefaultsToHalfTheProcessorsAnd512Pending() {
        TransportSettings s = accepted(Map.of());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), s.handshakeThreads());
        assertEquals(512, s.handshakesPending());
        TransportSettings set = accepted(Map.of("tls.handshake.threads", "3", "tls.handshake.pending", "2"));
        assertEquals(3, set.handshakeThreads());
        assertEquals(2, set.handshakesPending());
        assertEquals("an integer from 0 to 256", refusedOnce("tls.handshake.threads", "-1").accepted());
        assertEquals("an integer from 1 to 1000000", refusedOnce("tls.handshake.pending", "0").accepted());
    }

    @Test
    public void theHandshakePoolRefusesBeyondItsPendingLimitAndFreesPlaces() {
        HandshakePool pool = new HandshakePool(1, 2);
        try {
            assertTrue(pool.tryStart());
            assertTrue(pool.tryStart());
            assertFalse("a third while two are under way", pool.tryStart());
            assertEquals(1, pool.refused());
            pool.finished();
            assertTrue("a place freed", pool.tryStart());
            pool.resize(1, 4);
            assertTrue(pool.tryStart());
            assertEquals(3, pool.underWay());
        } finally {
            pool.shutdown();
        }
    }
}

package dev.patchbay.ratelimit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.filter.Admission;

import org.junit.Test;
import dev.patchbay.testsupport.RecordingSession;

public class RateLimitFilterTest {

    private static final String ENDPOINT = "echo-limited";

    private final FakeClock clock = new FakeClock();
    private final List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> topics = Collections.synchronizedList(new ArrayList<>());

    private static ProfileSettings settings(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        ProfileSettings.Parsed p = ProfileSettings.parse(m);
        assertTrue(p.refusals().toString(), p.ok());
        return p.settings();
    }

    private RateLimitFilter filter(Object... keyValues) {
        return new RateLimitFilter("test", "etc/dev.patchbay.ratelimit-test.cfg", settings(keyValues), clock,
                (topic, props) -> {
                    topics.add(topic);
                    events.add(props);
                }, Runnable::run);
    }

    private List<Map<String, Object>> events(String topic) {
        List<Map<String, Object>> found = new ArrayList<>();
        synchronized (events) {
            for (int i = 0; i < events.size(); i++) {
                if (topics.get(i).equals(topic)) {
                    found.add(events.get(i));
                }
            }
        }
        return found;
    }

    private static RecordingSession session(String address) {
        return new RecordingSession(ENDPOINT, Cidr.parseAddress(address));
    }

    private static RecordingSession admitted(RateLimitFilter f, String address) {
        RecordingSession s = session(address);
        Admission a = f.admit(s);
        assertTrue("refused " + address + ": " + a.reason(), a.accepted());
        return s;
    }

    private static Admission refused(RateLimitFilter f, String address) {
        Admission a = f.admit(session(address));
        assertFalse("accepted " + address, a.accepted());
        return a;
    }

    private static void close(RateLimitFilter f, RecordingSession s) {
        s.close();
        f.closed(s);
    }

    // --- access lists ---------------------------------------------------------------------

    @Test
    public void denyListRefusesAtAccept() {
        RateLimitFilter f = filter("deny", "127.0.0.66/32, 2001:db8::/32");
        Admission a = refused(f, "127.0.0.66");
        assertTrue(a.reason(), a.reason().contains("127.0.0.66 is denied"));
        refused(f, "2001:db8:5::1");
        admitted(f, "127.0.0.2");
        admitted(f, "2001:db9::1");
        assertEquals(2, f.refusals(RefusalReason.DENIED));
        Map<String, Object> e = events(Topics.RATELIMIT_REFUSED).get(0);
        assertEquals(ENDPOINT, e.get(EventProperties.ENDPOINT));
        assertEquals("127.0.0.66", e.get(EventProperties.REMOTE));
        assertEquals("test", e.get(EventProperties.PROFILE));
        assertEquals("deny=127.0.0.66/32, 2001:db8::/32", e.get(EventProperties.LIMIT));
        assertNotNull(e.get(EventProperties.REASON));
    }

    @Test
    public void allowListAdmitsOnlyItsNetworksAndDenyWins() {
        RateLimitFilter f = filter("allow", "10.0.0.0/8, ::1", "deny", "10.0.0.66");
        admitted(f, "10.1.2.3");
        admitted(f, "::1");
        assertTrue(refused(f, "11.0.0.1").reason().contains("not in the allow list"));
        refused(f, "::2");
        assertTrue(refused(f, "10.0.0.66").reason().contains("denied"));
        assertEquals(2, f.refusals(RefusalReason.NOT_ALLOWED));
        assertEquals(1, f.refusals(RefusalReason.DENIED));
    }

    @Test
    public void emptyAllowListAdmitsEveryone() {
        RateLimitFilter f = filter();
        admitted(f, "203.0.113.9");
        admitted(f, "2001:db8::9");
    }

    // --- connection limits ----------------------------------------------------------------

    @Test
    public void sixthConcurrentConnectionOfAnAddressIsRefused() {
        RateLimitFilter f = filter("connections.per.address", "5");
        List<RecordingSession> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(admitted(f, "127.0.0.2"));
        }
        Admission sixth = refused(f, "127.0.0.2");
        assertTrue(sixth.reason(), sixth.reason().contains("connections.per.address=5"));
        admitted(f, "127.0.0.3");
        close(f, open.get(0));
        admitted(f, "127.0.0.2");
        refused(f, "127.0.0.2");
    }

    @Test
    public void endpointCapCountsAllAddresses() {
        RateLimitFilter f = filter("connections.per.endpoint", "3");
        RecordingSession a = admitted(f, "10.0.0.1");
        admitted(f, "10.0.0.2");
        admitted(f, "10.0.0.3");
        assertTrue(refused(f, "10.0.0.4").reason().contains("connections.per.endpoint=3"));
        // Another endpoint on the same profile has its own cap.
        assertTrue(f.admit(new RecordingSession("other", Cidr.parseAddress("10.0.0.4"))).accepted());
        close(f, a);
        admitted(f, "10.0.0.4");
    }

    @Test
    public void connectionRateRefusesOverTheBurstAndRefills() {
        RateLimitFilter f = filter("connections.per.second", "2", "connections.burst", "4");
        for (int i = 0; i < 4; i++) {
            close(f, admitted(f, "10.0.0.1"));
        }
        assertTrue(refused(f, "10.0.0.1").reason().contains("connections.per.second"));
        admitted(f, "10.0.0.2");
        clock.advanceMillis(500);
        admitted(f, "10.0.0.1");
        refused(f, "10.0.0.1");
    }

    @Test
    public void screeningRefusesASpentConnectionRateByTheAddressAloneAndTakesNoToken() {
        RateLimitFilter f = filter("connections.per.second", "2", "connections.burst", "2");
        InetSocketAddress from = new InetSocketAddress("10.0.0.1", 40000);
        assertTrue("an address never seen is left to admit()", f.screen(ENDPOINT, from).accepted());
        close(f, admitted(f, "10.0.0.1"));
        assertTrue(f.screen(ENDPOINT, from).accepted());
        assertTrue("screening took no token", f.screen(ENDPOINT, from).accepted());
        close(f, admitted(f, "10.0.0.1"));
        Admission screened = f.screen(ENDPOINT, from);
        assertFalse(screened.accepted());
        assertTrue(screened.reason(), screened.reason().contains("connections.per.second"));
        assertEquals("posted like a refusal by admit()", 1, events(Topics.RATELIMIT_REFUSED).size());
        assertTrue("other addresses are not affected", f.screen(ENDPOINT, new InetSocketAddress("10.0.0.2", 40000)).accepted());
        clock.advanceMillis(500);
        assertTrue("refilled", f.screen(ENDPOINT, from).accepted());
        admitted(f, "10.0.0.1");
    }

    @Test
    public void addressesAreGroupedByPrefix() {
        RateLimitFilter f = filter("connections.per.address", "2", "ipv4.prefix", "24", "ipv6.prefix", "64");
        admitted(f, "192.0.2.1");
        admitted(f, "192.0.2.200");
        Admission third = refused(f, "192.0.2.77");
        assertTrue(third.reason(), third.reason().contains("192.0.2.0/24"));
        admitted(f, "192.0.3.1");
        admitted(f, "2001:db8:1:2::1");
        admitted(f, "2001:db8:1:2:ffff::2");
        refused(f, "2001:db8:1:2::3");
        admitted(f, "2001:db8:1:3::1");
    }

    // --- message and byte limits ----------------------------------------------------------

    /**
     * A client that sends as fast as it may: each frame is delivered as soon as the pause
     * for it is over. Over ten seconds it gets the burst plus ten seconds of the rate.
     */
    @Test
    public void messagesOverTheRateAreDelayedNotDropped() {
        RateLimitFilter f = filter("messages.per.second", "100", "messages.burst", "100");
        RecordingSession s = admitted(f, "127.0.0.2");
        long end = clock.currentTimeNanos() + TimeUnit.SECONDS.toNanos(10);
        int delivered = 0;
        long pause = 0;
        while (true) {
            clock.advanceNanos(pause);
            if (clock.currentTimeNanos() > end) {
                break;
            }
            pause = f.afterFrame(s, 10);
            delivered++;
        }
        assertEquals(100 + 1000, delivered, 1);
    }

    @Test
    public void sessionsOfOneAddressShareItsRateAndOtherAddressesKeepTheirs() {
        RateLimitFilter f = filter("messages.per.second", "100", "messages.burst", "10");
        RecordingSession a1 = admitted(f, "127.0.0.2");
        RecordingSession a2 = admitted(f, "127.0.0.2");
        RecordingSession b = admitted(f, "127.0.0.3");
        for (int i = 0; i < 10; i++) {
            assertEquals(0, f.afterFrame(i % 2 == 0 ? a1 : a2, 5));
        }
        long p1 = f.afterFrame(a1, 5);
        long p2 = f.afterFrame(a2, 5);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), p1);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(20), p2);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, f.afterFrame(b, 5));
        }
    }

    @Test
    public void bytesOverTheRateAreDelayed() {
        RateLimitFilter f = filter("bytes.per.second", "1000", "bytes.burst", "1000");
        RecordingSession s = admitted(f, "10.0.0.1");
        assertEquals(0, f.afterFrame(s, 1000));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), f.afterFrame(s, 500));
        // A frame larger than the burst is delivered too; the pause pays for it.
        assertEquals(TimeUnit.MILLISECONDS.toNanos(8500), f.afterFrame(s, 8000));
    }

    @Test
    public void delaysAreReportedAggregatedPerInterval() {
        RateLimitFilter f = filter("messages.per.second", "10", "report.interval", "5");
        RecordingSession s = admitted(f, "10.0.0.1");
        for (int i = 0; i < 30; i++) {
            f.afterFrame(s, 3);
        }
        assertTrue(events(Topics.RATELIMIT_DELAYED).isEmpty());
        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(1);
            f.tick();
        }
        List<Map<String, Object>> delayed = events(Topics.RATELIMIT_DELAYED);
        assertEquals(1, delayed.size());
        assertEquals(20L, delayed.get(0).get(EventProperties.COUNT));
        assertEquals("10.0.0.1", delayed.get(0).get(EventProperties.REMOTE));
        assertEquals("messages.per.second=10/s, burst 10", delayed.get(0).get(EventProperties.LIMIT));
        assertTrue((Long) delayed.get(0).get(EventProperties.DELAY_MS) > 0);
        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(1);
            f.tick();
        }
        assertEquals("nothing new delayed, nothing reported", 1, events(Topics.RATELIMIT_DELAYED).size());
    }

    // --- blocks -----------------------------------------------------------------------------

    @Test
    public void repeatedRefusalsBlockAndTheBlockExpires() {
        RateLimitFilter f = filter("connections.per.address", "1", "block.threshold", "3", "block.window", "10",
                "block.duration", "30");
        RecordingSession held = admitted(f, "10.0.0.9");
        for (int i = 0; i < 3; i++) {
            clock.advanceSeconds(2);
            refused(f, "10.0.0.9");
        }
        assertTrue(events(Topics.ADDRESS_BLOCKED).isEmpty());
        refused(f, "10.0.0.9");
        List<Map<String, Object>> blocked = events(Topics.ADDRESS_BLOCKED);
        assertEquals(1, blocked.size());
        assertEquals("10.0.0.9", blocked.get(0).get(EventProperties.REMOTE));
        assertEquals(30_000L, blocked.get(0).get(EventProperties.DURATION_MS));
        assertEquals(4L, blocked.get(0).get(EventProperties.COUNT));
        assertEquals(1, f.blocks().size());
        assertEquals("10.0.0.9", f.blocks().get(0).address());

        close(f, held);
        Admission whileBlocked = refused(f, "10.0.0.9");
        assertTrue(whileBlocked.reason(), whileBlocked.reason().contains("blocked"));
        admitted(f, "10.0.0.10");

        for (int i = 0; i < 29; i++) {
            clock.advanceSeconds(1);
            f.tick();
        }
        refused(f, "10.0.0.9");
        clock.advanceSeconds(1);
        f.tick();
        List<Map<String, Object>> unblocked = events(Topics.ADDRESS_UNBLOCKED);
        assertEquals(1, unblocked.size());
        assertTrue(String.valueOf(unblocked.get(0).get(EventProperties.REASON)).contains("expired"));
        admitted(f, "10.0.0.9");
        assertTrue(f.blocks().isEmpty());
    }

    @Test
    public void refusalsSpreadWiderThanTheWindowDoNotBlock() {
        RateLimitFilter f = filter("connections.per.address", "1", "block.threshold", "3", "block.window", "10");
        admitted(f, "10.0.0.9");
        for (int i = 0; i < 10; i++) {
            refused(f, "10.0.0.9");
            clock.advanceSeconds(4);
        }
        assertTrue(f.blocks().isEmpty());
    }

    @Test
    public void deniedAddressesAreNotBlocked() {
        RateLimitFilter f = filter("deny", "10.0.0.66", "block.threshold", "1");
        for (int i = 0; i < 10; i++) {
            refused(f, "10.0.0.66");
        }
        assertTrue(f.blocks().isEmpty());
    }

    @Test
    public void operatorUnblocksByAddressOrNetwork() {
        RateLimitFilter f = filter("connections.per.second", "1", "connections.burst", "1", "block.threshold", "1",
                "ipv4.prefix", "24");
        admitted(f, "10.0.0.1");
        refused(f, "10.0.0.2");
        refused(f, "10.0.0.3");
        assertEquals("10.0.0.0/24", f.blocks().get(0).address());
        assertTrue(f.unblock("10.0.1.1").isEmpty());
        List<BlockInfo> ended = f.unblock("10.0.0.77");
        assertEquals(1, ended.size());
        assertEquals("unblocked by an operator", events(Topics.ADDRESS_UNBLOCKED).get(0).get(EventProperties.REASON));
        clock.advanceSeconds(1);
        admitted(f, "10.0.0.3");
    }

    // --- live changes -----------------------------------------------------------------------

    @Test
    public void aNewRateAppliesToOpenSessionsAtTheirNextMessage() {
        RateLimitFilter f = filter("messages.per.second", "100", "messages.burst", "1");
        RecordingSession s = admitted(f, "10.0.0.1");
        f.afterFrame(s, 1);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), f.afterFrame(s, 1));
        f.update(settings("messages.per.second", "1000", "messages.burst", "1"));
        clock.advanceMillis(10);
        // The debt is kept; the new rate pays it off ten times faster.
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), f.afterFrame(s, 1));
        f.update(settings());
        assertEquals(0, f.afterFrame(s, 1));
    }

    @Test
    public void aNewConnectionLimitAppliesToTheSessionsAlreadyOpen() {
        RateLimitFilter f = filter();
        for (int i = 0; i < 3; i++) {
            admitted(f, "10.0.0.1");
        }
        f.update(settings("connections.per.address", "3"));
        refused(f, "10.0.0.1");
    }

    @Test
    public void aNewDenyEntryClosesOpenSessionsOfThatAddress() {
        RateLimitFilter f = filter();
        RecordingSession bad = admitted(f, "10.0.0.66");
        RecordingSession good = admitted(f, "10.0.0.2");
        f.update(settings("deny", "10.0.0.66"));
        assertFalse(bad.isOpen());
        assertTrue(good.isOpen());
        f.update(settings("allow", "10.0.0.3"));
        assertFalse(good.isOpen());
    }

    @Test
    public void regroupingRecountsOpenSessions() {
        RateLimitFilter f = filter("connections.per.address", "2");
        admitted(f, "10.0.0.1");
        admitted(f, "10.0.0.2");
        f.update(settings("connections.per.address", "2", "ipv4.prefix", "24"));
        refused(f, "10.0.0.3");
        f.update(settings("connections.per.address", "2", "ipv4.prefix", "32"));
        admitted(f, "10.0.0.3");
    }

    @Test
    public void sessionsAdmittedBeforeTheProfileAreCountedFromTheirNextMessage() {
        RateLimitFilter f = filter("messages.per.second", "10", "messages.burst", "1", "connections.per.address", "1");
        RecordingSession early = session("10.0.0.1");
        assertEquals(0, f.afterFrame(early, 1));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), f.afterFrame(early, 1));
        refused(f, "10.0.0.1");
    }

    // --- bounded memory ---------------------------------------------------------------------

    /**
     * A flood of 100,000 distinct addresses: the table never holds more than max.addresses;
     * new addresses beyond the cap are refused and counted; once the flood's sessions close
     * and their entries are at rest, they are evicted and new addresses get in again.
     */
    @Test
    public void tableStaysWithinItsCapUnderAFloodOfDistinctAddresses() {
        int cap = 1000;
        RateLimitFilter f = filter("max.addresses", Integer.toString(cap), "connections.per.second", "5",
                "messages.per.second", "100", "connections.per.address", "5");
        List<RecordingSession> open = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            String address = "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
            RecordingSession s = session(address);
            if (f.admit(s).accepted()) {
                accepted++;
                open.add(s);
                f.afterFrame(s, 20);
            }
            assertTrue(f.addressEntries() <= cap);
        }
        assertEquals(cap, accepted);
        assertEquals(100_000 - cap, f.refusals(RefusalReason.TABLE_FULL));
        assertTrue(refused(f, "192.0.2.1").reason().contains("max.addresses=1000"));

        // Connected addresses are never evicted.
        clock.advanceSeconds(5);
        f.tick();
        assertEquals(cap, f.addressEntries());

        for (RecordingSession s : open) {
            close(f, s);
        }
        clock.advanceSeconds(2);
        f.tick();
        assertEquals(0, f.addressEntries());
        admitted(f, "192.0.2.1");
    }

    /**
     * 100,000 distinct addresses each connecting once, a thousand a second: entries at rest
     * are evicted as the flood goes on, so the table stays small and nobody is turned away.
     */
    @Test
    public void shortLivedConnectionsOfManyAddressesAreEvictedAsTheyGo() {
        int cap = 5000;
        RateLimitFilter f = filter("max.addresses", Integer.toString(cap), "connections.per.second", "5",
                "messages.per.second", "100");
        int largest = 0;
        for (int i = 0; i < 100_000; i++) {
            String address = "2001:db8:" + Integer.toHexString(i >> 16) + ":" + Integer.toHexString(i & 0xFFFF) + "::1";
            RecordingSession s = admitted(f, address);
            f.afterFrame(s, 20);
            close(f, s);
            clock.advanceMillis(1);
            if (i % 1000 == 999) {
                f.tick();
            }
            largest = Math.max(largest, f.addressEntries());
        }
        assertTrue("at most " + largest + " entries", largest <= 2100);
        assertEquals(0, f.refusals(RefusalReason.TABLE_FULL));
        clock.advanceSeconds(2);
        f.tick();
        assertEquals(0, f.addressEntries());
    }

    @Test
    public void entriesWithUnfinishedStateAreKeptUntilAtRest() {
        RateLimitFilter f = filter("messages.per.second", "10", "messages.burst", "10");
        RecordingSession s = admitted(f, "10.0.0.1");
        for (int i = 0; i < 40; i++) {
            f.afterFrame(s, 1);
        }
        close(f, s);
        clock.advanceSeconds(2);
        f.tick();
        assertEquals("a bucket in debt is remembered", 1, f.addressEntries());
        clock.advanceSeconds(2);
        f.tick();
        assertEquals(0, f.addressEntries());
    }

    @Test
    public void sessionsClosedWithoutNoticeAreReleasedBySweep() {
        RateLimitFilter f = filter("connections.per.address", "1");
        RecordingSession s = admitted(f, "10.0.0.1");
        s.close(); // a later filter refused it: this one never hears closed()
        refused(f, "10.0.0.1");
        clock.advanceSeconds(3);
        f.tick();
        assertEquals(0, f.trackedSessions());
        admitted(f, "10.0.0.1");
    }

    @Test
    public void fullTableRefusesButKnownAddressesCarryOn() {
        RateLimitFilter f = filter("max.addresses", "2");
        admitted(f, "10.0.0.1");
        admitted(f, "10.0.0.2");
        refused(f, "10.0.0.3");
        admitted(f, "10.0.0.1");
    }
}

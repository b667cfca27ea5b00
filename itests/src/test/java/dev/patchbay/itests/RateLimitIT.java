package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.EventRecorder;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.SourceBoundClients;

/**
 * Rate limits and access control (bundle patchbay-ratelimit): per-address message rates
 * held without dropping a message, connection caps, deny lists, blocks of repeat offenders,
 * live changes, fail-closed endpoints, and the shipped echo-limited endpoint. Clients bind to
 * 127.0.0.2, 127.0.0.3, ... to play distinct source addresses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RateLimitIT extends PatchbaySupport {

    private static final String PROFILE_FACTORY_PID = "dev.patchbay.ratelimit";
    /** Long enough lines that a 64 KiB read holds few of them: little is in flight when a sender stops. */
    private static final int LINE_LENGTH = 200;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final List<String> profilesWritten = new ArrayList<>();
    private EventRecorder events;

    @Before
    public void recordRateLimitEvents() throws Exception {
        events = EventRecorder.start(bundleContext, "dev/patchbay/ratelimit/*");
    }

    @After
    public void removeProfiles() throws IOException {
        events.close();
        for (String profile : profilesWritten) {
            Files.deleteIfExists(profileFile(profile));
        }
        profilesWritten.clear();
    }

    /**
     * Two clients from two addresses push as fast as they can against 100 messages per second
     * with a burst of 100: each gets the burst plus 100 per second (1,100 echoes in the first
     * 10 s, within 5% of the 1,000 that the rate allows), every line comes back in order, and
     * the delays are reported as aggregated events.
     */
    @Test
    public void eachAddressGetsItsMessageRateAndNoMessageIsDropped() throws Exception {
        int port = freePort();
        writeProfileFile("itrate", "messages.per.second", "100", "messages.burst", "100", "report.interval", "2");
        writeLimitedEndpoint("rl-rate", port, "itrate");

        try (SourceBoundClients.Pusher a = new SourceBoundClients.Pusher("127.0.0.2", port, LINE_LENGTH);
             SourceBoundClients.Pusher b = new SourceBoundClients.Pusher("127.0.0.3", port, LINE_LENGTH)) {
            long startA = a.awaitFirstEcho(CORRECTNESS_TIMEOUT);
            long startB = b.awaitFirstEcho(CORRECTNESS_TIMEOUT);
            sleepUntil(Math.max(startA, startB) + WINDOW.toNanos() + TimeUnit.MILLISECONDS.toNanos(300));

            int inWindowA = a.receivedBetween(startA, startA + WINDOW.toNanos());
            int inWindowB = b.receivedBetween(startB, startB + WINDOW.toNanos());
            long sentA = a.stopSending(CORRECTNESS_TIMEOUT);
            long sentB = b.stopSending(CORRECTNESS_TIMEOUT);
            a.awaitAllEchoed(CORRECTNESS_TIMEOUT);
            b.awaitAllEchoed(CORRECTNESS_TIMEOUT);

            String measured = "echoes in the first 10 s: 127.0.0.2 " + inWindowA + ", 127.0.0.3 " + inWindowB
                    + " (expected the burst of 100 plus 10 s at 100/s = 1100, within 50)";
            System.out.println("RateLimitIT: " + measured + "; sent " + sentA + " and " + sentB);
            assertEquals(measured, 1100, inWindowA, 50);
            assertEquals(measured, 1100, inWindowB, 50);
            assertNull(a.failure());
            assertNull(b.failure());
            assertEquals("every line from 127.0.0.2 echoed", sentA, a.received());
            assertEquals("every line from 127.0.0.3 echoed", sentB, b.received());
        }

        List<Map<String, Object>> delayed = await("aggregated delay events for 127.0.0.2 on rl-rate").until(
                () -> events(Topics.RATELIMIT_DELAYED, "rl-rate", "127.0.0.2"), l -> !l.isEmpty());
        Map<String, Object> e = delayed.get(0);
        assertEquals("itrate", e.get(EventProperties.PROFILE));
        assertTrue(String.valueOf(e.get(EventProperties.LIMIT)), String.valueOf(e.get(EventProperties.LIMIT)).startsWith("messages.per.second=100"));
        assertTrue("aggregated: one event per address and report.interval, not one per message: " + delayed.size(),
                delayed.size() <= 15);
        assertTrue((Long) e.get(EventProperties.COUNT) > 1);
    }

    /**
     * The endpoint the distribution ships: 127.0.0.66 is denied; 127.0.0.2 gets its burst of
     * 100 at once and then 100 lines per second, none lost, while 127.0.0.3 is unaffected;
     * five connections from one address work and the sixth is refused.
     */
    @Test
    public void shippedEchoLimitedEndpoint() throws Exception {
        int port = Integer.parseInt(System.getProperty(LIMITED_ECHO_PORT_PROPERTY));
        awaitEcho(port);
        assertEquals("ratelimit.example", endpoint(LIMITED_ECHO_ENDPOINT).get().filters().get(0));

        assertTrue("127.0.0.66 is in the example profile's deny list", SourceBoundClients.isRefused("127.0.0.66", port));
        assertFalse(SourceBoundClients.isRefused("127.0.0.3", port));

        try (SourceBoundClients.Echo limited = new SourceBoundClients.Echo("127.0.0.2", port);
             SourceBoundClients.Echo other = new SourceBoundClients.Echo("127.0.0.3", port)) {
            long start = System.nanoTime();
            limited.send(lines("a", 0, 300));
            for (int i = 0; i < 150; i++) {
                assertEquals("a" + i, limited.readLine());
            }
            // 127.0.0.2 is being held to 100/s now; 127.0.0.3 sends 100 lines and has them at once.
            long otherStart = System.nanoTime();
            other.send(lines("b", 0, 100));
            for (int i = 0; i < 100; i++) {
                assertEquals("b" + i, other.readLine());
            }
            long otherMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - otherStart);
            for (int i = 150; i < 300; i++) {
                assertEquals("a" + i, limited.readLine());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("RateLimitIT: echo-limited: 300 lines from 127.0.0.2 in " + millis
                    + " ms; 100 lines from 127.0.0.3 meanwhile in " + otherMillis + " ms");
            assertEquals("300 lines = the burst of 100 at once, then 200 at 100/s", 2000, millis, 300);
            assertTrue("127.0.0.3 is not slowed by 127.0.0.2's limit: " + otherMillis + " ms", otherMillis < 700);
        }

        List<SourceBoundClients.Echo> five = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SourceBoundClients.Echo c = new SourceBoundClients.Echo("127.0.0.4", port);
                five.add(c);
                assertEquals("conn" + i, c.echo("conn" + i));
            }
            assertTrue("the sixth concurrent connection from 127.0.0.4 is refused",
                    SourceBoundClients.isRefused("127.0.0.4", port));
            assertEquals("the fifth still works", "still", five.get(4).echo("still"));
            assertFalse("another address is not affected", SourceBoundClients.isRefused("127.0.0.5", port));
        } finally {
            for (SourceBoundClients.Echo c : five) {
                c.close();
            }
        }
        String show = executeCommands("patchbay:ratelimit-show " + LIMITED_ECHO_ENDPOINT);
        System.out.println("RateLimitIT: patchbay:ratelimit-show " + LIMITED_ECHO_ENDPOINT + "\n" + show);
        assertTrue(show, show.contains("rate-limit profile example") && show.contains("100/s, burst 100")
                && show.contains("127.0.0.66/32") && show.contains("127.0.0.2") && show.contains("deny: 1"));

        await("a place for 127.0.0.4 again once its connections closed")
                .ignoreExceptions()
                .until(() -> !SourceBoundClients.isRefused("127.0.0.4", port));

        Map<String, Object> denied = await("a refusal event for 127.0.0.66").until(
                () -> events(Topics.RATELIMIT_REFUSED, LIMITED_ECHO_ENDPOINT, "127.0.0.66"), l -> !l.isEmpty()).get(0);
        assertEquals("example", denied.get(EventProperties.PROFILE));
        assertEquals("deny=127.0.0.66/32", denied.get(EventProperties.LIMIT));
    }

    /**
     * An address refused more than block.threshold times within block.window is blocked for
     * block.duration, even once it keeps within its limits; the block ends by itself, or at
     * once with patchbay:unblock. The console lists it and shows the profile of the endpoint.
     */
    @Test
    public void repeatedRefusalsBlockAnAddressForBlockDuration() throws Exception {
        int port = freePort();
        int blockSeconds = 4;
        writeProfileFile("itblock", "connections.per.address", "1", "block.threshold", "3", "block.window", "30",
                "block.duration", Integer.toString(blockSeconds), "report.interval", "1");
        writeLimitedEndpoint("rl-block", port, "itblock");

        try (SourceBoundClients.Echo held = new SourceBoundClients.Echo("127.0.0.5", port)) {
            assertEquals("held", held.echo("held"));
            for (int i = 0; i < 4; i++) {
                assertTrue("connection " + (i + 2) + " over connections.per.address=1", SourceBoundClients.isRefused("127.0.0.5", port));
            }
        }
        long blockedAt = System.nanoTime();
        Map<String, Object> blocked = await("a block event for 127.0.0.5").until(
                () -> events(Topics.ADDRESS_BLOCKED, "rl-block", "127.0.0.5"), l -> !l.isEmpty()).get(0);
        assertEquals(TimeUnit.SECONDS.toMillis(blockSeconds), blocked.get(EventProperties.DURATION_MS));
        assertEquals("itblock", blocked.get(EventProperties.PROFILE));

        String list = executeCommands("patchbay:blocked-list");
        System.out.println("RateLimitIT: patchbay:blocked-list\n" + list);
        assertTrue(list, list.lines().anyMatch(l -> l.contains("itblock") && l.contains("rl-block") && l.contains("127.0.0.5")));
        String show = executeCommands("patchbay:ratelimit-show rl-block");
        System.out.println("RateLimitIT: patchbay:ratelimit-show rl-block\n" + show);
        assertTrue(show, show.contains("rate-limit profile itblock") && show.contains("connections.per.address")
                && show.contains("127.0.0.5") && show.contains("active blocks: 1"));

        // The held connection is closed: within its limits now, 127.0.0.5 is still refused while blocked.
        assertTrue("blocked", SourceBoundClients.isRefused("127.0.0.5", port));
        assertFalse("another address is not blocked", SourceBoundClients.isRefused("127.0.0.6", port));
        await("127.0.0.5 accepted again once the block expired")
                .atMost(Duration.ofSeconds(blockSeconds + 10))
                .ignoreExceptions()
                .until(() -> !SourceBoundClients.isRefused("127.0.0.5", port));
        long lasted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blockedAt);
        System.out.println("RateLimitIT: block of " + blockSeconds + " s ended after " + lasted + " ms");
        assertTrue("the block lasted " + lasted + " ms", lasted >= TimeUnit.SECONDS.toMillis(blockSeconds) - 500);
        assertTrue("the block lasted " + lasted + " ms", lasted <= TimeUnit.SECONDS.toMillis(blockSeconds) + 3000);
        Map<String, Object> unblocked = await("an unblock event").until(
                () -> events(Topics.ADDRESS_UNBLOCKED, "rl-block", "127.0.0.5"), l -> !l.isEmpty()).get(0);
        assertTrue(String.valueOf(unblocked.get(EventProperties.REASON)).contains("expired"));

        // Blocked again, and unblocked at once from the console.
        try (SourceBoundClients.Echo held = new SourceBoundClients.Echo("127.0.0.5", port)) {
            assertEquals("held", held.echo("held"));
            for (int i = 0; i < 4; i++) {
                SourceBoundClients.isRefused("127.0.0.5", port);
            }
        }
        await("blocked again").until(() -> events(Topics.ADDRESS_BLOCKED, "rl-block", "127.0.0.5").size() == 2);
        assertTrue(SourceBoundClients.isRefused("127.0.0.5", port));
        String unblock = executeCommands("patchbay:unblock 127.0.0.5");
        assertTrue(unblock, unblock.contains("Unblocked 127.0.0.5 on endpoint rl-block"));
        assertFalse("accepted at once after patchbay:unblock", SourceBoundClients.isRefused("127.0.0.5", port));

        assertTrue("refusals and blocks are logged", logLines().stream()
                .anyMatch(l -> l.contains("WARN") && l.contains("Rate limit itblock: blocked 127.0.0.5 on endpoint rl-block")));
    }

    /** A new rate in the profile's .cfg shows in the rate an open session gets within 2 s. */
    @Test
    public void aRateChangedInTheCfgAppliesToOpenSessionsWithinTwoSeconds() throws Exception {
        int port = freePort();
        writeProfileFile("itlive", "messages.per.second", "50", "messages.burst", "10");
        writeLimitedEndpoint("rl-live", port, "itlive");

        try (SourceBoundClients.Pusher p = new SourceBoundClients.Pusher("127.0.0.7", port, LINE_LENGTH)) {
            long first = p.awaitFirstEcho(CORRECTNESS_TIMEOUT);
            sleepUntil(first + TimeUnit.SECONDS.toNanos(3));
            long changed = System.nanoTime();
            writeProfileFile("itlive", "messages.per.second", "200", "messages.burst", "10");
            sleepUntil(changed + TimeUnit.SECONDS.toNanos(4) + TimeUnit.MILLISECONDS.toNanos(100));

            double before = p.receivedBetween(changed - TimeUnit.SECONDS.toNanos(2), changed) / 2.0;
            double after = p.receivedBetween(changed + TimeUnit.SECONDS.toNanos(2), changed + TimeUnit.SECONDS.toNanos(4)) / 2.0;
            System.out.println("RateLimitIT: rate before the change " + before + "/s, 2 to 4 s after it " + after + "/s");
            assertEquals("50/s before the change", 50, before, 5);
            assertEquals("200/s from 2 s after the change on", 200, after, 20);
            long sent = p.stopSending(CORRECTNESS_TIMEOUT);
            p.awaitAllEchoed(CORRECTNESS_TIMEOUT);
            assertNull(p.failure());
            assertEquals(sent, p.received());
        }
    }

    /**
     * An endpoint whose profile is missing refuses connections (fails closed), and a profile
     * whose first configuration is bad is refused with one WARN line naming the file, key,
     * value and range, so the endpoint stays closed; a good one opens it.
     */
    @Test
    public void endpointFailsClosedWithoutAGoodProfile() throws Exception {
        int port = freePort();
        writeLimitedEndpoint("rl-closed", port, "itclosed");
        await("rl-closed fails closed").until(() -> endpoint("rl-closed").map(e -> e.state() == EndpointState.FAIL_CLOSED).orElse(false));
        assertTrue(SourceBoundClients.isRefused("127.0.0.8", port));

        writeProfileFile("itclosed", "messages.per.second", "plenty", "deny", "127.0.0.66/32");
        List<String> warnings = await("a WARN line refusing messages.per.second=plenty").until(() -> logLines().stream()
                .filter(l -> l.contains("WARN") && l.contains("etc/dev.patchbay.ratelimit-itclosed.cfg") && l.contains("plenty"))
                .collect(Collectors.toList()), l -> !l.isEmpty());
        assertEquals(warnings.toString(), 1, warnings.size());
        assertTrue(warnings.get(0), warnings.get(0).contains("messages.per.second=plenty (accepted: an integer from 0 to"));
        assertTrue(SourceBoundClients.isRefused("127.0.0.8", port));

        writeProfileFile("itclosed", "messages.per.second", "1000", "deny", "127.0.0.66/32");
        await("rl-closed open once its profile is good").ignoreExceptions()
                .until(() -> !SourceBoundClients.isRefused("127.0.0.8", port));
        assertTrue(SourceBoundClients.isRefused("127.0.0.66", port));
    }

    // ----------------------------------------------------------------------------------

    private List<Map<String, Object>> events(String topic, String endpoint, String remote) {
        return events.events(topic).stream()
                .filter(e -> endpoint.equals(e.get(EventProperties.ENDPOINT)) && remote.equals(e.get(EventProperties.REMOTE)))
                .collect(Collectors.toList());
    }

    private static String lines(String prefix, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            s.append(prefix).append(i).append('\n');
        }
        return s.toString();
    }

    /** Measurements run for a fixed time: this waits out the measuring window, not a condition. */
    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void writeLimitedEndpoint(String name, int port, String profile) throws Exception {
        Map<String, String> endpoint = echoEndpoint(port);
        endpoint.put("ratelimit", profile);
        // Small kernel buffers: little is in flight when a pushing client stops.
        endpoint.put("receive.buffer.size", "8192");
        writeEndpointFile(name, endpoint);
        if (profilesWritten.contains(profile)) {
            // Accepting once both files are read (until then it fails closed).
            awaitEcho(port);
        }
    }

    private static Path profileFile(String profile) {
        return etc().resolve(PROFILE_FACTORY_PID + "-" + profile + ".cfg");
    }

    /** Writes {@code etc/dev.patchbay.ratelimit-<profile>.cfg} atomically; deleted after the test. */
    private void writeProfileFile(String profile, String... keyValues) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        Path target = profileFile(profile);
        Path temporary = etc().resolve("." + target.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder("# written by RateLimitIT\n");
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.write(temporary, text.toString().getBytes(UTF_8));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!profilesWritten.contains(profile)) {
            profilesWritten.add(profile);
        }
    }
}

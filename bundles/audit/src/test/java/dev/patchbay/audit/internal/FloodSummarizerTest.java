package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class FloodSummarizerTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final FloodSummarizer summarizer = new FloodSummarizer(2, Duration.ofSeconds(10));
    private final List<PendingLine> out = new ArrayList<>();

    private boolean admit(String event, int second, String why) {
        Instant ts = T0.plusSeconds(second);
        return summarizer.admit(PendingLine.line(event, ts, new StringBuilder("{"), "echo", "10.0.0.1", why), out);
    }

    private String summaryAt(int second) {
        out.clear();
        summarizer.closeEnded(T0.plusSeconds(second), out);
        assertTrue(out.size() <= 1);
        return out.isEmpty() ? null : out.get(0).text.toString();
    }

    @Test
    public void aFloodIsCountedExactlyUntilAWindowWithoutEvents() {
        assertTrue(admit("session.opened", 0, null));
        assertTrue(admit("session.opened", 1, null));
        assertFalse("past the threshold", admit("session.opened", 2, null));
        assertTrue("the first refusal of its reason", admit("access.denied", 3, "cap"));
        assertFalse(admit("access.denied", 4, "cap"));
        assertTrue("a new reason", admit("access.denied", 4, "deny"));
        assertNull("the window is not over", summaryAt(9));

        String first = summaryAt(10);
        for (String part : new String[] {"\"remote\":\"10.0.0.1\"", "\"opened\":3", "\"refused\":3", "\"written\":4",
                "\"summarised\":2", "\"refused.reasons\":{\"cap\":2,\"deny\":1}", "\"flood.opened\":3", "\"flood.refused\":3",
                "\"from\":\"2026-11-29T10:00:00.000Z\"", "\"to\":\"2026-11-29T10:00:10.000Z\""}) {
            assertTrue(part + " in " + first, first.contains(part));
        }

        assertTrue("a flooding address still gets its first lines per window", admit("session.closed", 12, "CLIENT"));
        String second = summaryAt(20);
        assertTrue(second, second.contains("\"closed\":1") && second.contains("\"flood.opened\":3")
                && second.contains("\"flood.closed\":1") && second.contains("\"flood.since\":\"2026-11-29T10:00:00.000Z\""));

        assertNull("a window without events ends the flood, quietly", summaryAt(30));
        assertNull(summarizer.nextDeadline());
        assertTrue(admit("session.opened", 31, null));
        assertNull("below the threshold: no summary", summaryAt(41));
        assertEquals(2, summarizer.summarised());
    }

    @Test
    public void anAuthBruteForceIsSummarisedWithItsExactCount() {
        // 1000 failures posted one by one, one standing for 501 (500 its poster did not post).
        assertTrue(admit("session.opened", 0, null));
        assertTrue(admit("auth.failed", 0, "wrong password"));
        for (int i = 0; i < 998; i++) {
            assertFalse("past the threshold, the same reason: counted only", admit("auth.failed", 1, "wrong password"));
        }
        assertTrue("the first of another reason has its line", admit("auth.failed", 2, "unknown user"));
        assertFalse(summarizer.admit(PendingLine.line("auth.failed", T0.plusSeconds(3), new StringBuilder("{"), "echo",
                "10.0.0.1", "wrong password", 501), out));
        String summary = summaryAt(10);
        for (String part : new String[] {"\"auth.failed\":1501", "\"auth.failed.reasons\":{\"unknown user\":1,"
                + "\"wrong password\":1500}", "\"written\":3", "\"summarised\":999", "\"flood.auth.failed\":1501",
                "\"endpoints\":{\"echo\":1}"}) {
            assertTrue(part + " in " + summary, summary.contains(part));
        }
    }
}

package dev.patchbay.metrics.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

import dev.patchbay.api.runtime.TransportStatus;
import dev.patchbay.api.runtime.TransportStatus.IoThreadStatus;

public class TransportBlockTest {

    @Test
    public void showsTheBudgetAndWhatWentWrong() {
        TransportStatus status = new TransportStatus(268_435_456L, 201_326_592L, "full", 12, 34, 5, 6,
                List.of(new IoThreadStatus("patchbay-io-0", true, 0, null),
                        new IoThreadStatus("patchbay-io-1", false, 0, "java.lang.OutOfMemoryError")),
                List.of("patchbay-io-1 died: java.lang.OutOfMemoryError"),
                List.of("transport memory budget full"));
        assertEquals(List.of(
                "Transport",
                "  memory budget        268435456 B (256.0 MiB)",
                "  memory held          201326592 B (192.0 MiB), 75.0% of the budget",
                "  memory state         full",
                "  sessions paused      12",
                "  refused for memory   34",
                "  slow readers closed  5",
                "  plug-in failures     6",
                "  I/O threads          2, patchbay-io-1 died: java.lang.OutOfMemoryError",
                "  not ready            transport memory budget full"), TransportBlock.lines(status));
    }

    @Test
    public void aHealthyTransportInFewLinesAndAStoppedOneInOne() {
        TransportStatus status = new TransportStatus(0, 512, "normal", 0, 0, 0, 0,
                List.of(new IoThreadStatus("patchbay-io-0", true, 0, null)), List.of(), List.of());
        List<String> lines = TransportBlock.lines(status);
        assertEquals("  memory budget        0 B", lines.get(1));
        assertEquals("  memory held          512 B", lines.get(2));
        assertEquals("  I/O threads          1, none dead or stuck", lines.get(8));
        assertEquals(9, lines.size());
        assertEquals(List.of("Transport: not running"), TransportBlock.lines(null));
    }
}

package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Test;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;

import dev.patchbay.api.runtime.TransportStatus;
import dev.patchbay.api.runtime.TransportStatus.IoThreadStatus;

/**
 * The transport's status as Prometheus series: names, types and values, one read of the status
 * per scrape, and nothing left once the transport goes. The text is also written to
 * {@code target/metrics-transport-sample.prom} for {@code promtool check metrics}.
 */
public class TransportGaugesTest {

    private MetricsRoot root;
    private TransportGauges gauges;
    private final StubTransportRuntime transport = new StubTransportRuntime();
    private final AtomicLong nanos = new AtomicLong();

    @Before
    public void setUp() throws Exception {
        root = new MetricsRoot();
        root.configure(PrometheusExpositionTest.config(false, false));
        gauges = new TransportGauges();
        PrometheusExpositionTest.inject(gauges, "root", root);
        gauges.register(root.registry(), new TransportStatusCache(transport::status, nanos::get));
    }

    @Test
    public void everyFigureOfTheStatusIsASeries() throws Exception {
        transport.status = new TransportStatus(268_435_456L, 201_326_592L, "full", 12, 34, 5, 6,
                List.of(new IoThreadStatus("patchbay-io-0", true, 0, null),
                        new IoThreadStatus("patchbay-io-1", true, 12_000, null),
                        new IoThreadStatus("patchbay-io-2", false, 0, "java.lang.OutOfMemoryError")),
                List.of("patchbay-io-1 busy for 12000 ms in handler echo", "patchbay-io-2 died: java.lang.OutOfMemoryError"),
                List.of("transport memory budget full"));

        String text = scrape();
        Path sample = Paths.get("target", "metrics-transport-sample.prom");
        Files.createDirectories(sample.getParent());
        Files.write(sample, text.getBytes(StandardCharsets.UTF_8));

        assertLine(text, "# TYPE patchbay_transport_memory_budget_bytes gauge");
        assertLine(text, "patchbay_transport_memory_budget_bytes 2.68435456E8");
        assertLine(text, "# TYPE patchbay_transport_memory_held_bytes gauge");
        assertLine(text, "patchbay_transport_memory_held_bytes 2.01326592E8");
        assertLine(text, "patchbay_transport_memory_state{state=\"normal\",} 0.0");
        assertLine(text, "patchbay_transport_memory_state{state=\"pressure\",} 0.0");
        assertLine(text, "patchbay_transport_memory_state{state=\"full\",} 1.0");
        assertLine(text, "# TYPE patchbay_transport_sessions_paused_for_memory gauge");
        assertLine(text, "patchbay_transport_sessions_paused_for_memory 12.0");
        assertLine(text, "# TYPE patchbay_transport_connections_refused_memory_total counter");
        assertLine(text, "patchbay_transport_connections_refused_memory_total 34.0");
        assertLine(text, "# TYPE patchbay_transport_slow_readers_closed_total counter");
        assertLine(text, "patchbay_transport_slow_readers_closed_total 5.0");
        assertLine(text, "# TYPE patchbay_transport_plugin_failures_total counter");
        assertLine(text, "patchbay_transport_plugin_failures_total 6.0");
        assertLine(text, "# TYPE patchbay_transport_io_threads_stuck gauge");
        assertLine(text, "patchbay_transport_io_threads_stuck 2.0");
        assertEquals("one scrape, one read of the status", 1, transport.statusReads);
    }

    @Test
    public void aScrapeAfterTheCacheAgeSeesTheNewStatus() throws Exception {
        transport.status = StubTransportRuntime.status(1000, 10, "normal");
        assertLine(scrape(), "patchbay_transport_memory_held_bytes 10.0");
        transport.status = StubTransportRuntime.status(1000, 900, "pressure");
        nanos.addAndGet(TransportStatusCache.MAX_AGE_NANOS);
        String text = scrape();
        assertLine(text, "patchbay_transport_memory_held_bytes 900.0");
        assertLine(text, "patchbay_transport_memory_state{state=\"pressure\",} 1.0");
        assertLine(text, "patchbay_transport_io_threads_stuck 0.0");
        assertEquals(2, transport.statusReads);
    }

    @Test
    public void deadThreadsCountEvenWhenTheTransportNamesThemInOneProblem() {
        TransportStatus status = new TransportStatus(0, 0, "normal", 0, 0, 0, 0,
                List.of(new IoThreadStatus("patchbay-io-0", false, 0, "boom"),
                        new IoThreadStatus("patchbay-io-1", false, 0, "boom")),
                List.of("2 I/O threads died"), List.of());
        assertEquals(2, TransportGauges.ioThreadsStuck(status));
    }

    @Test
    public void theSeriesLeaveWithTheTransport() throws Exception {
        gauges.deactivate();
        String text = scrape();
        assertFalse(text, text.contains("patchbay_transport_"));
        assertTrue(root.registry().getNames().isEmpty());
    }

    private String scrape() throws Exception {
        CollectorRegistry collectors = new CollectorRegistry();
        collectors.register(new DropwizardExports(root.registry(), PrometheusMapping.sampleBuilder()));
        StringWriter out = new StringWriter();
        TextFormat.write004(out, collectors.metricFamilySamples());
        return out.toString();
    }

    private static void assertLine(String text, String line) {
        assertTrue("no line '" + line + "' in:\n" + text, text.lines().anyMatch(line::equals));
    }
}

package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;
import dev.patchbay.testsupport.RecordingSession;

/**
 * Drives the observer and the event handler directly, as the transport and Event Admin would,
 * and checks the Prometheus text. The text is also written to
 * {@code target/metrics-sample.prom} and, where promtool is installed, checked with
 * {@code promtool check metrics}.
 */
public class PrometheusExpositionTest {

    private MetricsRoot root;
    private TrafficObserver observer;
    private PatchbayEventMetrics events;
    private EndpointGauges gauges;

    @Before
    public void setUp() throws Exception {
        root = new MetricsRoot();
        root.configure(config(true, false));
        observer = new TrafficObserver();
        inject(observer, "root", root);
        events = new PatchbayEventMetrics();
        inject(events, "root", root);
        inject(events, "traffic", observer);
        gauges = new EndpointGauges();
        inject(gauges, "root", root);
        inject(gauges, "traffic", observer);
        inject(events, "gauges", gauges);
    }

    @Test
    public void echoTrafficIsCountedExactlyAndExportedWithLabels() throws Exception {
        int n = 1000;
        TrafficProbe probe = observer.opened(new RecordingSession(1, "echo"));
        for (int i = 0; i < n; i++) {
            probe.received(1, 6);
            probe.sent(1, 6);
            probe.replied(1, 20_000);
        }
        observer.closed(new RecordingSession(1, "echo"), new SessionSummary(CloseCause.CLIENT, "client closed",
                Duration.ofMillis(1500), 6L * n, 6L * n, n, n));
        observer.opened(new RecordingSession(2, "echo"));
        observer.closed(new RecordingSession(2, "echo"), new SessionSummary(CloseCause.IO_ERROR, "reset",
                Duration.ofMillis(20), 0, 0, 0, 0));
        events.handleEvent(event(Topics.SESSION_REFUSED, EventProperties.ENDPOINT, "echo"));
        events.handleEvent(event(Topics.RATELIMIT_REFUSED, EventProperties.ENDPOINT, "echo-limited",
                EventProperties.PROFILE, "example"));
        events.handleEvent(event(Topics.RATELIMIT_DELAYED, EventProperties.ENDPOINT, "echo-limited",
                EventProperties.PROFILE, "example", EventProperties.COUNT, 5));
        events.handleEvent(event(Topics.TLS_HANDSHAKE_FAILED, EventProperties.ENDPOINT, "echo",
                EventProperties.REASON_CLASS, "certificate"));
        events.handleEvent(event(Topics.HANDLER_SWAPPED, EventProperties.ENDPOINT, "echo",
                EventProperties.HANDLER, "echo", EventProperties.TO_VERSION, "1.2.0"));

        TlsExpiryGauges tls = new TlsExpiryGauges(Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));
        inject(tls, "root", root);
        tls.activate();
        tls.bindProfile(TlsCertificatesTest.profile("default", Instant.parse("2026-11-30T10:00:00Z")));

        String text = scrape();
        Path sample = Paths.get("target", "metrics-sample.prom");
        Files.createDirectories(sample.getParent());
        Files.write(sample, text.getBytes(StandardCharsets.UTF_8));

        assertLine(text, "# TYPE patchbay_messages_received_total counter");
        assertLine(text, "patchbay_messages_received_total{endpoint=\"echo\",} " + (double) n);
        assertLine(text, "patchbay_messages_sent_total{endpoint=\"echo\",} " + (double) n);
        assertLine(text, "patchbay_bytes_received_total{endpoint=\"echo\",} " + 6.0 * n);
        assertLine(text, "patchbay_connections_total{endpoint=\"echo\",} 2.0");
        // Replies of 20 µs: none up to 10 µs, all from 25 µs on; cumulative, ending with +Inf = _count.
        assertLine(text, "# TYPE patchbay_message_latency_seconds histogram");
        assertLine(text, "patchbay_message_latency_seconds_bucket{endpoint=\"echo\",le=\"1.0E-5\",} 0.0");
        assertLine(text, "patchbay_message_latency_seconds_bucket{endpoint=\"echo\",le=\"2.5E-5\",} " + (double) n);
        assertLine(text, "patchbay_message_latency_seconds_bucket{endpoint=\"echo\",le=\"60.0\",} " + (double) n);
        assertLine(text, "patchbay_message_latency_seconds_bucket{endpoint=\"echo\",le=\"+Inf\",} " + (double) n);
        assertLine(text, "patchbay_message_latency_seconds_count{endpoint=\"echo\",} " + (double) n);
        assertEquals(n * 20e-6, value(text, "patchbay_message_latency_seconds_sum{endpoint=\"echo\",}"), 1e-9);
        assertTrue(text, text.lines().noneMatch(l -> l.contains("quantile=")));
        // Sessions of 1.5 s and 20 ms.
        assertLine(text, "# TYPE patchbay_connection_duration_seconds histogram");
        assertLine(text, "patchbay_connection_duration_seconds_bucket{endpoint=\"echo\",le=\"0.01\",} 0.0");
        assertLine(text, "patchbay_connection_duration_seconds_bucket{endpoint=\"echo\",le=\"0.1\",} 1.0");
        assertLine(text, "patchbay_connection_duration_seconds_bucket{endpoint=\"echo\",le=\"1.0\",} 1.0");
        assertLine(text, "patchbay_connection_duration_seconds_bucket{endpoint=\"echo\",le=\"5.0\",} 2.0");
        assertLine(text, "patchbay_connection_duration_seconds_count{endpoint=\"echo\",} 2.0");
        assertEquals(1.52, value(text, "patchbay_connection_duration_seconds_sum{endpoint=\"echo\",}"), 1e-9);
        assertLine(text, "patchbay_tls_certificate_expiry_seconds{profile=\"default\",} 86400.0");
        assertLine(text, "patchbay_errors_total{endpoint=\"echo\",type=\"io_error\",} 1.0");
        assertLine(text, "patchbay_errors_total{endpoint=\"echo\",type=\"refused\",} 1.0");
        assertLine(text, "patchbay_errors_total{endpoint=\"echo\",type=\"tls_handshake\",} 1.0");
        assertLine(text, "patchbay_ratelimit_refused_total{endpoint=\"echo-limited\",profile=\"example\",} 1.0");
        assertLine(text, "patchbay_ratelimit_delayed_total{endpoint=\"echo-limited\",profile=\"example\",} 5.0");
        assertLine(text, "patchbay_tls_handshake_failures_total{endpoint=\"echo\",reason=\"certificate\",} 1.0");
        assertLine(text, "patchbay_handler_swaps_total{endpoint=\"echo\",handler=\"echo\",version=\"1.2.0\",} 1.0");
        assertTrue(text, text.contains("jvm_memory_heap_used "));
        Promtool.assertMetricsClean(sample);
    }

    @Test
    public void theConnectionLimitExportedIsTheOneTheTransportEnforces() throws Exception {
        StubTransportRuntime transport = new StubTransportRuntime();
        transport.endpoints = List.of(
                EndpointInfo.builder("limited").state(EndpointState.LISTENING).maxConnections(250).build(),
                // A file refused from the start: no limit is in force, whatever the file says.
                EndpointInfo.builder("refused").state(EndpointState.REFUSED).detail("bad max.connections").build());
        inject(gauges, "runtime", transport);
        gauges.refresh();

        String text = scrape();
        assertLine(text, "patchbay_connections_max{endpoint=\"limited\",} 250.0");
        assertLine(text, "patchbay_connections_max{endpoint=\"refused\",} 0.0");
        assertLine(text, "patchbay_endpoint_up{endpoint=\"refused\",} 0.0");
    }

    @Test
    public void aBundlesMetricsLeaveTheExportWhenItsRegistryGoes() throws Exception {
        BundleMetricRegistry bundleRegistry = new BundleMetricRegistry();
        inject(bundleRegistry, "root", root);
        java.lang.reflect.Method activate = BundleMetricRegistry.class.getDeclaredMethod("activate",
                org.osgi.service.component.ComponentContext.class);
        activate.setAccessible(true);
        activate.invoke(bundleRegistry, java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.osgi.service.component.ComponentContext.class}, (proxy, method, args) -> null));
        bundleRegistry.meter("handler.custom.requests").mark(3);
        assertTrue(scrape().contains("handler_custom_requests_total 3.0"));
        java.lang.reflect.Method deactivate = BundleMetricRegistry.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(bundleRegistry);
        assertTrue(!scrape().contains("handler_custom_requests"));
    }

    @Test
    public void theKeyspaceBundlesRespAndKeyspaceMetricsGetTheirLabels() throws Exception {
        // The Dropwizard names the keyspace bundle registers (KeyspaceMetrics), as it registers them.
        com.codahale.metrics.MetricRegistry registry = root.registry();
        registry.register("patchbay.resp.commands.resp.string", new CountingMeter()).mark(5);
        registry.register("patchbay.resp.commands.resp%2Eblue.unknown", new CountingMeter()).mark(2);
        registry.register("patchbay.keyspace.db.keys.0", (com.codahale.metrics.Gauge<Integer>) () -> 1000);
        registry.register("patchbay.keyspace.keys", (com.codahale.metrics.Gauge<Long>) () -> 1000L);
        registry.register("patchbay.keyspace.memory.used.bytes", (com.codahale.metrics.Gauge<Long>) () -> 4096L);
        registry.register("patchbay.keyspace.oom.refused", new CountingMeter()).mark(3);
        registry.register("patchbay.keyspace.pubsub.subscribers", (com.codahale.metrics.Gauge<Integer>) () -> 1);

        String text = scrape();
        Path sample = Paths.get("target", "metrics-sample-keyspace.prom");
        Files.createDirectories(sample.getParent());
        Files.write(sample, text.getBytes(StandardCharsets.UTF_8));
        assertLine(text, "# TYPE patchbay_resp_commands_total counter");
        assertLine(text, "patchbay_resp_commands_total{endpoint=\"resp\",family=\"string\",} 5.0");
        assertLine(text, "patchbay_resp_commands_total{endpoint=\"resp.blue\",family=\"unknown\",} 2.0");
        assertLine(text, "patchbay_keyspace_db_keys{db=\"0\",} 1000.0");
        assertLine(text, "patchbay_keyspace_keys 1000.0");
        assertLine(text, "patchbay_keyspace_memory_used_bytes 4096.0");
        assertLine(text, "patchbay_keyspace_oom_refused_total 3.0");
        assertLine(text, "patchbay_keyspace_pubsub_subscribers 1.0");
        Promtool.assertMetricsClean(sample);
    }

    /** What PrometheusServlet answers. */
    private String scrape() throws Exception {
        CollectorRegistry collectors = new CollectorRegistry();
        collectors.register(new DropwizardExports(root.registry(), HistogramExports.NOT_HERE, PrometheusMapping.sampleBuilder()));
        collectors.register(new HistogramExports(root.registry(), PrometheusMapping.sampleBuilder()));
        StringWriter out = new StringWriter();
        TextFormat.write004(out, collectors.metricFamilySamples());
        return out.toString();
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in:\n" + text));
    }

    private static void assertLine(String text, String line) {
        assertTrue("no line '" + line + "' in:\n" + text, text.lines().anyMatch(line::equals));
    }

    private static Event event(String topic, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Event(topic, properties);
    }

    static void inject(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    static Map<String, Object> config(boolean jvm, boolean jmx) {
        return Map.of("jvm.enabled", jvm, "jmx.enabled", jmx, "jmx.domain", "dev.patchbay.metrics.test");
    }
}

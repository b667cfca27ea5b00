package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.TestCertificates;

/**
 * Metrics and health over HTTP: exact traffic counts at /metrics, latency as a Prometheus
 * histogram, readiness that follows the echo endpoint's handler and the TLS certificates'
 * expiry, and echo traffic that does not depend on the metrics bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends PatchbaySupport {

    private static final String METRICS_BUNDLE = "patchbay-metrics";
    private static final String ECHO_HANDLER_BUNDLE = "patchbay-handler-echo";
    private static final int N = 50;
    private static final String TLS_FACTORY_PID = "dev.patchbay.tls";

    @Test
    public void echoedMessagesAreCountedExactlyAndConnectionsTracked() throws Exception {
        int port = echoPort();
        awaitEcho(port);
        await("/metrics serving").until(() -> http("/metrics").status() == 200);
        // awaitEcho's probe connection may still be closing: start from a quiet endpoint.
        await("no open session on echo").until(() -> value("patchbay_connections_active") == 0.0);

        double received = value("patchbay_messages_received_total");
        double sent = value("patchbay_messages_sent_total");
        double latencyCount = value("patchbay_message_latency_seconds_count");
        double connections = value("patchbay_connections_total");
        double bytesReceived = value("patchbay_bytes_received_total");

        try (LineClient client = LineClient.connect(port)) {
            await("one open session on echo").until(() -> value("patchbay_connections_active") == 1.0);
            for (int i = 0; i < N; i++) {
                assertEquals("line " + i, client.echo("line " + i));
            }
            await(N + " messages received, sent and timed").until(() ->
                    value("patchbay_messages_received_total") == received + N
                    && value("patchbay_messages_sent_total") == sent + N
                    && value("patchbay_message_latency_seconds_count") == latencyCount + N);
            assertEquals(connections + 1, value("patchbay_connections_total"), 0.0);
            // "line 0".."line 49" plus a newline each.
            double lineBytes = 0;
            for (int i = 0; i < N; i++) {
                lineBytes += ("line " + i).getBytes(UTF_8).length + 1;
            }
            assertEquals(bytesReceived + lineBytes, value("patchbay_bytes_received_total"), 0.0);
        }
        await("the session closed").until(() -> value("patchbay_connections_active") == 0.0);
        await("its duration recorded").until(() -> value("patchbay_connection_duration_seconds_count") >= 1.0);

        String stats = executeCommands("patchbay:stats --no-format " + ECHO_ENDPOINT);
        // Messages in, on the echo row: "echo <conn total> <open> <msg in> <msg out> ...".
        assertTrue(stats, stats.lines().map(l -> l.trim().split("[\\s|]+"))
                .anyMatch(cells -> cells.length > 4 && cells[0].equals(ECHO_ENDPOINT)
                        && cells[3].equals(Long.toString((long) (received + N)))
                        && cells[4].equals(Long.toString((long) (sent + N)))));

        String text = http("/metrics").body();
        assertTrue(text, text.contains("# TYPE patchbay_messages_received_total counter"));
        assertTrue(text, text.contains("# TYPE patchbay_message_latency_seconds histogram"));
        assertTrue(text, text.contains("# TYPE patchbay_connection_duration_seconds histogram"));
        assertTrue(text, text.contains("jvm_memory_heap_used "));
    }

    @Test
    public void latencyIsAHistogramWhoseBucketsAddUpToItsCount() throws Exception {
        int port = echoPort();
        awaitEcho(port);
        await("/metrics serving").until(() -> http("/metrics").status() == 200);
        double before = value("patchbay_message_latency_seconds_count");
        try (LineClient client = LineClient.connect(port)) {
            for (int i = 0; i < N; i++) {
                assertEquals("timed " + i, client.echo("timed " + i));
            }
            await(N + " replies timed").until(() -> value("patchbay_message_latency_seconds_count") >= before + N);
        }
        String text = http("/metrics").body();
        double count = value(text, "patchbay_message_latency_seconds_count", "");
        // Cumulative buckets, from 5 µs up: never falling, the last (+Inf) equal to _count.
        double previous = 0;
        Matcher buckets = Pattern.compile("^patchbay_message_latency_seconds_bucket\\{endpoint=\"" + ECHO_ENDPOINT
                + "\",le=\"[^\"]+\",} (\\S+)$", Pattern.MULTILINE).matcher(text);
        int seen = 0;
        while (buckets.find()) {
            double bucket = Double.parseDouble(buckets.group(1));
            assertTrue(text, bucket >= previous);
            previous = bucket;
            seen++;
        }
        assertTrue(text, seen > 20);
        assertEquals(text, count, value(text, "patchbay_message_latency_seconds_bucket", ",le=\"+Inf\""), 0.0);
        assertTrue(text, value(text, "patchbay_message_latency_seconds_sum", "") > 0.0);
    }

    /**
     * The TLS profiles' certificates: the shipped self-signed one (90 days) is OK; one expiring
     * in a day makes the readiness check WARN (probe 200); one that expires while loaded makes it
     * CRITICAL (probe 503); the gauge follows, in seconds.
     */
    @Test
    public void certificateExpiryIsExportedAndChecked() throws Exception {
        awaitEcho(echoPort());
        await("the shipped default profile exported").until(() -> http("/metrics").body().contains(expirySeries("default")));
        double defaultLeft = value(http("/metrics").body(), "patchbay_tls_certificate_expiry_seconds", "profile", "default");
        assertTrue("default: " + defaultLeft, defaultLeft > 80 * 86400.0 && defaultLeft <= 90 * 86400.0);
        assertTrue(http("/health/ready").body().contains("\"name\":\"Patchbay TLS certificates\",\"status\":\"OK\""));

        TestCertificates pki = new TestCertificates("CN=MetricsIT CA");
        try {
            writeProfile("itsoon", pki.issue("CN=localhost,O=soon", Duration.ofDays(1)));
            await("itsoon warned, still ready").until(() -> {
                Answer a = http("/health/ready");
                return a.status() == 200 && a.body().contains("\"name\":\"Patchbay TLS certificates\",\"status\":\"WARN\"")
                        && a.body().contains("\"itsoon: certificate expires on ");
            });
            double soonLeft = value(http("/metrics").body(), "patchbay_tls_certificate_expiry_seconds", "profile", "itsoon");
            assertTrue("itsoon: " + soonLeft, soonLeft > 0 && soonLeft <= 86400.0);

            // Loaded while valid (the TLS bundle refuses expired material), then it expires in service.
            writeProfile("itexpiring", pki.issue("CN=localhost,O=expiring", Duration.ofSeconds(8)));
            await("itexpiring exported").until(() -> http("/metrics").body().contains(expirySeries("itexpiring")));
            await("not ready once itexpiring expired").atMost(CORRECTNESS_TIMEOUT).until(() -> {
                Answer a = http("/health/ready");
                return a.status() == 503 && a.body().contains("\"name\":\"Patchbay TLS certificates\",\"status\":\"CRITICAL\"")
                        && a.body().contains("\"itexpiring: certificate expired on ");
            });
            assertTrue(value(http("/metrics").body(), "patchbay_tls_certificate_expiry_seconds", "profile", "itexpiring") <= 0.0);
        } finally {
            for (String profile : new String[] {"itsoon", "itexpiring"}) {
                Files.deleteIfExists(etc().resolve(TLS_FACTORY_PID + "-" + profile + ".cfg"));
            }
        }
        await("both profiles gone, ready and OK again").until(() -> {
            Answer a = http("/health/ready");
            return a.status() == 200 && a.body().contains("\"name\":\"Patchbay TLS certificates\",\"status\":\"OK\"");
        });
        assertTrue(!http("/metrics").body().contains(expirySeries("itexpiring")));
    }

    private static String expirySeries(String profile) {
        return "patchbay_tls_certificate_expiry_seconds{profile=\"" + profile + "\",}";
    }

    /** The profile's material under etc/itls-metrics/ and its .cfg pointing there. */
    private static void writeProfile(String profile, TestCertificates.Issued server) throws Exception {
        server.writeTo(etc().resolve("itls-metrics/" + profile + "-cert.pem"), etc().resolve("itls-metrics/" + profile + "-key.pem"));
        TestCertificates.replace(etc().resolve(TLS_FACTORY_PID + "-" + profile + ".cfg"), "# written by MetricsIT\n"
                + "certificate = itls-metrics/" + profile + "-cert.pem\n"
                + "key = itls-metrics/" + profile + "-key.pem\n");
    }

    @Test
    public void theTransportsBudgetAndFailuresAreExportedAndChecked() throws Exception {
        awaitEcho(echoPort());
        await("transport series on /metrics").until(() -> http("/metrics").body().contains("patchbay_transport_"));
        String text = http("/metrics").body();
        for (String series : new String[] {"patchbay_transport_memory_held_bytes", "patchbay_transport_sessions_paused_for_memory",
                "patchbay_transport_connections_refused_memory_total", "patchbay_transport_slow_readers_closed_total",
                "patchbay_transport_plugin_failures_total"}) {
            assertTrue(series + " in:\n" + text, unlabelled(text, series) >= 0.0);
        }
        assertTrue(text, unlabelled(text, "patchbay_transport_memory_budget_bytes") > 0.0);
        assertEquals(text, 0.0, unlabelled(text, "patchbay_transport_io_threads_stuck"), 0.0);
        assertTrue(text, text.contains("patchbay_transport_memory_state{state=\"normal\",} 1.0"));
        assertTrue(http("/health/live").body().contains("\"name\":\"Patchbay I/O threads\",\"status\":\"OK\""));
        assertTrue(http("/health/ready").body().contains("\"name\":\"Patchbay memory budget\",\"status\":\"OK\""));
    }

    @Test
    public void readinessFailsWhileTheEchoHandlerIsStoppedAndNamesTheEndpoint() throws Exception {
        awaitEcho(echoPort());
        // Each servlet registers on its own: after a restart of the bundle one may come before another.
        await("ready and live").until(() -> http("/health/ready").status() == 200
                && http("/health/live").status() == 200);

        Bundle handler = bundle(ECHO_HANDLER_BUNDLE);
        handler.stop();
        try {
            await("not ready without the echo handler").until(() -> {
                Answer a = http("/health/ready");
                return a.status() == 503 && a.body().contains("\"echo: WAITING_FOR_HANDLER");
            });
            assertEquals(200, http("/health/live").status());
        } finally {
            handler.start();
        }
        await("ready again").until(() -> http("/health/ready").status() == 200);
        awaitEcho(echoPort());
    }

    @Test
    public void echoIsUnaffectedByStoppingTheMetricsBundle() throws Exception {
        int port = echoPort();
        awaitEcho(port);
        Bundle metrics = bundle(METRICS_BUNDLE);
        metrics.stop();
        try {
            await("/metrics gone").until(() -> http("/metrics").status() == 404);
            try (LineClient client = LineClient.connect(port)) {
                for (int i = 0; i < N; i++) {
                    assertEquals("unobserved " + i, client.echo("unobserved " + i));
                }
            }
        } finally {
            metrics.start();
        }
        await("/metrics and the probes back").until(() -> http("/metrics").status() == 200
                && http("/health/live").status() == 200 && http("/health/ready").status() == 200);
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("observed again", client.echo("observed again"));
        }
        await("counting again").until(() -> value("patchbay_messages_received_total") >= 1.0);
    }

    /** The value of a series of the echo endpoint in the /metrics text; 0 if it is not there yet. */
    private double value(String name) throws IOException {
        Answer a = http("/metrics");
        assertEquals(a.body(), 200, a.status());
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{endpoint=\"" + ECHO_ENDPOINT + "\",}") + " (\\S+)$",
                Pattern.MULTILINE).matcher(a.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    /** The value of {@code name{endpoint="echo"<more>,}} in {@code text}; fails if it is not there. */
    private static double value(String text, String name, String more) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{endpoint=\"" + ECHO_ENDPOINT + "\"" + more + ",}") + " (\\S+)$",
                Pattern.MULTILINE).matcher(text);
        assertTrue("no " + name + " " + more + " in:\n" + text, m.find());
        return Double.parseDouble(m.group(1));
    }

    /** The value of {@code name{label="value",}} in {@code text}; fails if it is not there. */
    private static double value(String text, String name, String label, String value) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + label + "=\"" + value + "\",}") + " (\\S+)$",
                Pattern.MULTILINE).matcher(text);
        assertTrue("no " + name + " " + label + "=" + value + " in:\n" + text, m.find());
        return Double.parseDouble(m.group(1));
    }

    /** The value of a series without labels; -1 if it is not there. */
    private static double unlabelled(String text, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1.0;
    }
}

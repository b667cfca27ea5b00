package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.SourceBoundClients;
import dev.patchbay.testkit.TrustAnyCertificate;

/**
 * The audit log when it is the target (issue 18): connection churn cannot rotate an operator's
 * action away, and a stalled audit disk neither loses events nor holds Event Admin or the
 * endpoints. Both tests change {@code dev.patchbay.audit} and put it back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditUnderAttackIT extends PatchbaySupport {

    private static final String AUDIT_PID = "dev.patchbay.audit";
    private static final Pattern COUNT = Pattern.compile("\"(flood\\.opened|flood\\.closed)\":(\\d+)");

    /**
     * With tiny files and two session files kept: a console command changes a configuration,
     * then 1500 connections from one address rotate the session files many times. The command
     * and the change it made are still there, both chains verify, and the flood's summary
     * counts every connection.
     */
    @Test
    public void churnCannotRotateAnOperatorsActionAwayAndIsCountedExactly() throws Exception {
        Map<String, Object> tiny = new HashMap<>();
        tiny.put("max.size", "1KiB");
        tiny.put("retention", "2");
        tiny.put("flood.threshold", "20");
        tiny.put("flood.interval", "3");
        Dictionary<String, Object> original = changeAudit(tiny);
        try {
            await("the tiny audit settings in force")
                    .until(() -> executeCommands("patchbay:audit-status").contains("beyond 20 session events per address in 3 s"));
            String change = "config:property-set -p dev.patchbay.auditchurn marker before-churn";
            executeCommands(change);
            await("the change audited").until(() -> auditLines().stream().anyMatch(l -> l.contains("\"event\":\"config.changed\"")
                    && l.contains(field("pid", "dev.patchbay.auditchurn")) && l.contains("\"new\":\"before-churn\"")));

            int port = freePort();
            writeEndpointFile("churn", echoEndpoint(port));
            awaitEcho(port);
            int connections = 1500;
            for (int i = 0; i < connections; i++) {
                try (SourceBoundClients.Echo c = new SourceBoundClients.Echo("127.0.0.77", port)) {
                    assertEquals("c" + i, c.echo("c" + i));
                }
            }
            await("the churn's sessions closed").until(() -> runtime().sessions("churn").isEmpty());

            // The last summary of the flood counts every connection of it, whatever was rotated away.
            String summary = await("a session.summary of 127.0.0.77 counting " + connections + " opened and closed")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> lastSummaryOf("127.0.0.77"), l -> l != null && count(l, "flood.opened") == connections
                            && count(l, "flood.closed") == connections);
            System.out.println("AuditUnderAttackIT: the flood's last summary: " + summary);
            assertTrue(summary, summary.contains(field("endpoint", "churn")));

            // Many rotations (a summary alone is about 700 bytes), of which retention kept two.
            List<String> rotations = operationsLines().stream().filter(l -> l.contains("\"event\":\"audit.rotated\""))
                    .collect(Collectors.toList());
            assertTrue("session files rotated: " + rotations.size(), rotations.size() >= 6);
            assertTrue(rotatedSessionFiles().toString(), rotatedSessionFiles().size() <= 2);

            // The operator's action outlived it all.
            List<String> all = auditLines();
            assertTrue("the console command is still there", all.stream().anyMatch(l -> l.contains("\"event\":\"console.command\"")
                    && l.contains(field("command", change))));
            assertTrue("the change is still there", all.stream().anyMatch(l -> l.contains("\"event\":\"config.changed\"")
                    && l.contains(field("pid", "dev.patchbay.auditchurn")) && l.contains("\"new\":\"before-churn\"")));

            // The operations chain vouches for the session files: the oldest kept one begins
            // where an audit.rotated line says its predecessor ended.
            Path oldest = rotatedSessionFiles().get(0);
            String firstPrev = HASH_PREV.matcher(Files.readAllLines(oldest, UTF_8).get(0)).results()
                    .map(m -> m.group(1)).findFirst().orElseThrow();
            assertTrue("an audit.rotated line with last.hash " + firstPrev,
                    rotations.stream().anyMatch(l -> l.contains("\"last.hash\":\"" + firstPrev + "\"")));

            String verify = executeCommands("patchbay:audit-verify");
            System.out.println("AuditUnderAttackIT: patchbay:audit-verify after the churn:\n" + verify);
            assertTrue(verify, verify.contains("operations (kept by age): OK: ") && verify.contains("sessions (kept by count): OK: "));
            assertTrue(verify, verify.contains("write failures since start: 0"));
            assertTrue("each file with its time range: " + verify,
                    Pattern.compile("  patchbay-audit-sessions\\.json: \\d+ lines, \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\.\\. ")
                            .matcher(verify).find());
        } finally {
            restoreAudit(original);
            Files.deleteIfExists(etc().resolve("dev.patchbay.auditchurn.cfg"));
        }
    }

    /**
     * The audit writer is held for 8 s, longer than Event Admin's 5 s timeout (the test hook
     * {@code test.write.stall.ms}). Meanwhile events are posted and sent through Event Admin and
     * every endpoint keeps answering; once writes resume every event is in the log exactly
     * once, none was lost, and Event Admin still delivers to the audit log.
     */
    @Test
    public void aStalledAuditDiskLosesNothingAndHoldsNoOne() throws Exception {
        long stallLogLines = logLines().stream().filter(l -> l.contains("holds every write (test only)")).count();
        Dictionary<String, Object> original = changeAudit(Map.of("test.write.stall.ms", "8000"));
        List<Integer> plainPorts = new ArrayList<>();
        int events = 60;
        try {
            await("the stall in force").until(() -> logLines().stream()
                    .filter(l -> l.contains("holds every write (test only)")).count() > stallLogLines);
            long stalledAt = System.nanoTime();
            for (int i = 0; i < events; i++) {
                deliver(i % 10 == 0, i);
            }
            assertTrue("nothing written while stalled", auditLines().stream().noneMatch(l -> l.contains("stall-probe")));

            // Every endpoint answers throughout, for longer than Event Admin's timeout.
            int tlsPort = Integer.parseInt(System.getProperty(TLS_ECHO_PORT_PROPERTY));
            int limitedPort = Integer.parseInt(System.getProperty(LIMITED_ECHO_PORT_PROPERTY));
            SSLContext trustAll = TrustAnyCertificate.clientContext();
            await("echo on every endpoint for 6.5 s of the stall").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        try (LineClient plain = LineClient.connect(echoPort())) {
                            plainPorts.add(plain.localPort());
                            assertEquals("plain", plain.echo("plain"));
                        }
                        try (LineClient limited = LineClient.connect(limitedPort)) {
                            assertEquals("limited", limited.echo("limited"));
                        }
                        assertEquals("tls", tlsEcho(trustAll, tlsPort, "tls"));
                        return System.nanoTime() - stalledAt > Duration.ofMillis(6500).toNanos();
                    });
            assertTrue("still held: nothing written", auditLines().stream().noneMatch(l -> l.contains("stall-probe")));
        } finally {
            restoreAudit(original);
        }

        await("every event written once writes resume").atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> written = auditLines().stream().filter(l -> l.contains("stall-probe")).collect(Collectors.toList());
            return written.size() >= events;
        });
        List<String> written = auditLines().stream().filter(l -> l.contains("stall-probe")).collect(Collectors.toList());
        assertEquals("each once: " + written, events, written.size());
        for (int i = 0; i < events; i++) {
            String value = field("value", Integer.toString(i));
            assertEquals("event " + i, 1, written.stream().filter(l -> l.contains(value)).count());
        }
        for (int port : plainPorts) {
            awaitLine("session.opened", field("remote", "127.0.0.1:" + port));
            awaitLine("session.closed", field("remote", "127.0.0.1:" + port));
        }
        String status = executeCommands("patchbay:audit-status");
        assertTrue(status, status.contains("write failures:  0") && status.contains("not queued:      0"));

        // Event Admin did not denylist the audit handler: it still gets events.
        deliver(false, events);
        awaitLine("config.refused", "stall-probe", field("value", Integer.toString(events)));
        String verify = executeCommands("patchbay:audit-verify");
        assertTrue(verify, verify.contains("operations (kept by age): OK: ") && verify.contains("sessions (kept by count): OK: "));
    }

    // ----------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------

    private static final Pattern HASH_PREV = Pattern.compile(",\"prev\":\"([0-9a-f]{64})\"");

    /** Posts (or, if {@code send}, sends synchronously) a refused-configuration event through Event Admin. */
    private void deliver(boolean send, int n) throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        Class<?> eventType = Class.forName("org.osgi.service.event.Event", true, loader);
        Class<?> adminType = Class.forName("org.osgi.service.event.EventAdmin", true, loader);
        ServiceReference<?> ref = bundleContext.getServiceReference(adminType.getName());
        Object admin = bundleContext.getService(ref);
        try {
            Map<String, Object> props = new HashMap<>();
            props.put("endpoint", "stall-probe");
            props.put("key", "probe");
            props.put("value", Integer.toString(n));
            props.put("reason", "posted by AuditUnderAttackIT while the audit writer is held");
            Constructor<?> make = eventType.getConstructor(String.class, Map.class);
            Object event = make.newInstance("dev/patchbay/config/REFUSED", props);
            Method deliver = adminType.getMethod(send ? "sendEvent" : "postEvent", eventType);
            deliver.invoke(admin, event);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private static String tlsEcho(SSLContext context, int port, String line) throws IOException {
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder echoed = new StringBuilder();
            for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
                echoed.append((char) b);
            }
            return echoed.toString();
        }
    }

    /** Changes some keys of the audit configuration; returns the configuration before. */
    private Dictionary<String, Object> changeAudit(Map<String, Object> changes) throws IOException {
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration(AUDIT_PID, null);
        Dictionary<String, Object> original = config.getProperties();
        Dictionary<String, Object> changed = new Hashtable<>();
        if (original != null) {
            for (Enumeration<String> keys = original.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                changed.put(key, original.get(key));
            }
        }
        changes.forEach(changed::put);
        config.update(changed);
        return original;
    }

    private void restoreAudit(Dictionary<String, Object> original) throws IOException {
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration(AUDIT_PID, null);
        Dictionary<String, Object> back = new Hashtable<>();
        if (original != null) {
            for (Enumeration<String> keys = original.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                back.put(key, original.get(key));
            }
        }
        back.remove("test.write.stall.ms");
        config.update(back);
    }

    private static String lastSummaryOf(String address) {
        List<String> summaries = auditLines(auditFile().resolveSibling("patchbay-audit-sessions.json")).stream()
                .filter(l -> l.contains("\"event\":\"session.summary\"") && l.contains(field("remote", address)))
                .collect(Collectors.toList());
        return summaries.isEmpty() ? null : summaries.get(summaries.size() - 1);
    }

    private static long count(String summary, String key) {
        Matcher m = COUNT.matcher(summary);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }

    private static List<String> operationsLines() {
        return auditLines(auditFile());
    }

    private static List<Path> rotatedSessionFiles() throws IOException {
        Pattern rotated = Pattern.compile("patchbay-audit-sessions-\\d{8}T\\d{6}\\.\\d{3}Z(-\\d+)?\\.json");
        try (Stream<Path> files = Files.list(auditFile().getParent())) {
            return files.filter(f -> rotated.matcher(f.getFileName().toString()).matches()).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String awaitLine(String event, String... parts) {
        String kind = "\"event\":\"" + event + "\"";
        return await(event + " with " + String.join(", ", parts)).until(() -> auditLines().stream()
                .filter(l -> l.contains(kind) && Stream.of(parts).allMatch(l::contains)).findFirst().orElse(null),
                l -> l != null);
    }
}

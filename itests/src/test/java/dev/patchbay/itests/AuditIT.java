package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.tls.TlsConstants;
import dev.patchbay.api.tls.TlsProfile;

import dev.patchbay.testkit.ConcurrentLineClients;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.SourceBoundClients;

/**
 * The audit log (bundle patchbay-audit): every kind of event is written, with its fields,
 * once the action that causes it is done; secrets are masked; the hash chain names an edited
 * line and holds across rotation; sessions are counted exactly.
 *
 * <p>Lines are checked as text: the writer puts no spaces in its JSON and writes members in a
 * fixed order, so {@code "endpoint":"audit-ep"} is how that member always reads.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditIT extends PatchbaySupport {

    private static final String AUDIT_PID = "dev.patchbay.audit";
    private static final String PROFILE_FACTORY_PID = "dev.patchbay.ratelimit";
    private static final Pattern TS = Pattern.compile("^\\{\"ts\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"event\":\"[a-z.]+\",");
    private static final Pattern SEALED = Pattern.compile(",\"prev\":\"[0-9a-f]{64}\",\"hash\":\"[0-9a-f]{64}\"}$");

    private final List<Path> filesWritten = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @After
    public void cleanUp() throws IOException {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        registrations.clear();
        for (Path f : filesWritten) {
            Files.deleteIfExists(f);
        }
        filesWritten.clear();
    }

    // ----------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------

    @Test
    public void eachRunBeginsWithAuditStartedAndEveryLineIsSealedJson() {
        List<String> started = awaitLines("audit.started", 1, field("file", auditFile().toString()));
        assertTrue(started.get(0), started.get(0).contains("\"details\":{"));
        for (String line : auditLines()) {
            assertTrue("ISO-8601 UTC ts with milliseconds, then event: " + line, TS.matcher(line).find());
            assertTrue("ends with prev and hash: " + line, SEALED.matcher(line).find());
        }
    }

    @Test
    public void endpointLifecycleHandlerSwapAndConfigRefusalAreAudited() throws Exception {
        int port = freePort();
        writeEndpointFile("audit-ep", echoEndpoint(port));
        awaitEcho(port);
        awaitLines("endpoint.started", 1, field("endpoint", "audit-ep"), field("local", loopback(port)), "endpoint-audit-ep.cfg");
        awaitLines("handler.swapped", 1, field("endpoint", "audit-ep"), field("handler", "echo"));
        awaitLines("config.changed", 1, "\"pid\":\"" + ENDPOINT_FACTORY_PID, "endpoint-audit-ep.cfg",
                "\"port\":{\"old\":null,\"new\":\"" + port + "\"}");

        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HandlerConstants.HANDLER_NAME, "auditecho");
        registrations.add(bundleContext.registerService(ProtocolHandler.class, new Echo(), props));
        executeCommands("patchbay:swap audit-ep auditecho");
        awaitLines("console.command", 1, field("user", "itest"), field("command", "patchbay:swap audit-ep auditecho"));
        awaitLines("handler.swapped", 1, field("endpoint", "audit-ep"), field("handler", "auditecho"),
                "\"from.version\":\"");
        // FileInstall writes the swap back into the file; an edit made before that lands is overwritten.
        await("the swap written back to " + endpointFile("audit-ep").getFileName())
                .until(() -> Files.readString(endpointFile("audit-ep")).contains("auditecho"));

        Map<String, String> bad = echoEndpoint(port);
        bad.put("port", "70000");
        writeEndpointFile("audit-ep", bad);
        awaitLines("config.refused", 1, field("endpoint", "audit-ep"), field("key", "port"), field("value", "70000"),
                "\"pid\":\"" + ENDPOINT_FACTORY_PID);

        deleteEndpointFile("audit-ep");
        awaitLines("endpoint.stopped", 1, field("endpoint", "audit-ep"), field("local", loopback(port)), "\"reason\":");
    }

    @Test
    public void sessionsAreAuditedWhenTheyOpenAndClose() throws Exception {
        int port = freePort();
        writeEndpointFile("audit-sessions", echoEndpoint(port));
        awaitEcho(port);
        int clientPort;
        try (LineClient client = LineClient.connect(port)) {
            clientPort = client.localPort();
            // Written on the I/O thread before the handler hears of the session.
            awaitLines("session.opened", 1, field("endpoint", "audit-sessions"), field("remote", "127.0.0.1:" + clientPort),
                    field("local", loopback(port)), "\"session\":");
            assertEquals("one", client.echo("one"));
            assertEquals("two", client.echo("two"));
            assertEquals("three", client.echo("three"));
        }
        String closed = awaitLines("session.closed", 1, field("endpoint", "audit-sessions"),
                field("remote", "127.0.0.1:" + clientPort)).get(0);
        for (String part : new String[] {"\"messages.in\":3", "\"messages.out\":3", "\"bytes.in\":14",
                "\"bytes.out\":14", "\"duration.ms\":", "\"cause\":\"CLIENT\"", "\"reason\":"}) {
            assertTrue(part + " in " + closed, closed.contains(part));
        }
    }

    /**
     * With flood summaries off, every session has its own two lines. (With them on, as shipped,
     * a thousand sessions from one address in seconds are a flood: {@code AuditRetentionIT}
     * checks that the summaries count them exactly.)
     */
    @Test
    public void thousandSessionsGiveExactlyThousandOpenedAndThousandClosed() throws Exception {
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration(AUDIT_PID, null);
        Dictionary<String, Object> original = config.getProperties();
        Dictionary<String, Object> unsummarised = copy(original);
        unsummarised.put("flood.threshold", "0");
        config.update(unsummarised);
        try {
            await("flood summaries off").until(() -> executeCommands("patchbay:audit-status").contains("flood summary:   off"));
            thousandSessions();
        } finally {
            config.update(original);
        }
    }

    private void thousandSessions() throws Exception {
        int clients = 1000;
        int port = freePort();
        writeEndpointFile("audit-many", echoEndpoint(port));
        awaitEcho(port);
        // awaitEcho opened sessions of its own: count from here.
        await("the probe sessions closed").until(() -> runtime().sessions("audit-many").isEmpty());
        awaitCount("session.closed", "audit-many", countOf("session.opened", "audit-many"));
        long openedBefore = countOf("session.opened", "audit-many");

        try (ConcurrentLineClients many = new ConcurrentLineClients(new InetSocketAddress("127.0.0.1", port), clients, 1)) {
            many.connectAll(Duration.ofSeconds(60));
            List<String> failures = many.exchange(Duration.ofSeconds(90));
            assertTrue("clients without their echo: " + failures, failures.isEmpty());
        }
        await("the sessions of the closed clients released").until(() -> runtime().sessions("audit-many").isEmpty());
        awaitCount("session.opened", "audit-many", openedBefore + clients);
        awaitCount("session.closed", "audit-many", openedBefore + clients);
        assertEquals(openedBefore + clients, countOf("session.opened", "audit-many"));
        assertEquals(openedBefore + clients, countOf("session.closed", "audit-many"));
    }

    @Test
    public void rateLimitAccessAndBlockEventsAreAudited() throws Exception {
        int port = freePort();
        writeProfileFile("auditrl", "messages.per.second", "20", "messages.burst", "20",
                "connections.per.address", "1", "block.threshold", "2", "block.window", "30", "block.duration", "300",
                "deny", "127.0.0.67/32", "report.interval", "1");
        Map<String, String> ep = echoEndpoint(port);
        ep.put("ratelimit", "auditrl");
        writeEndpointFile("audit-rl", ep);
        await("audit-rl echoes from 127.0.0.7").ignoreExceptions().until(() -> {
            try (SourceBoundClients.Echo c = new SourceBoundClients.Echo("127.0.0.7", port)) {
                return "up".equals(c.echo("up"));
            }
        });

        assertTrue(SourceBoundClients.isRefused("127.0.0.67", port));
        awaitLines("access.denied", 1, field("endpoint", "audit-rl"), "\"remote\":\"127.0.0.67:", "\"reason\":\"filter ratelimit.auditrl");
        awaitLines("ratelimit.refused", 1, field("endpoint", "audit-rl"), "\"remote\":\"127.0.0.67", field("profile", "auditrl"),
                field("limit", "deny=127.0.0.67/32"));

        try (SourceBoundClients.Echo fast = new SourceBoundClients.Echo("127.0.0.8", port)) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                lines.append("line").append(i).append('\n');
            }
            fast.send(lines.toString());
            for (int i = 0; i < 60; i++) {
                assertEquals("line" + i, fast.readLine());
            }
        }
        awaitLines("ratelimit.delayed", 1, field("endpoint", "audit-rl"), "\"remote\":\"127.0.0.8", field("profile", "auditrl"),
                "\"count\":");

        try (SourceBoundClients.Echo held = new SourceBoundClients.Echo("127.0.0.9", port)) {
            assertEquals("held", held.echo("held"));
            for (int i = 0; i < 4; i++) {
                SourceBoundClients.isRefused("127.0.0.9", port);
            }
        }
        awaitLines("address.blocked", 1, "\"remote\":\"127.0.0.9", field("profile", "auditrl"), "\"duration.ms\":300000");
        executeCommands("patchbay:unblock 127.0.0.9");
        awaitLines("address.unblocked", 1, "\"remote\":\"127.0.0.9", field("profile", "auditrl"));
        awaitLines("console.command", 1, field("user", "itest"), field("command", "patchbay:unblock 127.0.0.9"));
    }

    @Test
    public void configChangesAreAuditedWithSecretsMasked() throws Exception {
        Path cfg = etc().resolve("dev.patchbay.audittest.cfg");
        writeFileAtomically(cfg, "user = alice\npassword = hunter2\nport = 1\n");
        awaitLines("config.changed", 1, field("pid", "dev.patchbay.audittest"),
                "\"password\":{\"old\":null,\"new\":\"***\"}", "\"user\":{\"old\":null,\"new\":\"alice\"}");

        executeCommands("config:property-set -p dev.patchbay.audittest password s3cr3t-xyz",
                "config:property-set -p dev.patchbay.audittest port 2");
        awaitLines("console.command", 1, field("user", "itest"),
                field("command", "config:property-set -p dev.patchbay.audittest password ***"));
        awaitLines("config.changed", 1, field("pid", "dev.patchbay.audittest"), field("user", "itest"),
                "\"password\":{\"old\":\"***\",\"new\":\"***\"}");
        awaitLines("config.changed", 1, field("pid", "dev.patchbay.audittest"), field("user", "itest"),
                "\"port\":{\"old\":\"1\",\"new\":\"2\"}");

        Files.delete(cfg);
        awaitLines("config.changed", 1, field("pid", "dev.patchbay.audittest"), "\"deleted\":true");
        for (String line : auditLines()) {
            assertFalse("a secret in the audit log: " + line, line.contains("hunter2") || line.contains("s3cr3t-xyz"));
        }
    }

    @Test
    public void bundleInstallUpdateAndUninstallAreAudited() throws Exception {
        Bundle b = bundleContext.installBundle("itest:audit-probe", new ByteArrayInputStream(tinyBundle("1.0.0")));
        try {
            awaitLines("bundle.installed", 1, field("bundle", "dev.patchbay.itests.auditprobe"), field("version", "1.0.0"),
                    field("location", "itest:audit-probe"));
            b.update(new ByteArrayInputStream(tinyBundle("1.0.1")));
            awaitLines("bundle.updated", 1, field("bundle", "dev.patchbay.itests.auditprobe"), field("version", "1.0.1"));
        } finally {
            b.uninstall();
        }
        awaitLines("bundle.uninstalled", 1, field("bundle", "dev.patchbay.itests.auditprobe"), "\"id\":" + b.getBundleId());
    }

    /**
     * A plaintext client on a TLS endpoint fails the handshake; the transport reports it and the
     * audit log writes it. The profile has no key material: the client's first bytes are not a
     * TLS record, so the handshake fails before any would be needed.
     */
    @Test
    public void tlsHandshakeFailureIsAudited() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TlsConstants.PROFILE, "audit-tls");
        registrations.add(bundleContext.registerService(TlsProfile.class, new TlsProfile() {
            @Override
            public String name() {
                return "audit-tls";
            }

            @Override
            public SSLEngine newServerEngine(InetSocketAddress peer) {
                SSLEngine engine = context.createSSLEngine(peer.getHostString(), peer.getPort());
                engine.setUseClientMode(false);
                return engine;
            }

            @Override
            public Duration handshakeTimeout() {
                return Duration.ofSeconds(10);
            }
        }, props));
        int port = freePort();
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("tls", "audit-tls");
        writeEndpointFile("audit-tls", cfg);
        awaitLines("endpoint.started", 1, field("endpoint", "audit-tls"), field("local", loopback(port)));

        int clientPort;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            clientPort = plain.getLocalPort();
            plain.setSoTimeout(20_000);
            plain.getOutputStream().write("hello in plaintext\n".getBytes(UTF_8));
            try {
                plain.getInputStream().readAllBytes();
            } catch (IOException resetByTheServer) {
                // closed either way
            }
        }
        awaitLines("tls.failed", 1, field("endpoint", "audit-tls"), field("remote", "127.0.0.1:" + clientPort),
                field("local", loopback(port)), field("reason.class", TlsConstants.REASON_PROTOCOL),
                field("profile", "audit-tls"), "\"reason\":\"");
        assertTrue("a failed handshake opens no session",
                lines("session.opened", field("endpoint", "audit-tls"), field("remote", "127.0.0.1:" + clientPort)).isEmpty());
    }

    // ----------------------------------------------------------------------------------
    // Tamper evidence
    // ----------------------------------------------------------------------------------

    @Test
    public void editingOneByteOfAPastLineMakesVerifyNameThatLine() throws Exception {
        for (int i = 0; i < 5; i++) {
            executeCommands("patchbay:audit-status");
        }
        String verify = executeCommands("patchbay:audit-verify");
        assertTrue(verify, verify.contains("OK: ") && verify.contains("chain intact"));
        assertTrue(verify, verify.contains("write failures since start: 0"));
        String status = executeCommands("patchbay:audit-status");
        assertTrue(status, status.contains(auditFile().toString()) && status.contains("write failures:  0"));
        String tail = executeCommands("patchbay:audit-tail -n 3 --event console.command");
        List<String> tailed = tail.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertEquals(tail, 3, tailed.size());
        for (String line : tailed) {
            assertTrue(line, line.contains("\"event\":\"console.command\"") && line.contains("\"user\":\"itest\""));
        }
        assertTrue(tail, tailed.get(2).contains(field("command", "patchbay:audit-tail -n 3 --event console.command")));

        // A copy of the live log, so that the live chain stays intact for the other tests.
        Path copy = auditFile().resolveSibling("audit-tamper-test.json");
        filesWritten.add(copy);
        Files.copy(auditFile(), copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> lines = Files.readAllLines(copy, UTF_8);
        assertTrue(lines.size() >= 5);
        int target = lines.size() - 3; // 0-based index of a past line
        long offset = 0;
        for (int i = 0; i < target; i++) {
            offset += lines.get(i).getBytes(UTF_8).length + 1;
        }
        int at = lines.get(target).indexOf("\"event\":\"") + "\"event\":\"".length();
        try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
            raf.seek(offset + at);
            int b = raf.read();
            raf.seek(offset + at);
            raf.write(b == 'x' ? 'y' : 'x');
        }
        String broken = executeCommands("patchbay:audit-verify " + copy);
        System.out.println("AuditIT: patchbay:audit-verify of a copy with line " + (target + 1) + " edited:\n" + broken);
        assertTrue(broken, broken.contains("BROKEN at " + copy + " line " + (target + 1) + ":"));
        assertTrue(broken, broken.contains("(" + target + " lines before it verified)"));
    }

    @Test
    public void theChainVerifiesAcrossRotation() throws Exception {
        Path dir = Paths.get(System.getProperty("karaf.data"), "log", "audit-rotation-it");
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration(AUDIT_PID, null);
        Dictionary<String, Object> original = config.getProperties();
        Dictionary<String, Object> tiny = copy(original);
        tiny.put("file", dir.resolve("patchbay-audit.json").toString());
        tiny.put("max.size", "2KiB");
        tiny.put("retention", "0");
        config.update(tiny);
        try {
            await("audit.moved into " + dir).until(() -> Files.isRegularFile(dir.resolve("patchbay-audit.json"))
                    && Files.readString(dir.resolve("patchbay-audit.json")).contains("\"event\":\"audit.moved\""));
            for (int i = 0; i < 20; i++) {
                executeCommands("patchbay:audit-status");
            }
            try (Stream<Path> files = Files.list(dir)) {
                long count = files.count();
                assertTrue("rotated at 2 KiB: " + count + " files", count >= 3);
            }
            String verify = executeCommands("patchbay:audit-verify");
            System.out.println("AuditIT: patchbay:audit-verify across rotations:\n" + verify);
            assertTrue(verify, verify.contains("OK: ") && verify.contains("chain intact"));
            assertTrue(verify, Pattern.compile("files: ([3-9]|\\d\\d+) ").matcher(verify).find());
        } finally {
            config.update(original);
            await("audit log back in " + auditFile()).until(() -> Files.readString(auditFile())
                    .contains("\"event\":\"audit.moved\",\"details\":{\"file\":\"" + auditFile() + "\""));
        }
    }

    // ----------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------

    private static List<String> lines(String event, String... parts) {
        String kind = "\"event\":\"" + event + "\"";
        return auditLines().stream()
                .filter(l -> l.contains(kind) && Arrays.stream(parts).allMatch(l::contains))
                .collect(Collectors.toList());
    }

    private static List<String> awaitLines(String event, int atLeast, String... parts) {
        return await(atLeast + " " + event + " line(s) with " + Arrays.toString(parts))
                .until(() -> lines(event, parts), l -> l.size() >= atLeast);
    }

    private static long countOf(String event, String endpoint) {
        return lines(event, field("endpoint", endpoint)).size();
    }

    private static void awaitCount(String event, String endpoint, long expected) {
        await(expected + " " + event + " lines of " + endpoint).atMost(Duration.ofSeconds(60))
                .until(() -> countOf(event, endpoint), n -> n == expected);
    }

    private void writeProfileFile(String profile, String... keyValues) throws IOException {
        StringBuilder text = new StringBuilder("# written by AuditIT\n");
        for (int i = 0; i < keyValues.length; i += 2) {
            text.append(keyValues[i]).append(" = ").append(keyValues[i + 1]).append('\n');
        }
        writeFileAtomically(etc().resolve(PROFILE_FACTORY_PID + "-" + profile + ".cfg"), text.toString());
    }

    private void writeFileAtomically(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temporary, text.getBytes(UTF_8));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        filesWritten.add(target);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> from) {
        Dictionary<String, Object> to = new Hashtable<>();
        if (from != null) {
            for (Enumeration<String> keys = from.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                to.put(key, from.get(key));
            }
        }
        return to;
    }

    /** A bundle with nothing but a manifest: enough to be installed, updated and uninstalled. */
    private static byte[] tinyBundle(String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "dev.patchbay.itests.auditprobe");
        main.putValue("Bundle-Version", version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            // the manifest is all
        }
        return bytes.toByteArray();
    }

    /** A handler the test registers to swap to. */
    static final class Echo implements ProtocolHandler {
        @Override
        public void received(Session session, ByteBuffer frame) {
            session.write(frame);
        }
    }
}

package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

public class AuditLogComponentTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void beginsWithAuditStartedMasksSecretsAndMovesWithTheChain() throws Exception {
        Path first = folder.getRoot().toPath().resolve("a/patchbay-audit.json");
        Path second = folder.getRoot().toPath().resolve("b/patchbay-audit.json");
        AuditLogComponent log = new AuditLogComponent();
        log.activate(context(), config(Map.of("file", first.toString(), "redact.patterns", "^pin$, salt"), Map.of()));
        assertTrue(log.record(AuditEvent.of("config.changed").pid("x").detail("pin", "1234").detail("salty", "s")
                .detail("password", "p")));
        log.modified(config(Map.of("file", second.toString()), Map.of()));
        assertTrue(log.record(AuditEvent.of("console.command").user("u").detail("command", "c")));
        log.deactivate();

        List<String> a = Files.readAllLines(first, UTF_8);
        assertTrue(a.get(0), a.get(0).contains("\"event\":\"audit.started\""));
        assertTrue(a.get(1), a.get(1).contains("\"pin\":\"***\",\"salty\":\"***\",\"password\":\"***\""));
        List<String> b = Files.readAllLines(second, UTF_8);
        assertTrue(b.get(0), b.get(0).contains("\"event\":\"audit.moved\""));
        assertEquals("the chain goes on in the new file", HashChain.parse(a.get(a.size() - 1)).hash(),
                HashChain.parse(b.get(0)).prev());
        assertTrue(ChainVerifier.verify(List.of(first.toAbsolutePath(), second.toAbsolutePath())).ok());
        assertEquals(0, log.failures());
        assertEquals(4, log.written());
    }

    @Test
    public void aBadValueIsRefusedAuditedAndTheLastGoodConfigurationKept() throws Exception {
        Path file = folder.getRoot().toPath().resolve("patchbay-audit.json");
        AuditLogComponent log = new AuditLogComponent();
        log.activate(context(), config(Map.of("file", file.toString()), Map.of()));
        log.modified(config(Map.of("file", file.toString(), "max.size", "lots"), Map.of()));
        log.deactivate();
        List<String> lines = Files.readAllLines(file, UTF_8);
        String refused = lines.get(lines.size() - 1);
        assertTrue(refused, refused.contains("\"event\":\"config.refused\",\"pid\":\"dev.patchbay.audit\""));
        assertTrue(refused, refused.contains("\"key\":\"max.size\",\"value\":\"lots\""));
    }

    @Test
    public void aFailedWriteIsCountedNotDropped() throws Exception {
        Path blocker = folder.newFile("not-a-directory").toPath();
        AuditLogComponent log = new AuditLogComponent();
        // The parent of the audit file is a plain file: nothing can be written.
        log.activate(context(), config(Map.of("file", blocker.resolve("patchbay-audit.json").toString()), Map.of()));
        assertFalse("waited for and not written", log.recordAndWait(AuditEvent.of("session.opened").endpoint("e")));
        assertEquals("audit.started and session.opened", 2, log.failures());
        assertNotNull(log.lastFailure());
        // Both may fail in one batch, the session file's share first: either is the last.
        assertTrue(log.lastFailure(), log.lastFailure().matches("(session\\.opened|audit\\.started) not written: .*"));
        log.deactivate();
        assertFalse("the log stopped", log.record(AuditEvent.of("session.closed").endpoint("e")));
        assertEquals(3, log.failures());
    }

    @Test
    public void operationsAndSessionEventsGoToTheirOwnChainsAndAFloodIsSummarisedWithExactCounts() throws Exception {
        Path file = folder.getRoot().toPath().resolve("patchbay-audit.json");
        AuditLogComponent log = new AuditLogComponent();
        log.activate(context(), config(Map.of("file", file.toString(), "flood.threshold", "10", "flood.interval", "60"),
                Map.of()));
        assertTrue(log.recordAndWait(AuditEvent.of("config.changed").pid("p")));
        for (int i = 0; i < 100; i++) {
            log.record(AuditEvent.of("session.opened").endpoint("echo").session((long) i).remote("10.0.0.1:" + (2000 + i)));
            log.record(AuditEvent.of("session.closed").endpoint("echo").session((long) i).remote("10.0.0.1:" + (2000 + i))
                    .detail("cause", "CLIENT"));
        }
        log.record(AuditEvent.of("session.opened").endpoint("echo").session(1000L).remote("10.0.0.2:3000"));
        log.deactivate();

        List<String> operations = Files.readAllLines(file, UTF_8);
        assertEquals(operations.toString(), 2, operations.size());
        assertTrue(operations.get(1).contains("\"event\":\"config.changed\""));
        Path sessionsFile = folder.getRoot().toPath().resolve("patchbay-audit-sessions.json");
        List<String> sessions = Files.readAllLines(sessionsFile, UTF_8);
        // 10 lines of their own for 10.0.0.1, one for 10.0.0.2, and the summary written at the stop.
        assertEquals(sessions.toString(), 12, sessions.size());
        String summary = sessions.get(sessions.size() - 1);
        assertTrue(summary, summary.contains("\"event\":\"session.summary\",\"endpoint\":\"echo\",\"remote\":\"10.0.0.1\""));
        for (String part : new String[] {"\"opened\":100", "\"closed\":100", "\"written\":10", "\"summarised\":190",
                "\"closed.causes\":{\"CLIENT\":100}", "\"flood.opened\":100", "\"flood.closed\":100"}) {
            assertTrue(part + " in " + summary, summary.contains(part));
        }
        assertTrue(ChainVerifier.verify(List.of(file)).ok());
        assertTrue(ChainVerifier.verify(List.of(sessionsFile)).ok());
        assertEquals(0, log.failures());
    }

    @Test
    public void aFullQueueCountsTheEventsItCannotTake() throws Exception {
        Path file = folder.getRoot().toPath().resolve("patchbay-audit.json");
        AuditLogComponent log = new AuditLogComponent();
        log.activate(context(), config(Map.of("file", file.toString(), "queue.lines", "100"),
                Map.of(AuditSettings.TEST_WRITE_STALL, "60000")));
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            if (!log.record(AuditEvent.of("endpoint.started").endpoint("e" + i))) {
                refused++;
            }
        }
        assertTrue("refused: " + refused, refused >= 100);
        assertEquals(refused, log.status().notQueued());
        assertEquals(refused, log.failures());
        log.modified(config(Map.of("file", file.toString(), "queue.lines", "100"), Map.of()));
        log.deactivate();
        assertEquals("every queued event written", 1 + 300 - refused, Files.readAllLines(file, UTF_8).size());
    }

    private static Map<String, Object> config(Map<String, String> values, Map<String, ?> extra) {
        Map<String, Object> all = new HashMap<>(values);
        all.putAll(extra);
        return all;
    }

    private static BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, m, args) -> m.getName().equals("getVersion") ? new Version(1, 2, 3) : null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> m.getName().equals("getBundle") ? bundle : null);
    }
}

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
        log.activate(context(), config(Map.of("file", first.toString(), "redact.patterns", "^pin$, salt")));
        assertTrue(log.record(AuditEvent.of("config.changed").pid("x").detail("pin", "1234").detail("salty", "s")
                .detail("password", "p")));
        log.modified(config(Map.of("file", second.toString())));
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
        log.activate(context(), config(Map.of("file", file.toString())));
        log.modified(config(Map.of("file", file.toString(), "max.size", "lots")));
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
        log.activate(context(), config(Map.of("file", blocker.resolve("patchbay-audit.json").toString())));
        assertFalse(log.record(AuditEvent.of("session.opened").endpoint("e")));
        assertEquals("audit.started and session.opened", 2, log.failures());
        assertNotNull(log.lastFailure());
        assertTrue(log.lastFailure(), log.lastFailure().startsWith("session.opened not written"));
        log.deactivate();
    }

    private static AuditConfig config(Map<String, String> values) {
        Map<String, Object> all = new HashMap<>();
        all.put("file", AuditConfig.DEFAULT_FILE);
        all.put("max_size", "50MiB");
        all.put("rotate_daily", true);
        all.put("retention", 30);
        all.put("fsync", false);
        all.put("redact_patterns", new String[0]);
        values.forEach((k, v) -> {
            String method = k.replace('.', '_');
            all.put(method, method.equals("redact_patterns") ? new String[] {v} : v);
        });
        return (AuditConfig) Proxy.newProxyInstance(AuditConfig.class.getClassLoader(), new Class<?>[] {AuditConfig.class},
                (proxy, m, args) -> m.getName().equals("annotationType") ? AuditConfig.class : all.get(m.getName()));
    }

    private static BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, m, args) -> m.getName().equals("getVersion") ? new Version(1, 2, 3) : null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> m.getName().equals("getBundle") ? bundle : null);
    }
}

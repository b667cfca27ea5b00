package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The durability promise end to end: a JVM killed with SIGKILL right after a write returned
 * has that line, and every line before it, in the file, with the chain intact.
 */
public class AuditWriterKillTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyLineWhoseWriteReturnedSurvivesKillNine() throws Exception {
        Path file = folder.getRoot().toPath().resolve("patchbay-audit.json");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillNineWriter.class.getName(), file.toString()).redirectErrorStream(true).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                acknowledged = Long.parseLong(line.trim());
                if (acknowledged >= 300) {
                    // SIGKILL on Linux: no shutdown hook, no finalizer, no close.
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(300, acknowledged);
        List<String> lines = Files.readAllLines(file, UTF_8);
        assertTrue("every acknowledged line is in the file: " + lines.size(), lines.size() >= acknowledged);
        assertTrue(lines.get(299).contains("\"session\":300,"));
        // A write in flight when the kill came may be cut short; everything acknowledged verifies.
        ChainVerifier.Result result = ChainVerifier.verify(List.of(file));
        assertTrue(result.describe(), result.ok() || result.line() > acknowledged);
    }
}

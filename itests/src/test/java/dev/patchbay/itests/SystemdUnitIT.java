package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * {@code systemd-analyze verify ops/systemd/patchbay.service}, when the tool is installed (skipped
 * with a message otherwise). The unit's {@code ExecStart} must exist for the check, so it is pointed
 * at the distribution this build made ({@code karaf-distribution/target/assembly/bin/karaf}), the
 * rest of the unit unchanged.
 */
public class SystemdUnitIT {

    @Test
    public void systemdAnalyzeVerifyPasses() throws Exception {
        Path tool = Paths.get("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(tool)) {
            System.out.println("SKIPPED: systemd-analyze is not installed; ops/systemd/patchbay.service not verified");
            assumeTrue("systemd-analyze is not installed", false);
        }
        Path base = Paths.get(System.getProperty("patchbay.itests.basedir", ".")).toAbsolutePath();
        Path unit = base.resolve("../ops/systemd/patchbay.service").normalize();
        Path karaf = base.resolve("../karaf-distribution/target/assembly/bin/karaf").normalize();
        assertTrue("the built distribution's bin/karaf: " + karaf, Files.isExecutable(karaf));

        String text = Files.readString(unit);
        assertTrue("the unit starts /opt/patchbay/bin/karaf in daemon mode", text.contains("ExecStart=/opt/patchbay/bin/karaf daemon"));
        Path dir = Paths.get(System.getProperty("patchbay.itests.builddir", "target"), "systemd").toAbsolutePath();
        Files.createDirectories(dir);
        Path copy = dir.resolve("patchbay.service");
        Files.writeString(copy, text.replace("ExecStart=/opt/patchbay/bin/karaf", "ExecStart=" + karaf));

        Process p = new ProcessBuilder(tool.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        System.out.println("systemd-analyze verify: exit " + p.exitValue() + "\n" + out);
        assertEquals("systemd-analyze verify " + copy + ":\n" + out, 0, p.exitValue());
        assertTrue("no complaint about the unit:\n" + out, out.lines().noneMatch(l -> l.contains("patchbay.service")));
    }
}

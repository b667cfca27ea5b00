package dev.patchbay.metrics.internal;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

/**
 * The alert rules shipped in {@code ops/prometheus}, checked and unit-tested by promtool
 * where it is installed; they use the series this bundle exports.
 */
public class AlertRulesTest {

    private static final Path RULES = Paths.get("..", "..", "ops", "prometheus");

    @Test
    public void theRulesAreValidAndTheirTestsPass() throws Exception {
        assumeTrue("promtool not installed", Promtool.find().isPresent());
        assumeTrue("no " + RULES.toAbsolutePath(), Files.isDirectory(RULES));
        Promtool.assertClean("check", "rules", RULES.resolve("patchbay-alerts.yml"));
        Promtool.assertClean("test", "rules", RULES.resolve("patchbay-alerts.test.yml"));
    }
}

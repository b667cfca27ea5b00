package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker, where it is installed ({@code apt-get install prometheus}); the
 * checks that need it are skipped, saying so, where it is not.
 */
final class Promtool {

    private Promtool() {
    }

    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return Optional.of(candidate.toPath());
            }
        }
        return Optional.empty();
    }

    /** {@code promtool check metrics < file}: fails with its findings unless it finds none. */
    static void assertMetricsClean(Path exposition) throws IOException, InterruptedException {
        run(exposition, "check", "metrics");
    }

    /** Runs {@code promtool args…} and fails with its output unless it exits 0; skips without promtool. */
    static void assertClean(Object... args) throws IOException, InterruptedException {
        run(null, args);
    }

    private static void run(Path stdin, Object... args) throws IOException, InterruptedException {
        Optional<Path> promtool = find();
        if (promtool.isEmpty()) {
            System.out.println("promtool not installed: skipped promtool " + List.of(args));
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(promtool.get().toString());
        for (Object a : args) {
            command.add(a.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(command + ":\n" + output, 0, p.exitValue());
        if (stdin != null) {
            // Older promtools exit 0 on lint findings and only print them: none is expected.
            assertEquals(command + ":\n" + output, "", output.trim());
        }
    }
}

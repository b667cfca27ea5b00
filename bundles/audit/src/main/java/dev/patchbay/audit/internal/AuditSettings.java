package dev.patchbay.audit.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit configuration, checked: a bad value is refused with its key, value and what is
 * accepted, so that the component can keep its last good settings.
 *
 * @param policy           how the session and refusal files rotate and are kept (by count)
 * @param operationsPolicy how the operations files rotate and are kept (by age)
 * @param testWriteStall   test only: how long the writer holds each batch before writing it
 *                         (simulates a stalled disk); zero unless {@code test.write.stall.ms} is set
 */
record AuditSettings(Path file, AuditWriter.Policy policy, AuditWriter.Policy operationsPolicy, SecretRedactor redactor,
        List<String> patterns, int floodThreshold, Duration floodInterval, long queueLines, long queueBytes,
        Duration testWriteStall) {

    /** Test only, not in the metatype: milliseconds the writer holds each batch (a stalled disk). */
    static final String TEST_WRITE_STALL = "test.write.stall.ms";

    static final String PID = "dev.patchbay.audit";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    /** A refused value. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String key;
        final String value;

        Refused(String key, Object value, String accepted) {
            super("refused " + key + "=" + value + " (accepted: " + accepted + ")");
            this.key = key;
            this.value = String.valueOf(value);
        }
    }

    static AuditSettings from(AuditConfig cfg, UnaryOperator<String> properties) throws Refused {
        return from(cfg, properties, null);
    }

    static AuditSettings from(AuditConfig cfg, UnaryOperator<String> properties, Object testWriteStall)
            throws Refused {
        String fileName = expand(cfg.file() == null || cfg.file().isBlank() ? AuditConfig.DEFAULT_FILE : cfg.file(),
                properties);
        Path file;
        try {
            file = Paths.get(fileName).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new Refused("file", cfg.file(), "a file path");
        }
        long maxSize = parseSize("max.size", cfg.max_size());
        if (cfg.retention() < 0 || cfg.retention() > 100_000) {
            throw new Refused("retention", cfg.retention(), "an integer from 0 (keep all) to 100000");
        }
        if (cfg.retention_days() < 0 || cfg.retention_days() > 36_500) {
            throw new Refused("retention.days", cfg.retention_days(), "an integer from 0 (keep all) to 36500");
        }
        if (cfg.flood_threshold() < 0 || cfg.flood_threshold() > 1_000_000) {
            throw new Refused("flood.threshold", cfg.flood_threshold(), "an integer from 0 (never summarise) to 1000000");
        }
        if (cfg.flood_interval() < 1 || cfg.flood_interval() > 3600) {
            throw new Refused("flood.interval", cfg.flood_interval(), "seconds from 1 to 3600");
        }
        if (cfg.queue_lines() < 100 || cfg.queue_lines() > 10_000_000) {
            throw new Refused("queue.lines", cfg.queue_lines(), "an integer from 100 to 10000000");
        }
        long queueBytes = parseSize("queue.size", cfg.queue_size());
        if (queueBytes < 64 * 1024) {
            throw new Refused("queue.size", cfg.queue_size(), "64KiB to 1TiB");
        }
        long stallMillis = 0;
        if (testWriteStall != null) {
            try {
                stallMillis = Long.parseLong(testWriteStall.toString().trim());
            } catch (NumberFormatException e) {
                throw new Refused(TEST_WRITE_STALL, testWriteStall, "milliseconds (test only)");
            }
        }
        List<String> patterns = new ArrayList<>();
        for (String element : cfg.redact_patterns()) {
            for (String p : element.split(",")) {
                if (!p.isBlank()) {
                    patterns.add(p.trim());
                }
            }
        }
        SecretRedactor redactor;
        try {
            redactor = SecretRedactor.withPatterns(patterns.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new Refused("redact.patterns", String.join(",", patterns), "regular expressions, comma separated: "
                    + e.getMessage());
        }
        return new AuditSettings(file,
                new AuditWriter.Policy(maxSize, cfg.rotate_daily(), cfg.retention(), 0, cfg.fsync()),
                new AuditWriter.Policy(maxSize, cfg.rotate_daily(), 0, cfg.retention_days(), cfg.fsync()),
                redactor, List.copyOf(patterns), cfg.flood_threshold(), Duration.ofSeconds(cfg.flood_interval()),
                cfg.queue_lines(), queueBytes, Duration.ofMillis(Math.max(0, stallMillis)));
    }

    /** The file of the session and refusal events, beside {@code file}: {@code <name>-sessions.<ext>}. */
    Path sessionsFile() {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sessions = dot > 0 ? name.substring(0, dot) + "-sessions" + name.substring(dot) : name + "-sessions";
        return file.resolveSibling(sessions);
    }

    Path file(AuditClass c) {
        return c == AuditClass.OPERATIONS ? file : sessionsFile();
    }

    AuditWriter.Policy policy(AuditClass c) {
        return c == AuditClass.OPERATIONS ? operationsPolicy : policy;
    }

    static long parseSize(String value) throws Refused {
        return parseSize("max.size", value);
    }

    static long parseSize(String key, String value) throws Refused {
        String accepted = "a size in bytes from 0 (no size rotation) to 1 TiB, optionally with KiB, MiB or GiB";
        Matcher m = SIZE.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new Refused(key, value, accepted);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new Refused(key, value, accepted);
        }
        long unit = switch (m.group(2)) {
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> 1;
        };
        if (n > (1L << 40) / unit) {
            throw new Refused(key, value, accepted);
        }
        return n * unit;
    }

    /** Expands {@code ${name}} from the given properties (system properties in Karaf); karaf.data defaults to data. */
    static String expand(String value, UnaryOperator<String> properties) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = properties.apply(m.group(1));
            if (v == null) {
                v = m.group(1).equals("karaf.data") ? "data" : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}

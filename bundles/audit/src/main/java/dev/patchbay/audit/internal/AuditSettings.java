package dev.patchbay.audit.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.config.Refusal;

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
        final String accepted;

        Refused(String key, Object value, String accepted) {
            super("refused " + key + "=" + value + " (accepted: " + accepted + ")");
            this.key = key;
            this.value = String.valueOf(value);
            this.accepted = accepted;
        }

        Refused(Refusal r) {
            this(r.key(), r.value(), r.accepted());
        }
    }

    /** The declaration of every key: defaults and ranges come from it, not from this class. */
    static final ConfigSchema SCHEMA = ConfigSchema.of(AuditConfig.class);

    static AuditSettings from(Map<String, ?> props, UnaryOperator<String> properties) throws Refused {
        ConfigReader r = new ConfigReader(SCHEMA, props);
        AuditSettings s = read(r, properties, props.get(TEST_WRITE_STALL));
        if (!r.refusals().isEmpty()) {
            throw new Refused(r.refusals().get(0));
        }
        return s;
    }

    /**
     * Reads every key through {@code r}: the metatype's ranges, then what it cannot express
     * (sizes with units, the file path, the redaction patterns). Returns {@code null} when refused.
     */
    static AuditSettings read(ConfigReader r, UnaryOperator<String> properties, Object testWriteStall) {
        String given = r.string("file");
        Path file = null;
        try {
            file = Paths.get(expand(given, properties)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            r.refuse("file", given, "a file path");
        }
        long maxSize = size(r, "max.size", 0);
        boolean rotateDaily = r.bool("rotate.daily");
        int retention = (int) r.numberAccepting("retention", range(r, "retention", " (keep all)", ""));
        int retentionDays = (int) r.numberAccepting("retention.days", range(r, "retention.days", " (keep all)", ""));
        int floodThreshold = (int) r.numberAccepting("flood.threshold", range(r, "flood.threshold", " (never summarise)", ""));
        int floodInterval = (int) r.numberAccepting("flood.interval", "seconds from " + ConfigReader.min(r.attribute("flood.interval"))
                + " to " + ConfigReader.max(r.attribute("flood.interval")));
        int queueLines = (int) r.numberAccepting("queue.lines", range(r, "queue.lines", "", ""));
        long queueBytes = size(r, "queue.size", 64 * 1024);
        boolean fsync = r.bool("fsync");
        long stallMillis = 0;
        if (testWriteStall != null) {
            try {
                stallMillis = Long.parseLong(testWriteStall.toString().trim());
            } catch (NumberFormatException e) {
                r.refuse(TEST_WRITE_STALL, testWriteStall, "milliseconds (test only)");
            }
        }
        List<String> patterns = r.items("redact.patterns", ",");
        SecretRedactor redactor = null;
        try {
            redactor = SecretRedactor.withPatterns(patterns.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            r.refuse("redact.patterns", String.join(",", patterns), "regular expressions, comma separated: " + e.getMessage());
        }
        if (!r.refusals().isEmpty()) {
            return null;
        }
        return new AuditSettings(file,
                new AuditWriter.Policy(maxSize, rotateDaily, retention, 0, fsync),
                new AuditWriter.Policy(maxSize, rotateDaily, 0, retentionDays, fsync),
                redactor, List.copyOf(patterns), floodThreshold, Duration.ofSeconds(floodInterval),
                queueLines, queueBytes, Duration.ofMillis(Math.max(0, stallMillis)));
    }

    /** "an integer from MIN<minNote> to MAX<maxNote>", the range as the metatype declares it. */
    private static String range(ConfigReader r, String key, String minNote, String maxNote) {
        ConfigSchema.Attribute a = r.attribute(key);
        return "an integer from " + ConfigReader.min(a) + minNote + " to " + ConfigReader.max(a) + maxNote;
    }

    /** A size with an optional unit: a syntax metatype cannot check. */
    private static long size(ConfigReader r, String key, long least) {
        String value = r.string(key);
        try {
            long bytes = parseSize(key, value);
            if (bytes < least) {
                r.refuse(key, value, "64KiB to 1TiB");
            }
            return bytes;
        } catch (Refused e) {
            r.refuse(key, value, e.accepted);
            return 0;
        }
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

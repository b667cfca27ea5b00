package dev.patchbay.audit.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit configuration, checked: a bad value is refused with its key, value and what is
 * accepted, so that the component can keep its last good settings.
 */
record AuditSettings(Path file, AuditWriter.Policy policy, SecretRedactor redactor, List<String> patterns) {

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
        String fileName = expand(cfg.file() == null || cfg.file().isBlank() ? AuditConfig.DEFAULT_FILE : cfg.file(),
                properties);
        Path file;
        try {
            file = Paths.get(fileName).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new Refused("file", cfg.file(), "a file path");
        }
        long maxSize = parseSize(cfg.max_size());
        if (cfg.retention() < 0 || cfg.retention() > 100_000) {
            throw new Refused("retention", cfg.retention(), "an integer from 0 (keep all) to 100000");
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
        return new AuditSettings(file, new AuditWriter.Policy(maxSize, cfg.rotate_daily(), cfg.retention(), cfg.fsync()),
                redactor, List.copyOf(patterns));
    }

    static long parseSize(String value) throws Refused {
        String accepted = "a size in bytes from 0 (no size rotation) to 1 TiB, optionally with KiB, MiB or GiB";
        Matcher m = SIZE.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new Refused("max.size", value, accepted);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new Refused("max.size", value, accepted);
        }
        long unit = switch (m.group(2)) {
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> 1;
        };
        if (n > (1L << 40) / unit) {
            throw new Refused("max.size", value, accepted);
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

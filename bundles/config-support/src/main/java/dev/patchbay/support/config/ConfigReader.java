package dev.patchbay.support.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one configuration's raw properties (strings from {@code .cfg} files, or typed values
 * from ConfigAdmin) against its {@link ConfigSchema}: the default, range and options of each
 * key come from the metatype, never from the caller. A bad value becomes a {@link Refusal}
 * naming the key, the value and what is accepted; the caller adds the rules metatype cannot
 * express (cross-field rules, file existence, address syntax) with {@link #refuse}.
 *
 * <p>Used when a configuration arrives, never per message.
 */
public final class ConfigReader {

    private final ConfigSchema schema;
    private final Map<String, ?> props;
    private final List<Refusal> refusals = new ArrayList<>();
    private final Set<String> keysRead = new LinkedHashSet<>();

    public ConfigReader(ConfigSchema schema, Map<String, ?> props) {
        this.schema = schema;
        this.props = props;
    }

    public ConfigSchema schema() {
        return schema;
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** The declared keys read so far: what the component enforces, for the consistency tests. */
    public Set<String> keysRead() {
        return Set.copyOf(keysRead);
    }

    public void refuse(String key, Object value, String accepted) {
        refusals.add(new Refusal(key, String.valueOf(value), accepted));
    }

    /** A refusal by a rule metatype cannot express, worded as its reason: see {@link Refusal#because}. */
    public void refuseBecause(String key, Object value, String reason) {
        refusals.add(Refusal.because(key, String.valueOf(value), reason));
    }

    /** Whether the declared key is present at all, even blank. */
    public boolean present(String key) {
        attribute(key);
        return props.containsKey(key);
    }

    /** The attribute {@code key}, marked as read. */
    public ConfigSchema.Attribute attribute(String key) {
        ConfigSchema.Attribute a = schema.attribute(key);
        keysRead.add(key);
        return a;
    }

    /** The raw value of a declared key; {@code null} when absent or blank. */
    public Object raw(String key) {
        attribute(key);
        Object v = props.get(key);
        if (v instanceof String s && s.isBlank()) {
            return null;
        }
        return v;
    }

    /** The trimmed value, else the declared default (which may be {@code null}). */
    public String string(String key) {
        ConfigSchema.Attribute a = attribute(key);
        Object v = raw(key);
        if (v instanceof String[] array) {
            v = String.join(",", array);
        } else if (v instanceof Collection<?> c) {
            v = String.join(",", c.stream().map(String::valueOf).toList());
        }
        String s = v == null ? null : v.toString().trim();
        return s == null || s.isEmpty() ? a.defaultValue() : s;
    }

    /** "an integer from MIN to MAX": the range text every refusal of a number uses. */
    public String accepted(String key) {
        ConfigSchema.Attribute a = schema.attribute(key);
        return "an integer from " + min(a) + " to " + max(a);
    }

    public int integer(String key) {
        return (int) number(key, "");
    }

    /**
     * An integral value within the declared range; absent, the declared default; absent with
     * no default, refused as required.
     *
     * @param note appended to the accepted range in a refusal, e.g. {@code " (0: unlimited)"}
     */
    public long number(String key, String note) {
        return numberAccepting(key, accepted(key) + note);
    }

    /** As {@link #number}, with the whole "accepted" text of a refusal given, for a rule that words the range itself. */
    public long numberAccepting(String key, String accepted) {
        ConfigSchema.Attribute a = attribute(key);
        long min = min(a);
        long max = max(a);
        Object v = raw(key);
        String dflt = a.defaultValue();
        if (v == null) {
            if (dflt == null) {
                refuse(key, "(missing)", "required: " + accepted);
                return 0;
            }
            return Long.parseLong(dflt);
        }
        long value;
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            value = n.longValue();
        } else if (v instanceof Number) {
            refuse(key, v, accepted);
            return dflt == null ? 0 : Long.parseLong(dflt);
        } else {
            try {
                value = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                refuse(key, v, accepted);
                return dflt == null ? 0 : Long.parseLong(dflt);
            }
        }
        if (value < min || value > max) {
            refuse(key, v, accepted);
            return dflt == null ? 0 : Long.parseLong(dflt);
        }
        return value;
    }

    public boolean bool(String key) {
        ConfigSchema.Attribute a = attribute(key);
        boolean dflt = Boolean.parseBoolean(a.defaultValue());
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        refuse(key, v, "true or false");
        return dflt;
    }

    /** One of the declared options (any case), as declared; refused otherwise, with the default returned. */
    public String option(String key) {
        ConfigSchema.Attribute a = attribute(key);
        String v = string(key);
        for (String o : a.options()) {
            if (o.equalsIgnoreCase(v)) {
                return o;
            }
        }
        refuse(key, v, options(a.options()));
        return a.defaultValue();
    }

    /** The items of a multi-valued key: an array, a collection, or one string split by {@code separator}. */
    public List<String> items(String key, String separator) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        Collection<?> items;
        if (v instanceof String[] a) {
            items = Arrays.asList(a);
        } else if (v instanceof Collection<?> c) {
            items = c;
        } else {
            items = Arrays.asList(v.toString().split(separator));
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            String s = item.toString().trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** "a, b or c". */
    static String options(List<String> options) {
        if (options.size() == 1) {
            return options.get(0);
        }
        return String.join(", ", options.subList(0, options.size() - 1)) + " or " + options.get(options.size() - 1);
    }

    /** The declared minimum, else the least value of the type. */
    public static long min(ConfigSchema.Attribute a) {
        return a.min() != null ? Long.parseLong(a.min().trim()) : typeMin(a.type());
    }

    /** The declared maximum, else the greatest value of the type. */
    public static long max(ConfigSchema.Attribute a) {
        return a.max() != null ? Long.parseLong(a.max().trim()) : typeMax(a.type());
    }

    private static long typeMin(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "integer" -> Integer.MIN_VALUE;
            case "short" -> Short.MIN_VALUE;
            case "byte" -> Byte.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    private static long typeMax(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "integer" -> Integer.MAX_VALUE;
            case "short" -> Short.MAX_VALUE;
            case "byte" -> Byte.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}

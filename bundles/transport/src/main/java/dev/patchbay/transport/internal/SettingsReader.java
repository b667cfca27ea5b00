package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.transport.internal.EndpointSettings.FilterRef;
import dev.patchbay.transport.internal.EndpointSettings.Refusal;
import dev.patchbay.transport.internal.EndpointSettings.SwapPolicy;

import org.osgi.framework.VersionRange;

/** Reads typed values out of ConfigAdmin properties, which arrive as strings from .cfg files. */
final class SettingsReader {
    private final Map<String, ?> props;
    private final List<Refusal> refusals = new ArrayList<>();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    SettingsReader(Map<String, ?> props) {
        this.props = props;
    }

    List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    long longValue(String key, long dflt, long min, long max, String accepted) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        try {
            long value = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        refuse(key, v, accepted);
        return dflt;
    }

    void refuse(String key, Object value, String accepted) {
        refusals.add(new Refusal(key, String.valueOf(value), accepted));
    }

    private Object raw(String key) {
        Object v = props.get(key);
        if (v instanceof String s && s.isBlank()) {
            return null;
        }
        return v;
    }

    String string(String key, String dflt) {
        Object v = raw(key);
        return v == null ? dflt : v.toString().trim();
    }

    String name(String key, String dflt) {
        String v = string(key, dflt);
        if (v == null) {
            refuse(key, "(missing)", "required: a name of letters, digits, '.', '_' or '-'");
            return null;
        }
        if (!NAME.matcher(v).matches()) {
            refuse(key, v, "a name of letters, digits, '.', '_' or '-'");
            return null;
        }
        return v;
    }

    String optionalName(String key) {
        String v = string(key, null);
        if (v != null && !NAME.matcher(v).matches()) {
            refuse(key, v, "a profile name of letters, digits, '.', '_' or '-'");
            return null;
        }
        return v;
    }

    int integer(String key, Integer dflt, int min, int max) {
        Object v = raw(key);
        String accepted = "an integer from " + min + " to " + max;
        if (v == null) {
            if (dflt == null) {
                refuse(key, "(missing)", "required: " + accepted);
                return 0;
            }
            return dflt;
        }
        long value;
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            value = n.longValue();
        } else if (v instanceof Number) {
            refuse(key, v, accepted);
            return 0;
        } else {
            try {
                value = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                refuse(key, v, accepted);
                return 0;
            }
        }
        if (value < min || value > max) {
            refuse(key, v, accepted);
            return 0;
        }
        return (int) value;
    }

    boolean bool(String key, boolean dflt) {
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

    SwapPolicy swapPolicy(String key) {
        String v = string(key, "handover");
        for (SwapPolicy p : SwapPolicy.values()) {
            if (p.toString().equalsIgnoreCase(v)) {
                return p;
            }
        }
        refuse(key, v, "handover or drain");
        return SwapPolicy.HANDOVER;
    }

    /** {@code true} for the worker pool, {@code false} for the I/O thread. */
    boolean executor(String key) {
        String v = string(key, HandlerConstants.EXECUTOR_IO);
        if (v.equalsIgnoreCase(HandlerConstants.EXECUTOR_WORKER)) {
            return true;
        }
        if (!v.equalsIgnoreCase(HandlerConstants.EXECUTOR_IO)) {
            refuse(key, v, HandlerConstants.EXECUTOR_IO + " or " + HandlerConstants.EXECUTOR_WORKER);
        }
        return false;
    }

    VersionRange versionRange(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        try {
            return VersionRange.valueOf(v.toString().trim());
        } catch (IllegalArgumentException e) {
            refuse(key, v, "an OSGi version range such as [1.0,2.0) or 1.2");
            return null;
        }
    }

    List<FilterRef> filters(String key) {
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
            items = Arrays.asList(v.toString().split(","));
        }
        List<FilterRef> refs = new ArrayList<>();
        for (Object item : items) {
            String s = item.toString().trim();
            if (s.isEmpty()) {
                continue;
            }
            boolean required = !s.endsWith("?");
            String name = required ? s : s.substring(0, s.length() - 1);
            if (!NAME.matcher(name).matches()) {
                refuse(key, s, "filter names of letters, digits, '.', '_' or '-', optionally ending in ?");
            } else if (refs.stream().anyMatch(f -> f.name().equals(name))) {
                refuse(key, s, "each filter once");
            } else {
                refs.add(new FilterRef(name, required));
            }
        }
        return List.copyOf(refs);
    }
}

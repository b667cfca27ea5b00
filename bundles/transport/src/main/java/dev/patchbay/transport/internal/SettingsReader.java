package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.transport.internal.EndpointSettings.FilterRef;

import org.osgi.framework.VersionRange;

/**
 * The endpoint rules metatype cannot express: names, version ranges and filter lists. Ranges,
 * defaults and options are the {@link ConfigReader}'s, from the metatype.
 */
final class SettingsReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final ConfigReader r;

    SettingsReader(ConfigReader r) {
        this.r = r;
    }

    String name(String key) {
        String v = r.string(key);
        if (v == null) {
            r.refuse(key, "(missing)", "required: a name of letters, digits, '.', '_' or '-'");
            return null;
        }
        if (!NAME.matcher(v).matches()) {
            r.refuse(key, v, "a name of letters, digits, '.', '_' or '-'");
            return null;
        }
        return v;
    }

    String optionalName(String key) {
        String v = r.string(key);
        if (v != null && !NAME.matcher(v).matches()) {
            r.refuse(key, v, "a profile name of letters, digits, '.', '_' or '-'");
            return null;
        }
        return v;
    }

    VersionRange versionRange(String key) {
        Object v = r.raw(key);
        if (v == null) {
            return null;
        }
        try {
            return VersionRange.valueOf(v.toString().trim());
        } catch (IllegalArgumentException e) {
            r.refuse(key, v, "an OSGi version range such as [1.0,2.0) or 1.2");
            return null;
        }
    }

    List<FilterRef> filters(String key) {
        List<FilterRef> refs = new ArrayList<>();
        for (String s : r.items(key, ",")) {
            boolean required = !s.endsWith("?");
            String name = required ? s : s.substring(0, s.length() - 1);
            if (!NAME.matcher(name).matches()) {
                r.refuse(key, s, "filter names of letters, digits, '.', '_' or '-', optionally ending in ?");
            } else if (refs.stream().anyMatch(f -> f.name().equals(name))) {
                r.refuse(key, s, "each filter once");
            } else {
                refs.add(new FilterRef(name, required));
            }
        }
        return List.copyOf(refs);
    }
}

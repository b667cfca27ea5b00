package dev.patchbay.support.config.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.config.Refusal;

/**
 * Checks that a component enforces what its metatype declares, for the bundles' unit tests
 * (a plain package, no test framework, so that it never ends up imported by a bundle): every
 * key described, every declared key read, each default accepted, each range enforced at its
 * bounds, each option list enforced, and the ranges a description quotes equal to the declared
 * ones. Returns the problems found, one line each; none when the two agree.
 */
public final class SchemaConsistency {

    /** "1 to 65535" in a description: the range it promises. */
    private static final Pattern QUOTED_RANGE = Pattern.compile("(-?\\d+) to (-?\\d+)");
    /** Felix WebConsole's name hint for factory instances: declared for the WebConsole, read by no component. */
    public static final String NAME_HINT = "webconsole.configurationFactory.nameHint";

    private SchemaConsistency() {
    }

    /**
     * @param schema   the metatype
     * @param valid    a configuration the component accepts (the required keys and whatever the
     *                 extra rules need); each check changes one key of it
     * @param unread   declared keys the component deliberately does not read through the reader
     * @param validate what the component does with a configuration: reads it through the reader
     */
    public static List<String> check(ConfigSchema schema, Map<String, Object> valid, Set<String> unread,
            Consumer<ConfigReader> validate) {
        List<String> problems = new ArrayList<>();
        String where = schema.pid() + " (" + schema.ocdId() + ")";
        ConfigReader base = run(schema, valid, validate);
        if (!base.refusals().isEmpty()) {
            problems.add(where + ": the valid configuration " + valid + " is refused: " + base.refusals());
            return problems;
        }
        Set<String> notRead = new TreeSet<>(schema.attributes().keySet());
        notRead.removeAll(base.keysRead());
        notRead.removeAll(unread);
        notRead.remove(NAME_HINT);
        if (!notRead.isEmpty()) {
            problems.add(where + ": declared in the metatype but never read by the component: " + notRead);
        }
        for (ConfigSchema.Attribute a : schema.attributes().values()) {
            String key = a.id();
            if (a.description() == null || a.description().isBlank()) {
                problems.add(where + ": " + key + " has no description");
            }
            if (unread.contains(key) || NAME_HINT.equals(key)) {
                continue;
            }
            if (a.defaultValue() != null && a.cardinality() == 0) {
                expect(problems, where, schema, valid, validate, key, a.defaultValue(), true, "its default");
            }
            if (a.numeric()) {
                if (a.min() == null || a.max() == null) {
                    problems.add(where + ": " + key + " is a number without a declared min and max");
                    continue;
                }
                long min = Long.parseLong(a.min());
                long max = Long.parseLong(a.max());
                expect(problems, where, schema, valid, validate, key, Long.toString(min), true, "its min");
                expect(problems, where, schema, valid, validate, key, Long.toString(max), true, "its max");
                if (min > Long.MIN_VALUE) {
                    expect(problems, where, schema, valid, validate, key, Long.toString(min - 1), false, "min - 1");
                }
                if (max < Long.MAX_VALUE) {
                    expect(problems, where, schema, valid, validate, key, Long.toString(max + 1), false, "max + 1");
                }
                Matcher m = QUOTED_RANGE.matcher(a.description());
                if (m.find() && !(m.group(1).equals(a.min()) && m.group(2).equals(a.max()))) {
                    problems.add(where + ": " + key + " is described as " + m.group() + " but declared " + a.min()
                            + " to " + a.max());
                }
            }
            if (!a.options().isEmpty()) {
                if (a.defaultValue() != null && !a.options().contains(a.defaultValue())) {
                    problems.add(where + ": " + key + " defaults to " + a.defaultValue() + ", not one of its options");
                }
                for (String o : a.options()) {
                    expect(problems, where, schema, valid, validate, key, o, true, "option " + o);
                }
                expect(problems, where, schema, valid, validate, key, "no-such-option", false, "a value not among its options");
            }
            if ("Boolean".equals(a.type())) {
                expect(problems, where, schema, valid, validate, key, "maybe", false, "a value neither true nor false");
            }
        }
        return problems;
    }

    private static void expect(List<String> problems, String where, ConfigSchema schema, Map<String, Object> valid,
            Consumer<ConfigReader> validate, String key, String value, boolean accepted, String what) {
        Map<String, Object> props = new HashMap<>(valid);
        props.put(key, value);
        List<Refusal> refusals = run(schema, props, validate).refusals();
        if (accepted && !refusals.isEmpty()) {
            problems.add(where + ": " + key + "=" + value + " (" + what + ") is refused: " + refusals);
        } else if (!accepted && refusals.stream().noneMatch(r -> r.key().equals(key))) {
            problems.add(where + ": " + key + "=" + value + " (" + what + ") is not refused" + (refusals.isEmpty() ? ""
                    : " for " + key + ": " + refusals));
        }
    }

    private static ConfigReader run(ConfigSchema schema, Map<String, Object> props, Consumer<ConfigReader> validate) {
        ConfigReader r = new ConfigReader(schema, props);
        validate.accept(r);
        return r;
    }
}

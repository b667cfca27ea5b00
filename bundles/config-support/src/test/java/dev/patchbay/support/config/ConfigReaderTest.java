package dev.patchbay.support.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

public class ConfigReaderTest {

    private static final ConfigSchema SCHEMA = ConfigSchema.of(SampleConfig.class);

    /** A component that reads every key through the reader. */
    private static final Consumer<ConfigReader> FAITHFUL = r -> {
        r.integer("port");
        r.number("limit", " (0: unlimited)");
        r.option("mode");
        r.bool("enabled");
        r.string("list");
    };

    private static ConfigReader read(Map<String, ?> props) {
        ConfigReader r = new ConfigReader(SCHEMA, props);
        FAITHFUL.accept(r);
        return r;
    }

    @Test
    public void readsTheDeclaration() {
        assertEquals("dev.patchbay.sample", SCHEMA.pid());
        assertTrue(SCHEMA.factory());
        assertEquals(List.of("port", "limit", "mode", "enabled", "list"), List.copyOf(SCHEMA.attributes().keySet()));
        assertEquals("a,b", SCHEMA.attribute("list").defaultValue());
        assertEquals(List.of("fast", "safe"), SCHEMA.attribute("mode").options());
    }

    @Test
    public void refusesWithKeyValueAndWhatIsAccepted() {
        assertEquals("[port=70000 (accepted: an integer from 1 to 65535)]", read(Map.of("port", "70000")).refusals().toString());
        assertEquals("[port=(missing) (accepted: required: an integer from 1 to 65535)]", read(Map.of()).refusals().toString());
        assertEquals("[limit=-1 (accepted: an integer from 0 to 1000 (0: unlimited))]",
                read(Map.of("port", 1, "limit", "-1")).refusals().toString());
        assertEquals("[mode=slow (accepted: fast or safe)]", read(Map.of("port", 1, "mode", "slow")).refusals().toString());
        assertEquals("[enabled=yes (accepted: true or false)]", read(Map.of("port", 1, "enabled", "yes")).refusals().toString());
        assertEquals("x=y (why)", Refusal.because("x", "y", "why").toString());
    }

    @Test
    public void defaultsComeFromTheDeclaration() {
        ConfigReader r = new ConfigReader(SCHEMA, Map.of("port", " 7007 ", "mode", "SAFE"));
        assertEquals(7007, r.integer("port"));
        assertEquals(0, r.number("limit", ""));
        assertEquals("safe", r.option("mode"));
        assertTrue(r.bool("enabled"));
        assertEquals("a,b", r.string("list"));
        assertEquals(List.of(), r.refusals());
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUndeclaredKeyIsAProgrammingError() {
        new ConfigReader(SCHEMA, Map.of()).integer("undeclared");
    }

    @Test
    public void theCheckerPassesAFaithfulComponent() {
        assertEquals(List.of(), SchemaConsistency.check(SCHEMA, Map.of("port", "1"), Set.of(), FAITHFUL));
    }

    @Test
    public void theCheckerFindsAKeyNeverRead() {
        List<String> problems = SchemaConsistency.check(SCHEMA, Map.of("port", "1"), Set.of(), r -> {
            r.integer("port");
            r.number("limit", "");
            r.option("mode");
            r.bool("enabled");
        });
        assertEquals(problems.toString(), 1, problems.size());
        assertTrue(problems.get(0), problems.get(0).contains("never read by the component: [list]"));
    }

    @Test
    public void theCheckerFindsARangeWrittenTwice() {
        // A component that also checks its own, narrower, copy of the range.
        List<String> problems = SchemaConsistency.check(SCHEMA, Map.of("port", "1"), Set.of(), FAITHFUL.andThen(r -> {
            if (r.integer("port") > 1024) {
                r.refuse("port", r.integer("port"), "a port below 1024");
            }
        }));
        assertFalse(problems.isEmpty());
        assertTrue(problems.toString(), problems.get(0).contains("port=65535 (its max) is refused"));
    }
}

package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.inject.Inject;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.testkit.EventRecorder;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * For every Patchbay configuration in the running container, what the tools show (the
 * MetaType service behind {@code config:meta} and the WebConsole) and what the component
 * enforces are the same: every attribute described, every number with a range, the tools'
 * own validation accepting each bound and refusing one past it, and the component refusing
 * one past each bound through ConfigAdmin with a {@code config.refused} event naming the key.
 * (That each component reads exactly the declared keys is checked by each bundle's
 * {@code MetatypeConsistencyTest}, where the reader can be watched.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetatypeIT extends PatchbaySupport {

    /** Every configuration Patchbay declares; a new one must be added here and to README's table. */
    private static final Set<String> KNOWN = Set.of("dev.patchbay.endpoint", "dev.patchbay.ratelimit",
            "dev.patchbay.tls", "dev.patchbay.audit", "dev.patchbay.metrics", "dev.patchbay.transport",
            "dev.patchbay.keyspace");

    /**
     * Endpoint keys a handler reads rather than the transport (Session.endpointSetting), with the
     * metatype type the tools must show: the resp handler's password, a password field.
     */
    private static final Map<String, Integer> HANDLER_ENDPOINT_KEYS = Map.of("requirepass", AttributeDefinition.PASSWORD);

    /** Those whose component posts config.refused on Event Admin, with a configuration they otherwise accept. */
    private static final Map<String, Map<String, String>> ENFORCED = Map.of(
            "dev.patchbay.endpoint", Map.of("port", "1", "handler", "echo"),
            "dev.patchbay.ratelimit", Map.of(),
            "dev.patchbay.tls", Map.of("certificate", "absent.pem", "key", "absent.key", "trust", "absent-ca.pem"),
            "dev.patchbay.metrics", Map.of(),
            "dev.patchbay.transport", Map.of(),
            "dev.patchbay.keyspace", Map.of());

    @Inject
    private MetaTypeService metaType;

    @Test
    public void everyPatchbayConfigurationIsDescribedWithItsRanges() throws Exception {
        Map<String, Declared> declared = declared();
        assertTrue("every known configuration declared: " + declared.keySet(), declared.keySet().containsAll(KNOWN));
        List<String> problems = new ArrayList<>();
        for (Declared d : declared.values()) {
            for (AttributeDefinition ad : d.ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                String where = d.pid + " " + ad.getID();
                if (ad.getDescription() == null || ad.getDescription().isBlank()) {
                    problems.add(where + ": no description");
                }
                if (!numeric(ad)) {
                    continue;
                }
                String[] range = d.ranges.get(ad.getID());
                if (range == null || range[0] == null || range[1] == null) {
                    problems.add(where + ": a number without min and max");
                    continue;
                }
                long min = Long.parseLong(range[0]);
                long max = Long.parseLong(range[1]);
                expectValidation(problems, where, ad, Long.toString(min), true);
                expectValidation(problems, where, ad, Long.toString(max), true);
                if (min > Long.MIN_VALUE) {
                    expectValidation(problems, where, ad, Long.toString(min - 1), false);
                }
                if (max < Long.MAX_VALUE) {
                    expectValidation(problems, where, ad, Long.toString(max + 1), false);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    public void theEndpointKeysHandlersReadAreDeclared() throws Exception {
        Declared endpoint = declared().get("dev.patchbay.endpoint");
        Map<String, Integer> found = new HashMap<>();
        for (AttributeDefinition ad : endpoint.ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            found.put(ad.getID(), ad.getType());
        }
        for (Map.Entry<String, Integer> key : HANDLER_ENDPOINT_KEYS.entrySet()) {
            assertEquals("dev.patchbay.endpoint " + key.getKey() + ": declared, with its type", key.getValue(),
                    found.get(key.getKey()));
        }
    }

    @Test
    public void eachComponentRefusesWhatItsMetatypeRefuses() throws Exception {
        Map<String, Declared> declared = declared();
        List<String> problems = new ArrayList<>();
        try (EventRecorder events = EventRecorder.start(bundleContext, Topics.CONFIG_REFUSED)) {
            for (Map.Entry<String, Map<String, String>> e : new TreeMap<>(ENFORCED).entrySet()) {
                Declared d = declared.get(e.getKey());
                if (d == null) {
                    problems.add(e.getKey() + ": no metatype in the running server");
                    continue;
                }
                Configuration cfg = d.factory ? configurationAdmin.getFactoryConfiguration(d.pid, "metatype-it", "?")
                        : configurationAdmin.getConfiguration(d.pid, "?");
                Dictionary<String, Object> before = cfg.getProperties();
                try {
                    for (AttributeDefinition ad : d.ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                        String[] range = d.ranges.get(ad.getID());
                        if (!numeric(ad) || range == null) {
                            continue;
                        }
                        long min = Long.parseLong(range[0]);
                        long max = Long.parseLong(range[1]);
                        if (min > Long.MIN_VALUE) {
                            expectRefused(problems, events, cfg, d, e.getValue(), ad.getID(), Long.toString(min - 1));
                        }
                        if (max < Long.MAX_VALUE) {
                            expectRefused(problems, events, cfg, d, e.getValue(), ad.getID(), Long.toString(max + 1));
                        }
                    }
                } finally {
                    if (d.factory || before == null) {
                        cfg.delete();
                    } else {
                        cfg.update(before);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private void expectRefused(List<String> problems, EventRecorder events, Configuration cfg, Declared d,
            Map<String, String> valid, String key, String value) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>(valid);
        props.put(key, value);
        cfg.update(props);
        try {
            await(d.pid + " refusing " + key + "=" + value).until(() -> events.events(Topics.CONFIG_REFUSED).stream()
                    .anyMatch(p -> cfg.getPid().equals(p.get(EventProperties.PID))
                            && List.of(String.valueOf(p.get(EventProperties.KEY)).split(",")).contains(key)
                            && List.of(String.valueOf(p.get(EventProperties.VALUE)).split(",")).contains(value)));
        } catch (AssertionError | RuntimeException timedOut) {
            problems.add(d.pid + ": " + key + "=" + value + " is outside the metatype's range but was not refused");
        }
    }

    private static void expectValidation(List<String> problems, String where, AttributeDefinition ad, String value,
            boolean valid) {
        String result = ad.validate(value);
        boolean accepted = result == null || result.isEmpty();
        if (accepted != valid) {
            problems.add(where + "=" + value + ": the MetaType service " + (valid ? "refuses it: " + result : "accepts it"));
        }
    }

    private static boolean numeric(AttributeDefinition ad) {
        return ad.getType() == AttributeDefinition.INTEGER || ad.getType() == AttributeDefinition.LONG
                || ad.getType() == AttributeDefinition.SHORT || ad.getType() == AttributeDefinition.BYTE;
    }

    /** One declared configuration: its OCD as the MetaType service gives it, and the ranges its XML declares. */
    private record Declared(String pid, boolean factory, ObjectClassDefinition ocd, Map<String, String[]> ranges) {
    }

    /** Every PID and factory PID a Patchbay bundle designates. */
    private Map<String, Declared> declared() throws Exception {
        Map<String, Declared> found = new LinkedHashMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("patchbay-")) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(b);
            if (info == null) {
                continue;
            }
            Map<String, Map<String, String[]>> ranges = ranges(b);
            for (String pid : info.getPids()) {
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                found.put(pid, new Declared(pid, false, ocd, ranges.getOrDefault(ocd.getID(), Map.of())));
            }
            for (String pid : info.getFactoryPids()) {
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                found.put(pid, new Declared(pid, true, ocd, ranges.getOrDefault(ocd.getID(), Map.of())));
            }
        }
        return found;
    }

    /**
     * min and max of each attribute, by OCD id, from the bundle's metatype XML: the MetaType
     * API has no getter for them (only validate), and the component reads this same file.
     */
    private static Map<String, Map<String, String[]>> ranges(Bundle b) throws Exception {
        Map<String, Map<String, String[]>> byOcd = new HashMap<>();
        Enumeration<URL> files = b.findEntries("OSGI-INF/metatype", "*.xml", false);
        while (files != null && files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
                NodeList ocds = root.getElementsByTagName("OCD");
                for (int i = 0; i < ocds.getLength(); i++) {
                    Element ocd = (Element) ocds.item(i);
                    Map<String, String[]> attributes = new HashMap<>();
                    NodeList ads = ocd.getElementsByTagName("AD");
                    for (int j = 0; j < ads.getLength(); j++) {
                        Element ad = (Element) ads.item(j);
                        attributes.put(ad.getAttribute("id"), new String[] {
                            ad.hasAttribute("min") ? ad.getAttribute("min") : null,
                            ad.hasAttribute("max") ? ad.getAttribute("max") : null});
                    }
                    byOcd.put(ocd.getAttribute("id"), attributes);
                }
            }
        }
        return byOcd;
    }
}

package dev.patchbay.support.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A configuration's declaration, read from the metatype XML bnd generates from its
 * {@code @ObjectClassDefinition} interface: key, type, default, range, options and description
 * of each attribute. The annotations are the one place a setting is declared; the tools
 * ({@code config:meta}, the WebConsole) read that XML through the MetaType service and the
 * component's {@link ConfigReader} reads the same file, so the two cannot disagree. (The
 * annotations themselves are not visible at run time: their retention is CLASS.)
 */
public final class ConfigSchema {

    private static final ClassValue<ConfigSchema> CACHE = new ClassValue<>() {
        @Override
        protected ConfigSchema computeValue(Class<?> ocd) {
            return load(ocd);
        }
    };

    /** One attribute as declared. {@code min}, {@code max} are {@code null} when not declared. */
    public record Attribute(String id, String type, int cardinality, boolean required, List<String> defaults,
            String min, String max, List<String> options, String name, String description) {

        /** The single default value, or {@code null} when there is none. */
        public String defaultValue() {
            return defaults.isEmpty() ? null : defaults.get(0);
        }

        public boolean numeric() {
            return switch (type) {
                case "Integer", "Long", "Short", "Byte" -> true;
                default -> false;
            };
        }
    }

    private final String ocdId;
    private final String pid;
    private final boolean factory;
    private final Map<String, Attribute> attributes;

    private ConfigSchema(String ocdId, String pid, boolean factory, Map<String, Attribute> attributes) {
        this.ocdId = ocdId;
        this.pid = pid;
        this.factory = factory;
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    /** The schema declared by {@code ocd}, an {@code @ObjectClassDefinition} interface of the calling bundle. Cached. */
    public static ConfigSchema of(Class<?> ocd) {
        return CACHE.get(ocd);
    }

    public String ocdId() {
        return ocdId;
    }

    /** The PID, or for a factory configuration the factory PID, the OCD is designated for. */
    public String pid() {
        return pid;
    }

    public boolean factory() {
        return factory;
    }

    /** Every attribute, in declaration order. */
    public Map<String, Attribute> attributes() {
        return attributes;
    }

    /** The attribute {@code id}; a key the schema does not declare is a programming error. */
    public Attribute attribute(String id) {
        Attribute a = attributes.get(id);
        if (a == null) {
            throw new IllegalArgumentException("Key " + id + " is read but not declared in the metatype " + ocdId);
        }
        return a;
    }

    private static ConfigSchema load(Class<?> ocd) {
        String resource = "OSGI-INF/metatype/" + ocd.getName() + ".xml";
        URL url = ocd.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("No metatype " + resource + " beside " + ocd.getName()
                    + " (is it an @ObjectClassDefinition processed by bnd?)");
        }
        try (InputStream in = url.openStream()) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            Element root = f.newDocumentBuilder().parse(in).getDocumentElement();
            Element ocdElement = first(root, "OCD");
            Map<String, Attribute> attributes = new LinkedHashMap<>();
            NodeList ads = ocdElement.getElementsByTagName("AD");
            for (int i = 0; i < ads.getLength(); i++) {
                Attribute a = attribute((Element) ads.item(i));
                attributes.put(a.id(), a);
            }
            Element designate = first(root, "Designate");
            String factoryPid = designate == null ? "" : designate.getAttribute("factoryPid");
            String pid = designate == null ? "" : designate.getAttribute("pid");
            return new ConfigSchema(ocdElement.getAttribute("id"), factoryPid.isEmpty() ? pid : factoryPid,
                    !factoryPid.isEmpty(), attributes);
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot read the metatype " + resource, e);
        }
    }

    private static Attribute attribute(Element ad) {
        List<String> options = new ArrayList<>();
        NodeList os = ad.getElementsByTagName("Option");
        for (int i = 0; i < os.getLength(); i++) {
            options.add(((Element) os.item(i)).getAttribute("value"));
        }
        String dflt = ad.hasAttribute("default") ? ad.getAttribute("default") : null;
        String cardinality = ad.getAttribute("cardinality");
        return new Attribute(ad.getAttribute("id"), ad.getAttribute("type"),
                cardinality.isEmpty() ? 0 : Integer.parseInt(cardinality),
                !"false".equals(ad.getAttribute("required")),
                dflt == null ? List.of() : splitDefault(dflt),
                ad.hasAttribute("min") ? ad.getAttribute("min") : null,
                ad.hasAttribute("max") ? ad.getAttribute("max") : null,
                List.copyOf(options), ad.getAttribute("name"), ad.getAttribute("description"));
    }

    /** Metatype separates the defaults of a multi-valued attribute with commas; {@code \,} is a literal comma. */
    private static List<String> splitDefault(String dflt) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < dflt.length(); i++) {
            char c = dflt.charAt(i);
            if (c == '\\' && i + 1 < dflt.length()) {
                current.append(dflt.charAt(++i));
            } else if (c == ',') {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return List.copyOf(values);
    }

    private static Element first(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }
}

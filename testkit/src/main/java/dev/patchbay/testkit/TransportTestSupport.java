package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.After;
import org.osgi.framework.ServiceRegistration;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;

/**
 * What the transport-survival tests share: the transport's own configuration file
 * ({@code etc/dev.patchbay.transport.cfg}, removed again after each test so that the next one
 * runs with the defaults), handlers registered from the test, HTTP probes, the audit log and
 * things to close after a test.
 */
public abstract class TransportTestSupport extends PatchbaySupport {

    /** Singleton PID of the transport's own settings. */
    protected static final String TRANSPORT_PID = "dev.patchbay.transport";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    /** Closed after the test, last added first. */
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private boolean transportConfigWritten;
    /** The file as it was before the test wrote it (the distribution ships one), or null if there was none. */
    private byte[] originalTransportConfig;

    // ----------------------------------------------------------------------------------
    // Cleanup
    // ----------------------------------------------------------------------------------

    /** Runs before {@link PatchbaySupport}'s own {@code @After} (which removes endpoint files). */
    @After
    public void closeUnregisterAndRestoreTransportDefaults() throws Exception {
        List<AutoCloseable> toClose = new ArrayList<>(closeAfter);
        Collections.reverse(toClose);
        closeAfter.clear();
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + " after the test: " + e);
            }
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered already
            }
        }
        registrations.clear();
        if (transportConfigWritten) {
            removeTransportConfig();
            transportConfigWritten = false;
        }
    }

    /** Closes {@code resource} after the test (before endpoint files are removed), and returns it. */
    protected <T extends AutoCloseable> T closeAfterTest(T resource) {
        closeAfter.add(resource);
        return resource;
    }

    // ----------------------------------------------------------------------------------
    // The transport's configuration
    // ----------------------------------------------------------------------------------

    protected static Path transportConfigFile() {
        return etc().resolve(TRANSPORT_PID + ".cfg");
    }

    /**
     * Writes {@code etc/dev.patchbay.transport.cfg} atomically. After the test the file the
     * distribution shipped is put back (or, had there been none, the file and its configuration
     * are deleted), so that later tests run with the defaults.
     */
    protected void writeTransportConfig(Map<String, String> properties) throws IOException {
        Path target = transportConfigFile();
        if (!transportConfigWritten) {
            originalTransportConfig = Files.exists(target) ? Files.readAllBytes(target) : null;
        }
        StringBuilder text = new StringBuilder("# written by a Patchbay integration test\n");
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        writeAtomically(target, text.toString().getBytes(UTF_8));
        transportConfigWritten = true;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temporary = etc().resolve("." + target.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Puts the shipped file back and waits until its values are the configuration's; or deletes both. */
    protected void removeTransportConfig() throws Exception {
        if (originalTransportConfig != null) {
            writeAtomically(transportConfigFile(), originalTransportConfig);
            java.util.Properties shipped = new java.util.Properties();
            shipped.load(new java.io.ByteArrayInputStream(originalTransportConfig));
            await("the shipped " + transportConfigFile().getFileName() + " in force again").until(() -> {
                org.osgi.service.cm.Configuration c = transportConfiguration();
                Dictionary<String, Object> props = c == null ? null : c.getProperties();
                return props != null && shipped.stringPropertyNames().stream()
                        .allMatch(k -> shipped.getProperty(k).trim().equals(String.valueOf(props.get(k)).trim()))
                        && Collections.list(props.keys()).stream()
                                .allMatch(k -> shipped.containsKey(k) || k.startsWith("service.") || k.startsWith("felix.")
                                        || k.startsWith("component."));
            });
            return;
        }
        Files.deleteIfExists(transportConfigFile());
        try {
            await("the configuration " + TRANSPORT_PID + " deleted with its file")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> transportConfiguration() == null);
        } catch (ConditionTimeoutException stillThere) {
            org.osgi.service.cm.Configuration c = transportConfiguration();
            if (c != null) {
                System.err.println("FileInstall did not delete " + TRANSPORT_PID + "; deleting it through ConfigAdmin");
                c.delete();
            }
        }
    }

    private org.osgi.service.cm.Configuration transportConfiguration() throws Exception {
        org.osgi.service.cm.Configuration[] found =
                configurationAdmin.listConfigurations("(service.pid=" + TRANSPORT_PID + ")");
        return found == null ? null : found[0];
    }

    // ----------------------------------------------------------------------------------
    // Handlers and endpoints
    // ----------------------------------------------------------------------------------

    /** Registers a protocol handler service from the test; unregistered after the test. */
    protected <H extends ProtocolHandler> H registerHandler(String name, H handler) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HandlerConstants.HANDLER_NAME, name);
        registrations.add(bundleContext.registerService(ProtocolHandler.class, handler, props));
        return handler;
    }

    // ----------------------------------------------------------------------------------
    // HTTP: /metrics and /health/*
    // ----------------------------------------------------------------------------------

    /**
     * The value of an unlabelled (or first labelled) series in the /metrics text.
     *
     * @throws AssertionError if /metrics does not answer 200 or has no such series
     */
    protected static double metric(String name) throws IOException {
        Answer a = http("/metrics");
        if (a.status() != 200) {
            throw new AssertionError("/metrics answered " + a.status() + ": " + a.body());
        }
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
                .matcher(a.body());
        if (!m.find()) {
            throw new AssertionError("no series " + name + " at /metrics; series there: "
                    + a.body().lines().filter(l -> l.startsWith("patchbay_transport")).collect(Collectors.toList()));
        }
        return Double.parseDouble(m.group(2));
    }

    // ----------------------------------------------------------------------------------
    // Audit log and karaf.log
    // ----------------------------------------------------------------------------------

    /** Waits for an audit line of {@code event} holding every one of {@code parts}, and returns it. */
    protected static String awaitAuditLine(String event, String... parts) {
        String kind = "\"event\":\"" + event + "\"";
        return await("an audit line " + event + " with " + Arrays.toString(parts))
                .until(() -> auditLines().stream()
                        .filter(l -> l.contains(kind) && Arrays.stream(parts).allMatch(l::contains))
                        .findFirst().orElse(null), l -> l != null);
    }

    /** Waits for a line of karaf.log holding every one of {@code parts}, and returns its index in {@link #logLines()}. */
    protected static int awaitLogLine(String... parts) {
        return await("a log line with " + Arrays.toString(parts)).until(() -> {
            List<String> lines = logLines();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (Arrays.stream(parts).allMatch(line::contains)) {
                    return i;
                }
            }
            return -1;
        }, i -> i >= 0);
    }
}

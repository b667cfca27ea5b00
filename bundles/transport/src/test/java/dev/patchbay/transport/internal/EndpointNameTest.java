package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

public class EndpointNameTest {

    private static final String FILENAME = "felix.fileinstall.filename";
    private static final String PID = "service.pid";

    @Test
    public void nameFromFileInstallUrl() {
        assertEquals("echo", name(FILENAME, "file:/x/etc/dev.patchbay.endpoint-echo.cfg",
                PID, "dev.patchbay.endpoint~abc123"));
    }

    @Test
    public void nameFromFileInstallPlainPath() {
        assertEquals("echo", name(FILENAME, "/x/etc/dev.patchbay.endpoint-echo.cfg"));
    }

    @Test
    public void nameFromBareFileName() {
        assertEquals("echo", name(FILENAME, "dev.patchbay.endpoint-echo.cfg"));
    }

    @Test
    public void nameMayContainDashesAndDots() {
        assertEquals("chat-eu.v2", name(FILENAME, "file:/opt/karaf/etc/dev.patchbay.endpoint-chat-eu.v2.cfg"));
    }

    @Test
    public void nameFromFactoryPid() {
        assertEquals("foo", name(PID, "dev.patchbay.endpoint~foo"));
    }

    @Test
    public void fileNotFollowingTheNamingFallsBackToPid() {
        assertEquals("foo", name(FILENAME, "file:/x/etc/other.cfg", PID, "dev.patchbay.endpoint~foo"));
    }

    private static String name(String... keysAndValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return EndpointComponent.endpointName(props);
    }
}

package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Map;

import org.junit.Test;

public class AuditSettingsTest {

    @Test
    public void sizesWithUnits() throws Exception {
        assertEquals(50L << 20, AuditSettings.parseSize("50MiB"));
        assertEquals(50L << 20, AuditSettings.parseSize("50 mb"));
        assertEquals(2048, AuditSettings.parseSize("2k"));
        assertEquals(1234, AuditSettings.parseSize("1234"));
        assertEquals(0, AuditSettings.parseSize("0"));
        for (String bad : new String[] {"", "-1", "5 parsecs", "2000GiB"}) {
            try {
                AuditSettings.parseSize(bad);
                fail(bad);
            } catch (AuditSettings.Refused expected) {
                assertEquals(true, expected.getMessage().contains("max.size"));
            }
        }
    }

    @Test
    public void expandsKarafVariables() {
        Map<String, String> props = Map.of("karaf.data", "/opt/pb/data");
        assertEquals("/opt/pb/data/log/patchbay-audit.json",
                AuditSettings.expand("${karaf.data}/log/patchbay-audit.json", props::get));
        assertEquals("data/log/a.json", AuditSettings.expand("${karaf.data}/log/a.json", k -> null));
    }
}

package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;

import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;
import dev.patchbay.support.json.Json;

public class ConfigChangeAuditorTest {

    @Test
    public void diffListsChangedAddedAndRemovedKeysWithSecretsMasked() {
        Map<String, String> before = new TreeMap<>(Map.of("port", "7007", "password", "hunter2", "gone", "x", "same", "1"));
        Map<String, String> after = new TreeMap<>(Map.of("port", "7010", "password", "letmein", "added", "y", "same", "1",
                "tls.pem", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"));
        assertEquals("{\"added\":{\"old\":null,\"new\":\"y\"},\"gone\":{\"old\":\"x\",\"new\":null},"
                + "\"password\":{\"old\":\"***\",\"new\":\"***\"},\"port\":{\"old\":\"7007\",\"new\":\"7010\"},"
                + "\"tls.pem\":{\"old\":null,\"new\":\"***\"}}",
                Json.toJson(ConfigChangeAuditor.diff(before, after, SecretRedactor.builtIn())));
    }

    @Test
    public void flattenDropsBookkeepingAndJoinsArrays() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.pid", "x");
        props.put("felix.fileinstall.filename", "file:/etc/x.cfg");
        props.put("filters", new String[] {"a", "b"});
        props.put("port", 7007);
        assertEquals(Map.of("filters", "a,b", "port", "7007"), ConfigChangeAuditor.flatten(props));
    }

    @Test
    public void ldapSpecialCharactersInPidsAreEscaped() {
        assertEquals("a\\(b\\)\\*\\\\", ConfigChangeAuditor.escape("a(b)*\\"));
    }
}

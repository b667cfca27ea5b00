package dev.patchbay.tls.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

/**
 * A TLS profile enforces exactly what its metatype declares: every key described and read
 * (the passwords included), each default accepted, each range and option list enforced.
 */
public class MetatypeConsistencyTest {

    @Test
    public void profileEnforcesItsMetatype() {
        assertEquals(TlsProfileComponent.FACTORY_PID, TlsSettings.SCHEMA.pid());
        Map<String, Object> valid = Map.of("certificate", "server.pem", "key", "server.key", "trust", "clients-ca.pem");
        assertEquals(List.of(), SchemaConsistency.check(TlsSettings.SCHEMA, valid, Set.of(),
                r -> TlsSettings.read(r, Path.of("/etc/patchbay"), name -> null)));
    }

    @Test
    public void theDefaultProtocolsAreBothVersions() {
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsSettings.parse(Map.of("certificate", "c.pem", "key", "k.pem"),
                Path.of("/etc/patchbay"), name -> null).settings().protocols());
    }
}

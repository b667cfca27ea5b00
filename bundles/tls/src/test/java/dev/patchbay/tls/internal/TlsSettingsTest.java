package dev.patchbay.tls.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.patchbay.support.config.Refusal;

import org.junit.Test;

public class TlsSettingsTest {

    private static final Path ETC = Path.of("/opt/patchbay/etc");
    private static final UnaryOperator<String> NO_ENV = name -> null;

    private static Map<String, Object> minimal() {
        Map<String, Object> p = new HashMap<>();
        p.put("certificate", "server-cert.pem");
        p.put("key", "${karaf.etc}/server-key.pem");
        return p;
    }

    @Test
    public void defaultsAreModernAndPathsResolveUnderEtc() {
        TlsSettings s = TlsSettings.parse(minimal(), ETC, NO_ENV).settings();
        assertEquals(ETC.resolve("server-cert.pem"), s.certificate());
        assertEquals(ETC.resolve("server-key.pem"), s.key());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), s.protocols());
        assertNull("policy default", s.cipherSuites());
        assertEquals(ClientAuth.NONE, s.clientAuth());
        assertEquals(Duration.ofSeconds(10), s.handshakeTimeout());
        assertFalse(s.generateSelfSigned());
    }

    @Test
    public void obsoleteProtocolsAreRefusedNamingTheKey() {
        for (String p : new String[] {"TLSv1.3,TLSv1.1", "TLSv1", "SSLv3", "TLSv1.2,TLSv1.0"}) {
            Map<String, Object> props = minimal();
            props.put("protocols", p);
            TlsSettings.Parsed parsed = TlsSettings.parse(props, ETC, NO_ENV);
            assertFalse(p, parsed.ok());
            Refusal r = parsed.refusals().get(0);
            assertEquals("protocols", r.key());
            assertTrue(r.toString(), r.toString().contains("obsolete") && r.toString().contains("TLSv1.3, TLSv1.2"));
        }
        Map<String, Object> props = minimal();
        props.put("protocols", "TLSv1.2");
        assertEquals(List.of("TLSv1.2"), TlsSettings.parse(props, ETC, NO_ENV).settings().protocols());
    }

    @Test
    public void cipherSuitesWithoutForwardSecrecyOrAeadAreRefused() {
        Map<String, String> refused = Map.of(
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "no forward secrecy",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "not authenticated encryption",
                "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "no forward secrecy",
                "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "no authentication or no encryption");
        refused.forEach((suite, why) -> {
            Map<String, Object> props = minimal();
            props.put("cipher.suites", "TLS_AES_128_GCM_SHA256," + suite);
            TlsSettings.Parsed parsed = TlsSettings.parse(props, ETC, NO_ENV);
            assertFalse(suite, parsed.ok());
            assertEquals("cipher.suites", parsed.refusals().get(0).key());
            assertEquals(suite, parsed.refusals().get(0).value());
            assertTrue(parsed.refusals().toString(), parsed.refusals().get(0).accepted().contains(why));
        });
        Map<String, Object> props = minimal();
        props.put("cipher.suites", "TLS_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
        assertEquals(3, TlsSettings.parse(props, ETC, NO_ENV).settings().cipherSuites().size());
    }

    @Test
    public void passwordsComeFromTheEnvironmentAndNeverShow() {
        Map<String, Object> props = minimal();
        props.put("key.password.env", "PATCHBAY_KEY_PASSWORD");
        TlsSettings s = TlsSettings.parse(props, ETC, name -> name.equals("PATCHBAY_KEY_PASSWORD") ? "hunter2" : null).settings();
        assertEquals("hunter2", new String(s.keyPassword().chars()));
        assertFalse(s.toString(), s.toString().contains("hunter2"));

        TlsSettings.Parsed unset = TlsSettings.parse(props, ETC, NO_ENV);
        assertEquals("key.password.env", unset.refusals().get(0).key());
        assertTrue(unset.refusals().get(0).accepted().contains("PATCHBAY_KEY_PASSWORD is not set"));

        props.put("key.password", "hunter2");
        TlsSettings.Parsed both = TlsSettings.parse(props, ETC, NO_ENV);
        assertFalse(both.refusals().toString(), both.refusals().toString().contains("hunter2"));

        Map<String, Object> interpolated = minimal();
        interpolated.put("key.password", "hunter2");
        assertEquals("key.password", TlsSettings.parse(interpolated, ETC, NO_ENV).settings().keyPassword().source());
    }

    @Test
    public void refusesIncompleteOrContradictoryMaterial() {
        Map<String, Object> props = new HashMap<>();
        props.put("certificate", "a.pem");
        assertEquals("key", TlsSettings.parse(props, ETC, NO_ENV).refusals().get(0).key());
        props.put("key", "b.pem");
        props.put("keystore", "c.p12");
        assertEquals("keystore", TlsSettings.parse(props, ETC, NO_ENV).refusals().get(0).key());

        Map<String, Object> keystore = new HashMap<>();
        keystore.put("keystore", "c.p12");
        assertEquals("keystore.password.env", TlsSettings.parse(keystore, ETC, NO_ENV).refusals().get(0).key());
    }

    @Test
    public void clientAuthNeedsTrustAndTimeoutIsBounded() {
        Map<String, Object> props = minimal();
        props.put("client.auth", "need");
        assertEquals("client.auth", TlsSettings.parse(props, ETC, NO_ENV).refusals().get(0).key());
        props.put("trust", "clients-ca.pem");
        assertEquals(ClientAuth.NEED, TlsSettings.parse(props, ETC, NO_ENV).settings().clientAuth());
        props.put("client.auth", "sometimes");
        assertEquals("client.auth", TlsSettings.parse(props, ETC, NO_ENV).refusals().get(0).key());
        props.put("client.auth", "WANT");
        props.put("handshake.timeout", "0");
        assertEquals("handshake.timeout", TlsSettings.parse(props, ETC, NO_ENV).refusals().get(0).key());
        props.put("handshake.timeout", "301");
        assertEquals("handshake.timeout", TlsSettings.parse(props, ETC, NO_ENV).refusals().get(0).key());
        props.put("handshake.timeout", "3");
        assertEquals(Duration.ofSeconds(3), TlsSettings.parse(props, ETC, NO_ENV).settings().handshakeTimeout());
    }
}

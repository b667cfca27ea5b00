package dev.patchbay.tls.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MaterialLoaderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path etc;
    private final Instant now = Instant.now();

    @Before
    public void etc() {
        etc = tmp.getRoot().toPath();
    }

    private TlsSettings settings(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("certificate", "cert.pem");
        p.put("key", "key.pem");
        p.putAll(extra);
        TlsSettings.Parsed parsed = TlsSettings.parse(p, etc, name -> name.equals("P12_PASSWORD") ? "changeit" : null);
        assertTrue(parsed.refusals().toString(), parsed.ok());
        return parsed.settings();
    }

    @Test
    public void loadsRsaAndEcAndOffersOnlyModernSuites() throws Exception {
        for (KeyPair keys : new KeyPair[] {TestPki.rsa(), TestPki.ec()}) {
            X509Certificate cert = TestPki.selfSigned("CN=server", keys);
            TestPki.writeCertificates(etc.resolve("cert.pem"), cert);
            TestPki.writeKey(etc.resolve("key.pem"), keys.getPrivate());
            LoadedMaterial m = MaterialLoader.load(settings(Map.of()), now);
            assertEquals("CN=server", m.subject());
            SSLEngine engine = m.newServerEngine(null);
            assertFalse(engine.getUseClientMode());
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(engine.getEnabledProtocols()));
            for (String suite : engine.getEnabledCipherSuites()) {
                assertEquals(suite, null, CipherSuitePolicy.refusal(suite));
            }
            assertTrue(Arrays.asList(engine.getEnabledCipherSuites()).contains("TLS_AES_128_GCM_SHA256"));
            assertFalse(engine.getNeedClientAuth());
        }
    }

    @Test
    public void refusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        KeyPair keys = TestPki.rsa();
        TestPki.writeCertificates(etc.resolve("cert.pem"), TestPki.selfSigned("CN=server", keys));
        TestPki.writeKey(etc.resolve("key.pem"), TestPki.rsa().getPrivate());
        assertRefused(settings(Map.of()), "key.pem", "does not match the certificate CN=server");
        TestPki.writeKey(etc.resolve("key.pem"), TestPki.ec().getPrivate());
        assertRefused(settings(Map.of()), "key.pem", "does not match");
    }

    @Test
    public void refusesExpiredAndNotYetValidCertificates() throws Exception {
        KeyPair keys = TestPki.ec();
        TestPki.writeKey(etc.resolve("key.pem"), keys.getPrivate());
        TestPki.writeCertificates(etc.resolve("cert.pem"), TestPki.certificate("CN=old", keys, "CN=old", keys.getPrivate(), false,
                now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(1))));
        assertRefused(settings(Map.of()), "cert.pem", "CN=old expired on");
        TestPki.writeCertificates(etc.resolve("cert.pem"), TestPki.certificate("CN=future", keys, "CN=future", keys.getPrivate(), false,
                now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(100))));
        assertRefused(settings(Map.of()), "cert.pem", "is not valid yet");
    }

    @Test
    public void refusesSuitesThatCannotServeTheKey() throws Exception {
        KeyPair keys = TestPki.ec();
        TestPki.writeCertificates(etc.resolve("cert.pem"), TestPki.selfSigned("CN=server", keys));
        TestPki.writeKey(etc.resolve("key.pem"), keys.getPrivate());
        assertRefused(settings(Map.of("protocols", "TLSv1.2", "cipher.suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
                "cipher.suites", "no listed suite works");
        LoadedMaterial m = MaterialLoader.load(settings(Map.of("protocols", "TLSv1.2",
                "cipher.suites", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")), now);
        assertArrayEquals(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}, m.newServerEngine(null).getEnabledCipherSuites());
    }

    @Test
    public void clientAuthNeedUsesTheTrustFile() throws Exception {
        KeyPair caKeys = TestPki.ec();
        X509Certificate ca = TestPki.certificate("CN=clients CA", caKeys, "CN=clients CA", caKeys.getPrivate(), true,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(10)));
        TestPki.writeCertificates(etc.resolve("ca.pem"), ca);
        KeyPair keys = TestPki.ec();
        TestPki.writeCertificates(etc.resolve("cert.pem"), TestPki.selfSigned("CN=server", keys));
        TestPki.writeKey(etc.resolve("key.pem"), keys.getPrivate());
        LoadedMaterial m = MaterialLoader.load(settings(Map.of("client.auth", "need", "trust", "ca.pem")), now);
        assertEquals(1, m.trustAnchors());
        assertTrue(m.newServerEngine(null).getNeedClientAuth());

        X509Certificate expired = TestPki.certificate("CN=old CA", caKeys, "CN=old CA", caKeys.getPrivate(), true,
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        TestPki.writeCertificates(etc.resolve("ca.pem"), expired, ca);
        assertEquals("an expired CA in the bundle is left out", 1,
                MaterialLoader.load(settings(Map.of("client.auth", "need", "trust", "ca.pem")), now).trustAnchors());
        TestPki.writeCertificates(etc.resolve("ca.pem"), expired);
        assertRefused(settings(Map.of("client.auth", "need", "trust", "ca.pem")), "ca.pem", "CN=old CA expired on");
    }

    @Test
    public void readsPkcs12Keystores() throws Exception {
        KeyPair keys = TestPki.rsa();
        X509Certificate cert = TestPki.selfSigned("CN=from p12", keys);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", keys.getPrivate(), "changeit".toCharArray(), new Certificate[] {cert});
        try (OutputStream out = Files.newOutputStream(etc.resolve("server.p12"))) {
            ks.store(out, "changeit".toCharArray());
        }
        Map<String, Object> p = new HashMap<>(Map.of("keystore", "server.p12", "keystore.password.env", "P12_PASSWORD"));
        TlsSettings s = TlsSettings.parse(p, etc, name -> "changeit").settings();
        assertEquals("CN=from p12", MaterialLoader.load(s, now).subject());
        TlsSettings wrong = TlsSettings.parse(p, etc, name -> "wrong").settings();
        assertRefused(wrong, "server.p12", "wrong password");
    }

    private void assertRefused(TlsSettings s, String file, String reason) {
        try {
            MaterialLoader.load(s, now);
            fail("accepted, expected: " + reason);
        } catch (MaterialException e) {
            assertTrue(e.file(), e.file().endsWith(file));
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }
}

package dev.patchbay.tls.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A full client-certificate handshake in memory: the profile's engine never hands a task to its caller. */
public class InlineTaskEngineTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void clientAuthHandshakeCompletesWithoutEverAskingTheCallerToRunATask() throws Exception {
        Path etc = tmp.getRoot().toPath();
        Instant now = Instant.now();
        KeyPair caKeys = TestPki.ec();
        X509Certificate ca = TestPki.certificate("CN=CA", caKeys, "CN=CA", caKeys.getPrivate(), true,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        KeyPair serverKeys = TestPki.ec();
        TestPki.writeCertificates(etc.resolve("cert.pem"), TestPki.certificate("CN=server", serverKeys, "CN=CA", caKeys.getPrivate(),
                false, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))), ca);
        TestPki.writeKey(etc.resolve("key.pem"), serverKeys.getPrivate());
        TestPki.writeCertificates(etc.resolve("ca.pem"), ca);
        Map<String, Object> p = new HashMap<>(Map.of("certificate", "cert.pem", "key", "key.pem", "trust", "ca.pem",
                "client.auth", "need", "protocols", "TLSv1.3"));
        SSLEngine server = MaterialLoader.load(TlsSettings.parse(p, etc, n -> null).settings(), now).newServerEngine(null);

        KeyPair clientKeys = TestPki.ec();
        X509Certificate clientCert = TestPki.certificate("CN=client", clientKeys, "CN=CA", caKeys.getPrivate(), false,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        SSLEngine client = clientContext(ca, clientKeys, clientCert).createSSLEngine();
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {"TLSv1.3"});

        // Network buffers stay in write mode between steps.
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 500 && !(done(client) && done(server)); i++) {
            step(client, toClient, toServer, true);
            step(server, toServer, toClient, false);
        }
        assertTrue("handshake complete", done(client) && done(server));
        assertEquals("TLSv1.3", server.getSession().getProtocol());
        assertEquals("CN=client", ((X509Certificate) server.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName());
    }

    private static boolean done(SSLEngine e) {
        return e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** One handshake step: wrap into {@code out}, unwrap from {@code in}, or (the client only) run a task. */
    private static void step(SSLEngine e, ByteBuffer in, ByteBuffer out, boolean isClient) throws Exception {
        SSLEngineResult r;
        switch (e.getHandshakeStatus()) {
            case NEED_WRAP:
                r = e.wrap(ByteBuffer.allocate(0), out);
                break;
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN:
                in.flip();
                r = e.unwrap(in, ByteBuffer.allocate(1 << 17));
                in.compact();
                break;
            case NEED_TASK:
                assertTrue("only the client engine asks its caller to run a task", isClient);
                Runnable t;
                while ((t = e.getDelegatedTask()) != null) {
                    t.run();
                }
                return;
            default:
                return;
        }
        if (!isClient) {
            assertNotEquals("the server engine never asks for a task", HandshakeStatus.NEED_TASK, r.getHandshakeStatus());
        }
    }

    private static SSLContext clientContext(X509Certificate ca, KeyPair keys, X509Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("c", keys.getPrivate(), "x".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }
}

package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;
import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.EventRecorder;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.TestCertificates;
import dev.patchbay.testkit.TrustAnyCertificate;

/**
 * TLS profiles (bundle patchbay-tls) on the real transport: PEM material made at test time
 * by a throw-away CA, written under etc/, and the profile's .cfg next to it. Checks the
 * server's side of every rule: TLS 1.3 and 1.2 served, TLS 1.1 and 1.0 and suites without
 * forward secrecy refused (probed with hand-made ClientHellos, so the client JDK's own
 * restrictions play no part), client certificates, certificate rotation under a live session,
 * a corrupt replacement refused, and no plaintext ever when the TLS bundle is stopped.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsIT extends PatchbaySupport {

    private static final String TLS_FACTORY_PID = "dev.patchbay.tls";
    private static final String TLS_BUNDLE = "patchbay-tls";
    private static final String WHOAMI = "itest-tls-whoami";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<String> profilesWritten = new ArrayList<>();
    private TestCertificates pki;

    @Before
    public void registerWhoAmIAndMakeACa() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HandlerConstants.HANDLER_NAME, WHOAMI);
        registrations.add(bundleContext.registerService(ProtocolHandler.class, new WhoAmIHandler(), props));
        pki = new TestCertificates("CN=Patchbay itest CA");
    }

    @After
    public void cleanUp() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // with its bundle
            }
        }
        registrations.clear();
        for (String profile : profilesWritten) {
            Files.deleteIfExists(profileFile(profile));
        }
        profilesWritten.clear();
        Bundle tls = bundle(TLS_BUNDLE);
        if (tls.getState() != Bundle.ACTIVE) {
            tls.start();
        }
    }

    /**
     * TLS 1.3 and 1.2 are served and echo; the handler sees the negotiated protocol. A
     * ClientHello offering only TLS 1.1 or 1.0, or only a suite without forward secrecy, gets
     * no ServerHello. A configuration naming TLSv1.1 is refused as a whole and the profile
     * keeps serving with its previous one.
     */
    @Test
    public void modernProtocolsAreServedOldOnesAndSuitesWithoutForwardSecrecyAreRefused() throws Exception {
        int port = freePort();
        writeProfile("itmodern", pki.issue("CN=localhost,O=modern"), Map.of());
        writeTlsEndpoint("tls-modern", port, "itmodern");
        awaitState("tls-modern", EndpointState.LISTENING);

        SSLContext client = pki.clientContext(null);
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (SSLSocket s = connect(client, port, protocol)) {
                assertEquals(protocol, s.getSession().getProtocol());
                // From the very first frame the handler sees what was negotiated.
                assertEquals(protocol + " " + s.getSession().getCipherSuite() + " none itmodern", exchange(s, "hello"));
            }
        }

        // Control: the hand-made ClientHello works when it asks for what the policy allows.
        assertTrue("TLS 1.2 with ECDHE_RSA_WITH_AES_128_GCM gets a ServerHello",
                serverHelloFor(port, 0x0303, 0xC02F));
        assertFalse("TLS 1.1 refused", serverHelloFor(port, 0x0302, 0xC013, 0xC02F, 0x002F));
        assertFalse("TLS 1.0 refused", serverHelloFor(port, 0x0301, 0xC013, 0xC02F, 0x002F));
        assertFalse("TLS_RSA_WITH_AES_128_GCM_SHA256 (no forward secrecy) refused", serverHelloFor(port, 0x0303, 0x009C));
        assertFalse("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 (not AEAD) refused", serverHelloFor(port, 0x0303, 0xC027));

        try (EventRecorder events = EventRecorder.start(bundleContext, "dev/patchbay/tls/*")) {
            writeProfileFile("itmodern", Map.of("certificate", "itls/itmodern-cert.pem", "key", "itls/itmodern-key.pem",
                    "protocols", "TLSv1.3,TLSv1.1"));
            Map<String, Object> refused = await("the TLSv1.1 configuration refused").until(
                    () -> events.events(Topics.TLS_REFUSED), e -> !e.isEmpty()).get(0);
            assertEquals("itmodern", refused.get(EventProperties.PROFILE));
            assertEquals("protocols", refused.get(EventProperties.KEY));
            assertTrue(String.valueOf(refused.get(EventProperties.REASON)),
                    String.valueOf(refused.get(EventProperties.REASON)).contains("TLSv1.1"));
        }
        await("the refusal logged as one WARN line naming profile, file and key").until(() -> logLines().stream()
                .anyMatch(l -> l.contains("WARN") && l.contains("TLS profile itmodern") && l.contains("protocols=TLSv1.1")
                        && l.contains("still serving")));
        try (SSLSocket s = connect(client, port, "TLSv1.2")) {
            assertTrue("still served after the refused change", exchange(s, "still").startsWith("TLSv1.2"));
        }
    }

    /** client.auth=need: no certificate, no session; a certificate the trust file verifies is served and named to the handler. */
    @Test
    public void clientAuthNeedServesOnlyClientsWithATrustedCertificate() throws Exception {
        int port = freePort();
        pki.writeCaTo(etc().resolve("itls/clients-ca.pem"));
        writeProfile("itmtls", pki.issue("CN=localhost,O=mtls"),
                Map.of("client.auth", "need", "trust", "${karaf.etc}/itls/clients-ca.pem"));
        writeTlsEndpoint("tls-mtls", port, "itmtls");
        awaitState("tls-mtls", EndpointState.LISTENING);

        TestCertificates.Issued clientOne = pki.issue("CN=client one,O=itest");
        SSLContext trusted = pki.clientContext(clientOne);
        String subject = clientOne.certificate().getSubjectX500Principal().getName();
        // TLS 1.3 first on purpose: the profile's first (cold, slow) client-certificate check is
        // the case where the client's last flight and first record arrive while it runs.
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (SSLSocket s = connect(trusted, port, protocol)) {
                assertEquals("the handler sees the verified client subject",
                        protocol + " " + s.getSession().getCipherSuite() + " " + subject + " itmtls", exchange(s, "who"));
            }
        }
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            assertNoSession("no client certificate over " + protocol, pki.clientContext(null), port, protocol);
        }
        TestCertificates stranger = new TestCertificates("CN=Some other CA");
        assertNoSession("a certificate from another CA", foreignClient(stranger.issue("CN=intruder")), port, "TLSv1.3");
    }

    /**
     * Replaced certificate files are presented by the next handshake while an open session
     * keeps echoing; a corrupt replacement is refused and the last good certificate serves on.
     */
    @Test
    public void aReplacedCertificateServesNewHandshakesAndOpenSessionsCarryOn() throws Exception {
        int port = freePort();
        TestCertificates.Issued first = pki.issue("CN=localhost,O=first");
        writeProfile("itrotate", first, Map.of());
        writeTlsEndpoint("tls-rotate", port, "itrotate");
        awaitState("tls-rotate", EndpointState.LISTENING);
        SSLContext client = pki.clientContext(null);

        try (SSLSocket live = connect(client, port, "TLSv1.3"); EventRecorder events = EventRecorder.start(bundleContext, "dev/patchbay/tls/*")) {
            assertEquals(first.certificate(), presented(live));
            assertTrue(exchange(live, "before").startsWith("TLSv1.3"));

            TestCertificates.Issued second = pki.issue("CN=localhost,O=second");
            second.writeTo(etc().resolve("itls/itrotate-cert.pem"), etc().resolve("itls/itrotate-key.pem"));
            await("a new handshake presents the new certificate").ignoreExceptions().until(() -> {
                try (SSLSocket s = connect(client, port, "TLSv1.3")) {
                    return presented(s).equals(second.certificate());
                }
            });
            assertEquals("the open session keeps its handshake", first.certificate(), presented(live));
            assertTrue(exchange(live, "during").startsWith("TLSv1.3"));
            Map<String, Object> loaded = await("a LOADED event").until(() -> events.events(Topics.TLS_LOADED), e -> !e.isEmpty()).get(0);
            assertEquals("itrotate", loaded.get(EventProperties.PROFILE));
            assertTrue(String.valueOf(loaded.get(EventProperties.SUBJECT)).contains("O=second"));

            TestCertificates.replace(etc().resolve("itls/itrotate-cert.pem"),
                    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
            Map<String, Object> refused = await("the corrupt file refused").until(() -> events.events(Topics.TLS_REFUSED),
                    e -> !e.isEmpty()).get(0);
            assertEquals("etc/itls/itrotate-cert.pem", refused.get(EventProperties.FILE));
            try (SSLSocket s = connect(client, port, "TLSv1.3")) {
                assertEquals("the last good certificate serves on", second.certificate(), presented(s));
            }
            assertTrue(exchange(live, "after").startsWith("TLSv1.3"));

            String list = executeCommands("patchbay:tls-list --no-format");
            System.out.println("TlsIT: patchbay:tls-list\n" + list);
            String row = list.lines().filter(l -> l.startsWith("itrotate")).findFirst().orElse("");
            assertTrue(list, row.contains("loaded; last change refused") && row.contains("O=second") && row.contains("tls-rotate"));
        }
    }

    /** With the TLS bundle stopped, the endpoint refuses new connections and never answers in plaintext; the live session carries on. */
    @Test
    public void withoutTheTlsBundleNothingIsServedAndNothingInPlaintext() throws Exception {
        int port = freePort();
        writeProfile("itstop", pki.issue("CN=localhost,O=stop"), Map.of());
        writeTlsEndpoint("tls-stop", port, "itstop");
        awaitState("tls-stop", EndpointState.LISTENING);
        SSLContext client = pki.clientContext(null);
        try (SSLSocket live = connect(client, port, "TLSv1.3")) {
            assertTrue(exchange(live, "before").startsWith("TLSv1.3"));
            bundle(TLS_BUNDLE).stop();
            awaitState("tls-stop", EndpointState.WAITING_FOR_TLS);
            assertNoPlaintextAnswer(port);
            assertNoSession("no TLS either", client, port, "TLSv1.3");
            assertTrue("an open TLS session keeps its own TLS state", exchange(live, "during").startsWith("TLSv1.3"));
        } finally {
            bundle(TLS_BUNDLE).start();
        }
        awaitState("tls-stop", EndpointState.LISTENING);
        try (SSLSocket s = connect(client, port, "TLSv1.2")) {
            assertTrue(exchange(s, "again").startsWith("TLSv1.2"));
        }
    }

    /** The distribution's echo-tls endpoint works at first start with the generated self-signed certificate. */
    @Test
    public void shippedEchoTlsEndpointServesTheGeneratedSelfSignedCertificate() throws Exception {
        int port = Integer.parseInt(System.getProperty(TLS_ECHO_PORT_PROPERTY));
        awaitState(TLS_ECHO_ENDPOINT, EndpointState.LISTENING);
        assertTrue(Files.isRegularFile(etc().resolve("patchbay-default-cert.pem")));
        SSLContext trustAll = TrustAnyCertificate.clientContext();
        try (SSLSocket s = connect(trustAll, port, "TLSv1.3")) {
            assertEquals("echo over TLS", exchange(s, "echo over TLS"));
            X509Certificate served = (X509Certificate) s.getSession().getPeerCertificates()[0];
            assertTrue(served.getSubjectX500Principal().getName(), served.getSubjectX500Principal().getName().startsWith("CN=localhost"));
            assertTrue(served.getSubjectAlternativeNames().toString().contains("127.0.0.1"));
        }
        assertTrue("the loud warning is in the log", logLines().stream().anyMatch(l -> l.contains("GENERATED A SELF-SIGNED CERTIFICATE")));
        String list = executeCommands("patchbay:tls-list --no-format");
        assertTrue(list, list.lines().anyMatch(l -> l.startsWith("default") && l.contains("loaded") && l.contains("echo-tls")));
    }

    // ----------------------------------------------------------------------------------

    private static Path profileFile(String profile) {
        return etc().resolve(TLS_FACTORY_PID + "-" + profile + ".cfg");
    }

    /** Writes the material under etc/itls/ and the profile's .cfg pointing at it. */
    private void writeProfile(String profile, TestCertificates.Issued server, Map<String, String> extra) throws Exception {
        server.writeTo(etc().resolve("itls/" + profile + "-cert.pem"), etc().resolve("itls/" + profile + "-key.pem"));
        Map<String, String> cfg = new LinkedHashMap<>();
        // Relative paths resolve under etc/.
        cfg.put("certificate", "itls/" + profile + "-cert.pem");
        cfg.put("key", "itls/" + profile + "-key.pem");
        cfg.putAll(extra);
        writeProfileFile(profile, cfg);
    }

    private void writeProfileFile(String profile, Map<String, String> cfg) throws Exception {
        StringBuilder text = new StringBuilder("# written by TlsIT\n");
        cfg.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        TestCertificates.replace(profileFile(profile), text.toString());
        if (!profilesWritten.contains(profile)) {
            profilesWritten.add(profile);
        }
    }

    private void writeTlsEndpoint(String name, int port, String profile) throws IOException {
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("handler", WHOAMI);
        cfg.put("tls", profile);
        writeEndpointFile(name, cfg);
    }

    /** Trusts the server (our CA) but presents a certificate of another CA. */
    private SSLContext foreignClient(TestCertificates.Issued foreignClient) throws Exception {
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("c", foreignClient.keys().getPrivate(), "x".toCharArray(), new java.security.cert.Certificate[] {foreignClient.certificate()});
        kmf.init(keys, "x".toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static SSLSocket connect(SSLContext context, int port, String protocol) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(15_000);
        s.setEnabledProtocols(new String[] {protocol});
        s.startHandshake();
        return s;
    }

    private static X509Certificate presented(SSLSocket s) throws IOException {
        return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }

    private static String exchange(SSLSocket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(UTF_8));
        out.flush();
        String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8)).readLine();
        if (reply == null) {
            throw new EOFException("closed by the server without a reply to " + line);
        }
        return reply;
    }

    /** No session: the handshake fails, or (TLS 1.3 checks the client's certificate after it) the first exchange does. */
    private static void assertNoSession(String what, SSLContext context, int port, String protocol) {
        try (SSLSocket s = connect(context, port, protocol)) {
            String reply = exchange(s, "let me in");
            fail(what + ": served, replied " + reply);
        } catch (IOException expected) {
            // refused
        }
    }

    /** A plaintext line to the TLS port is never answered in plaintext. */
    private static void assertNoPlaintextAnswer(int port) throws Exception {
        try (Socket plain = new Socket()) {
            try {
                plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            } catch (IOException refused) {
                return;
            }
            plain.setSoTimeout(20_000);
            try {
                plain.getOutputStream().write("hello in plaintext\n".getBytes(UTF_8));
                plain.getOutputStream().flush();
                byte[] answer = plain.getInputStream().readAllBytes();
                assertFalse("no plaintext echo: " + new String(answer, UTF_8), new String(answer, UTF_8).contains("hello in plaintext"));
            } catch (SocketException closed) {
                // reset: nothing answered
            }
        }
    }

    /**
     * Sends a ClientHello of {@code version} offering only {@code suites} and tells whether the
     * server answered with a ServerHello (rather than an alert or a close). Made by hand, so that
     * what is refused is refused by the server, whatever the test JVM's client would allow.
     */
    private static boolean serverHelloFor(int port, int version, int... suites) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.write(random);
        body.write(0); // no session id
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1);
        body.write(0); // null compression
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x000a, new int[] {0x001d, 0x0017}); // supported_groups: x25519, secp256r1
        u16(ext, 0x000b); // ec_point_formats: uncompressed
        u16(ext, 2);
        ext.write(1);
        ext.write(0);
        extension(ext, 0x000d, new int[] {0x0804, 0x0401, 0x0403}); // signature_algorithms
        u16(body, ext.size());
        body.write(ext.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22); // handshake
        u16(record, 0x0301);
        u16(record, body.size() + 4);
        record.write(1); // ClientHello
        record.write(0);
        u16(record, body.size());
        record.write(body.toByteArray());

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(record.toByteArray());
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int contentType = in.read();
            if (contentType != 22) {
                return false; // an alert (21) or the end of the stream
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            return in.read() == 2; // ServerHello
        } catch (SocketException | EOFException reset) {
            return false;
        }
    }

    private static void extension(ByteArrayOutputStream out, int type, int[] values) {
        u16(out, type);
        u16(out, values.length * 2 + 2);
        u16(out, values.length * 2);
        for (int v : values) {
            u16(out, v);
        }
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }

    /** Replies to each line with what TLS negotiated; a plain echo on the shipped endpoint is the echo handler. */
    private static final class WhoAmIHandler implements ProtocolHandler {
        @Override
        public void received(Session session, ByteBuffer frame) {
            TlsDetails t = session.tls().orElse(null);
            session.write(t == null ? "plaintext"
                    : t.protocol() + " " + t.cipherSuite() + " " + (t.peerSubject() == null ? "none" : t.peerSubject()) + " " + t.profile());
        }
    }
}

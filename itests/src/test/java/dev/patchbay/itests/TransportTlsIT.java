package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.api.tls.TlsConstants;
import dev.patchbay.api.tls.TlsProfile;

import dev.patchbay.testkit.EventRecorder;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.TrustAnyCertificate;

/**
 * The transport's side of TLS and of session observers, with a TLS profile service this test
 * registers itself (a key pair made by {@code keytool} at test time), so that it checks the
 * transport alone: an endpoint naming a profile speaks TLS only, refuses connections while the
 * profile is missing, tells handlers what was negotiated, and reports handshake failures;
 * observers see every frame, reply and close.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportTlsIT extends PatchbaySupport {

    private static final String PROFILE = "itest-transport";
    private static final String WHOAMI = "itest-whoami";
    private static final char[] STORE_PASSWORD = "changeit-test-only".toCharArray();

    private static SSLContext serverContext;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @BeforeClass
    public static void makeKeyPair() throws Exception {
        Path dir = Files.createTempDirectory("patchbay-transport-tls");
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), UTF_8);
        assertTrue("keytool finished", keytool.waitFor(60, TimeUnit.SECONDS));
        assertEquals("keytool: " + output, 0, keytool.exitValue());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, new SecureRandom());
    }

    @Before
    public void registerWhoAmIHandler() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HandlerConstants.HANDLER_NAME, WHOAMI);
        registrations.add(bundleContext.registerService(ProtocolHandler.class, new WhoAmIHandler(), props));
    }

    @After
    public void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
        registrations.clear();
    }

    @Test
    public void tlsEndpointServesOnlyTlsTellsTheHandlerWhatWasNegotiatedAndFailsClosedWithoutItsProfile() throws Exception {
        int port = freePort();
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("handler", WHOAMI);
        cfg.put("tls", PROFILE);
        writeEndpointFile("tls-transport", cfg);

        EndpointInfo waiting = awaitState("tls-transport", EndpointState.WAITING_FOR_TLS);
        assertTrue("the detail names the profile: " + waiting.detail(), waiting.detail().contains(PROFILE));
        assertEquals(PROFILE, waiting.tls());
        assertNoPlaintextAnswer(port);

        ServiceRegistration<TlsProfile> profile = registerProfile();
        awaitState("tls-transport", EndpointState.LISTENING);

        try (SSLSocket tls = connectTls(port, "TLSv1.3")) {
            assertEquals("the handler sees the negotiated protocol and no client certificate",
                    "TLSv1.3 " + tls.getSession().getCipherSuite() + " none " + PROFILE, exchange(tls, "who"));

            try (EventRecorder events = EventRecorder.start(bundleContext, "dev/patchbay/tls/*")) {
                // A plaintext client gets nothing back and is reported as a protocol failure.
                assertNoPlaintextAnswer(port);
                Map<String, Object> failure = await("handshake failure event").until(
                        () -> events.events(Topics.TLS_HANDSHAKE_FAILED), e -> !e.isEmpty()).get(0);
                assertEquals(TlsConstants.REASON_PROTOCOL, failure.get(EventProperties.REASON_CLASS));
                assertEquals(PROFILE, failure.get(EventProperties.PROFILE));
                assertEquals("tls-transport", failure.get(EventProperties.ENDPOINT));
            }

            // The profile goes: new connections are refused, the live TLS session carries on.
            profile.unregister();
            awaitState("tls-transport", EndpointState.WAITING_FOR_TLS);
            assertNoPlaintextAnswer(port);
            assertEquals("TLSv1.3 " + tls.getSession().getCipherSuite() + " none " + PROFILE, exchange(tls, "still"));
        }

        registerProfile();
        awaitState("tls-transport", EndpointState.LISTENING);
        try (SSLSocket tls = connectTls(port, "TLSv1.2")) {
            assertTrue(exchange(tls, "again").startsWith("TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_"));
        }
    }

    @Test
    public void observersSeeEveryFrameReplyAndCloseOfTheSessionsOpenedWhileTheyAreRegistered() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        registrations.add(bundleContext.registerService(SessionObserver.class, observer, null));
        int port = freePort();
        writeEndpointFile("observed", echoEndpoint(port));
        awaitEcho(port);
        await("the probe session closed").until(() -> observer.closed.size() >= 1);
        observer.reset();

        int n = 250;
        int clientPort;
        try (LineClient client = LineClient.connect(port)) {
            clientPort = client.localPort();
            for (int i = 0; i < n; i++) {
                assertEquals("line " + i, client.echo("line " + i));
            }
        }
        await("the close reached the observer").until(() -> observer.closed.size() == 1);
        assertEquals("one open", 1, observer.opened.get());
        assertEquals("frames received", n, observer.frames.get());
        assertEquals("replies sent", n, observer.sent.get());
        assertEquals("latency observations, one per reply", n, observer.replied.get());
        assertTrue("latency recorded", observer.latencyNanos.get() > 0);
        SessionSummary summary = observer.closed.get(0);
        assertEquals(CloseCause.CLIENT, summary.cause());
        assertEquals(n, summary.messagesIn());
        assertEquals(n, summary.messagesOut());
        assertEquals(clientPort, observer.closedPorts.get(0).intValue());
    }

    private ServiceRegistration<TlsProfile> registerProfile() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TlsConstants.PROFILE, PROFILE);
        ServiceRegistration<TlsProfile> r = bundleContext.registerService(TlsProfile.class, new TestProfile(), props);
        registrations.add(r);
        return r;
    }

    /** A plaintext line to the TLS port is never answered in plaintext; the server closes. */
    private static void assertNoPlaintextAnswer(int port) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(20_000);
            OutputStream out = plain.getOutputStream();
            try {
                out.write("hello in plaintext\n".getBytes(UTF_8));
                out.flush();
            } catch (java.io.IOException closedAlready) {
                return;
            }
            byte[] answer;
            try {
                answer = plain.getInputStream().readAllBytes();
            } catch (java.net.SocketException reset) {
                return;
            }
            assertFalse("no plaintext echo: " + new String(answer, UTF_8),
                    new String(answer, UTF_8).contains("hello in plaintext"));
        }
    }

    private static SSLSocket connectTls(int port, String protocol) throws Exception {
        SSLContext client = TrustAnyCertificate.clientContext();
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        s.setEnabledProtocols(new String[] {protocol});
        s.startHandshake();
        return s;
    }

    private static String exchange(SSLSocket s, String line) throws Exception {
        s.getOutputStream().write((line + "\n").getBytes(UTF_8));
        s.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
        String reply = in.readLine();
        assertNotNull("a reply", reply);
        return reply;
    }

    /** Replies to each line with what TLS negotiated, as the handler sees it. */
    private static final class WhoAmIHandler implements ProtocolHandler {
        @Override
        public void received(Session session, ByteBuffer frame) {
            TlsDetails t = session.tls().orElse(null);
            session.write(t == null ? "plaintext"
                    : t.protocol() + " " + t.cipherSuite() + " " + (t.peerSubject() == null ? "none" : t.peerSubject()) + " " + t.profile());
        }
    }

    private static final class TestProfile implements TlsProfile {
        @Override
        public String name() {
            return PROFILE;
        }

        @Override
        public SSLEngine newServerEngine(InetSocketAddress peer) {
            SSLEngine e = serverContext.createSSLEngine(peer.getHostString(), peer.getPort());
            e.setUseClientMode(false);
            e.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return e;
        }

        @Override
        public Duration handshakeTimeout() {
            return Duration.ofSeconds(10);
        }
    }

    private static final class RecordingObserver implements SessionObserver {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong replied = new AtomicLong();
        final AtomicLong latencyNanos = new AtomicLong();
        final List<SessionSummary> closed = new CopyOnWriteArrayList<>();
        final List<Integer> closedPorts = new CopyOnWriteArrayList<>();

        void reset() {
            opened.set(0);
            frames.set(0);
            sent.set(0);
            replied.set(0);
            latencyNanos.set(0);
            closed.clear();
            closedPorts.clear();
        }

        @Override
        public TrafficProbe opened(Session session) {
            opened.incrementAndGet();
            return new TrafficProbe() {
                @Override
                public void received(int f, int bytes) {
                    frames.addAndGet(f);
                }

                @Override
                public void sent(int messages, int bytes) {
                    sent.addAndGet(messages);
                }

                @Override
                public void replied(int count, long nanos) {
                    replied.addAndGet(count);
                    latencyNanos.addAndGet(nanos * count);
                }
            };
        }

        @Override
        public void closed(Session session, SessionSummary summary) {
            closedPorts.add(session.remoteAddress().getPort());
            closed.add(summary);
        }
    }
}

package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.patchbay.testkit.TransportTestSupport;
import dev.patchbay.testkit.TrustAnyCertificate;

/**
 * TLS handshakes as a target (issue 18): the transport-wide limit of handshakes under way
 * refuses more at accept, and a TLS 1.2 client's request to renegotiate closes its session with
 * a log line and an audit line. All on the shipped {@code echo-tls} endpoint.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsHandshakeLimitsIT extends TransportTestSupport {

    private static int tlsPort() {
        return Integer.parseInt(System.getProperty(TLS_ECHO_PORT_PROPERTY));
    }

    private long refusedOnTlsEcho() {
        return endpoint(TLS_ECHO_ENDPOINT).orElseThrow().connectionsRefused();
    }

    /** Connections that never send a byte keep their handshakes under way; one more is refused at accept, and counted. */
    @Test
    public void handshakesBeyondTlsHandshakePendingAreRefusedAtAccept() throws Exception {
        int port = tlsPort();
        awaitTlsEcho(port);
        writeTransportConfig(Map.of("tls.handshake.pending", "2"));
        // The limit is in force once a third idle connection is refused; the idle ones are then closed again.
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                idle.add(closeAfterTest(idleConnection(port)));
            }
            await("two handshakes under way on " + TLS_ECHO_ENDPOINT)
                    .until(() -> runtime().sessions(TLS_ECHO_ENDPOINT).size() >= 2);
            await("a third connection refused at accept").until(() -> {
                long before = refusedOnTlsEcho();
                try (Socket third = idleConnection(port)) {
                    return closedByServer(third) && refusedOnTlsEcho() > before;
                }
            });
            long refusedBefore = refusedOnTlsEcho();
            for (int i = 0; i < 3; i++) {
                try (Socket more = idleConnection(port)) {
                    assertTrue("connection " + (i + 4) + " closed at accept", closedByServer(more));
                }
            }
            await("each refusal counted").until(() -> refusedOnTlsEcho() >= refusedBefore + 3);
            assertTrue("the refusal says why", logLines().stream()
                    .anyMatch(l -> l.contains("tls.handshake.pending=2 TLS handshakes already under way")));
            assertTrue("the audit has it", auditLines().stream().anyMatch(l -> l.contains("\"event\":\"access.denied\"")
                    && l.contains("tls.handshake.pending=2")));
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        await("the places freed once the idle connections closed").until(() -> {
            try (SSLSocket s = connect(port, "TLSv1.3")) {
                return exchange(s, "after").equals("after");
            } catch (IOException refused) {
                return false;
            }
        });
    }

    /**
     * On a TLS endpoint every connection is one full handshake (renegotiation is refused), and
     * a connection the rate-limit profile refuses is closed before the TLS filter is added, so
     * {@code connections.per.second} caps the handshakes one address gets per second.
     * Count-based: within the run at most the burst plus one per second elapsed are served.
     */
    @Test
    public void connectionsPerSecondOnATlsEndpointCapsOneAddressesHandshakes() throws Exception {
        int port = freePort();
        Path profile = etc().resolve("dev.patchbay.ratelimit-ithandshake.cfg");
        writeAtomically(profile, "connections.per.second = 1\nconnections.burst = 4\n");
        try {
            Map<String, String> endpoint = echoEndpoint(port);
            endpoint.put("tls", "default");
            endpoint.put("ratelimit", "ithandshake");
            writeEndpointFile("tls-capped", endpoint);
            await("tls-capped listening").until(() -> isListening(port));
            int attempts = 16;
            int served = 0;
            long start = System.nanoTime();
            for (int i = 0; i < attempts; i++) {
                try (SSLSocket s = connect(port, "TLSv1.3")) {
                    if (exchange(s, "hs" + i).equals("hs" + i)) {
                        served++;
                    }
                } catch (IOException refusedAtAccept) {
                    // closed before any ServerHello: no handshake was done for it
                }
            }
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            int allowed = 4 + (int) Math.ceil(elapsedSeconds);
            System.out.println("TlsHandshakeLimitsIT: " + served + " of " + attempts + " handshakes served in "
                    + String.format("%.2f", elapsedSeconds) + " s (cap: burst 4 + 1/s = " + allowed + ")");
            assertTrue(served + " handshakes served, at most " + allowed + " allowed", served <= allowed);
            assertTrue(served + " handshakes served, the burst of 4 was not", served >= 3);
            int refused = attempts - served;
            await("each refusal audited").until(() -> auditLines().stream()
                    .filter(l -> l.contains("\"event\":\"access.denied\"") && l.contains("tls-capped")
                            && l.contains("connections.per.second"))
                    .count() >= refused);
        } finally {
            Files.deleteIfExists(profile);
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temporary = etc().resolve("." + target.getFileName() + ".tmp");
        Files.write(temporary, text.getBytes(UTF_8));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** TLS 1.2: the JDK client's second startHandshake() is a client-initiated renegotiation. */
    @Test
    public void aClientRequestToRenegotiateClosesItsSessionWithALogLine() throws Exception {
        int port = tlsPort();
        awaitTlsEcho(port);
        try (SSLSocket s = connect(port, "TLSv1.2")) {
            assertEquals("hello", exchange(s, "hello"));
            try {
                s.startHandshake();
                // The refusal arrives as an alert on the next read, or the socket is just closed.
                String reply = exchange(s, "after renegotiating");
                fail("renegotiated and served: " + reply);
            } catch (IOException expected) {
                // refused and closed
            }
        }
        await("the refusal logged").until(() -> logLines().stream()
                .anyMatch(l -> l.contains("Endpoint " + TLS_ECHO_ENDPOINT + ": TLS renegotiation refused")));
        await("and audited").until(() -> auditLines().stream().anyMatch(l -> l.contains("\"event\":\"tls.failed\"")
                && l.contains("renegotiation refused")));
    }

    private void awaitTlsEcho(int port) {
        await(TLS_ECHO_ENDPOINT + " answering").until(() -> {
            try (SSLSocket s = connect(port, "TLSv1.3")) {
                return exchange(s, "ready").equals("ready");
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static Socket idleConnection(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    /** Whether the server closed the connection (end of stream or reset) before five seconds passed. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static SSLSocket connect(int port, String protocol) throws IOException {
        try {
            SSLSocket s = (SSLSocket) TrustAnyCertificate.clientContext().getSocketFactory().createSocket("127.0.0.1", port);
            s.setSoTimeout(15_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String exchange(SSLSocket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(UTF_8));
        out.flush();
        String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8)).readLine();
        if (reply == null) {
            throw new java.io.EOFException("closed by the server without a reply to " + line);
        }
        return reply;
    }
}

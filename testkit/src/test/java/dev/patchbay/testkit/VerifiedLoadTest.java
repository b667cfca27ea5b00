package dev.patchbay.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Test;

/**
 * {@link VerifiedLoad} against a small echo server in the test: it counts right replies, and it
 * reports a server that answers two requests in the wrong order.
 */
public class VerifiedLoadTest {

    private ServerSocket server;

    @After
    public void closeServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void verifiesLengthPrefixedEcho() throws Exception {
        int port = serve(false);
        try (VerifiedLoad load = VerifiedLoad.start(port, Framing.LENGTH_PREFIXED, Exchange.echo(), 3, 4, false,
                Duration.ofSeconds(10))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> load.messages() > 300);
            VerifiedLoad.Result result = load.stop();
            assertEquals(result.summary(), 0, result.errors());
            assertEquals(3, result.connections());
        }
    }

    @Test
    public void verifiesRawEcho() throws Exception {
        int port = serveRaw();
        try (VerifiedLoad load = VerifiedLoad.start(port, Framing.RAW, Exchange.echo(), 2, 4, false,
                Duration.ofSeconds(10))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> load.messages() > 300);
            VerifiedLoad.Result result = load.stop();
            assertEquals(result.summary(), 0, result.errors());
        }
    }

    @Test
    public void reportsReorderedReplies() throws Exception {
        int port = serve(true);
        try (VerifiedLoad load = VerifiedLoad.start(port, Framing.LENGTH_PREFIXED, Exchange.echo(), 1, 4, false,
                Duration.ofSeconds(10))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> load.errors() > 0);
            VerifiedLoad.Result result = load.stop();
            assertEquals(1, result.errors());
            assertTrue(result.firstErrors().toString(), result.firstErrors().get(0).contains("lost line 10"));
        }
    }

    /** Echoes length-prefixed frames; with {@code swapTenth}, sends reply 11 before reply 10. */
    private int serve(boolean swapTenth) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> echoFrames(s, swapTenth));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private static void echoFrames(Socket s, boolean swapTenth) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            byte[] held = null;
            for (long n = 0; ; n++) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                if (swapTenth && n == 10) {
                    held = frame;
                    continue;
                }
                out.write(Framing.LENGTH_PREFIXED.encode(frame));
                if (held != null) {
                    out.write(Framing.LENGTH_PREFIXED.encode(held));
                    held = null;
                }
                out.flush();
            }
        } catch (IOException closed) {
            // the load closed the connection
        }
    }

    private int serveRaw() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            byte[] buffer = new byte[7];
                            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                                out.write(buffer, 0, n);
                            }
                        } catch (IOException closed) {
                            // the load closed the connection
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }
}

package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ops4j.pax.exam.Option;

import redis.clients.jedis.Jedis;

import dev.patchbay.testkit.TransportTestSupport;

/**
 * The harness of the RESP tests: Jedis (a real Redis client library) and its dependencies
 * installed in the container as bundles, clients closed after each test, and a raw socket for
 * what a client library will not send (protocol errors, inline commands).
 */
public abstract class RespTestSupport extends TransportTestSupport {

    /** Jedis's read timeout, in milliseconds: a missing reply fails the test, it does not hang it. */
    protected static final int CLIENT_TIMEOUT_MS = 10_000;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
                mavenBundle("org.apache.commons", "commons-pool2").versionAsInProject(),
                mavenBundle("com.google.code.gson", "gson").versionAsInProject(),
                mavenBundle("org.json", "json").versionAsInProject(),
                mavenBundle("redis.clients.authentication", "redis-authx-core").versionAsInProject(),
                mavenBundle("redis.clients", "jedis").versionAsInProject()};
    }

    /** The port the shipped endpoint {@code resp} got in this container. */
    protected static int respPort() {
        return Integer.getInteger(RESP_PORT_PROPERTY);
    }

    /** A Jedis client of 127.0.0.1:{@code port}, closed after the test. */
    protected Jedis jedis(int port) {
        return closeAfterTest(new Jedis("127.0.0.1", port, CLIENT_TIMEOUT_MS));
    }

    /** Waits until a new connection to the port gets a RESP answer (+PONG, or an error such as -NOAUTH) to PING. */
    protected static void awaitResp(int port) {
        await("a RESP answer to PING on 127.0.0.1:" + port)
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    try (RawResp probe = new RawResp(port, 0)) {
                        probe.send("PING\r\n");
                        String first = probe.read(1);
                        return first.equals("+") || first.equals("-");
                    }
                });
    }

    /** The settings of a loopback endpoint with the {@code resp} codec and {@code handler}. */
    protected static Map<String, String> respEndpoint(int port, String handler) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("host", "127.0.0.1");
        properties.put("port", Integer.toString(port));
        properties.put("codec", "resp");
        properties.put("handler", handler);
        return properties;
    }

    /** A RESP connection at the byte level; closed after the test. */
    protected RawResp raw(int port) throws IOException {
        return closeAfterTest(new RawResp(port, 0));
    }

    /** Bytes in and out of one connection, as typed into {@code nc}. */
    protected static final class RawResp implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        /** {@code receiveBuffer} 0 keeps the system's default. */
        RawResp(int port, int receiveBuffer) throws IOException {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), CLIENT_TIMEOUT_MS);
            socket.setSoTimeout(CLIENT_TIMEOUT_MS);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(ISO_8859_1));
            out.flush();
        }

        /** Reads until {@code expected.length()} bytes have come, or the stream ends. */
        String read(int bytes) throws IOException {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (got.size() < bytes) {
                int n = in.read(buf, 0, Math.min(buf.length, bytes - got.size()));
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
            return got.toString(ISO_8859_1);
        }

        /** Whether the server closed the connection (end of stream) within the client timeout. */
        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import dev.patchbay.api.tls.TlsProfile;

/**
 * The TLS handshake of a real MINA server with {@link ProfileSslFilter} and a real JDK client:
 * every call into the server's engine up to the end of the handshake is made on a handshake
 * pool thread, the secured session's records pass on the I/O thread, and nothing is lost on the
 * way from one to the other.
 */
public class PooledHandshakeEngineTest {

    /** Blocking channels ignore socket timeouts: a handshake that hangs fails here instead. */
    @Rule
    public Timeout timeout = Timeout.seconds(120);

    private static SSLContext server;
    private static SSLContext client;

    private final List<Call> calls = new ArrayList<>();
    private final AtomicReference<Throwable> serverError = new AtomicReference<>();
    private HandshakePool pool;
    private NioSocketAcceptor acceptor;
    private int port;

    /** One call into the real server engine: on which thread, and what it answered. */
    private record Call(String thread, String method, SSLEngineResult result) {
        boolean onPool() {
            return thread.startsWith("patchbay-tls-handshake");
        }
    }

    @BeforeClass
    public static void keys() throws Exception {
        // A key and self-signed certificate made now, by the JDK's own keytool.
        File dir = Files.createTempDirectory("patchbay-tls-test").toFile();
        File store = new File(dir, "server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.getPath(), "-storepass", "test-pass")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue("keytool finished", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("keytool exit", 0, p.exitValue());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store)) {
            ks.load(in, "test-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test-pass".toCharArray());
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        client = SSLContext.getInstance("TLS");
        // The client takes the test's own certificate on trust: what is checked here is where the work runs.
        client.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
    }

    @Before
    public void start() throws Exception {
        pool = new HandshakePool(1, 64);
        TlsProfile profile = new TlsProfile() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public SSLEngine newServerEngine(InetSocketAddress peer) {
                return new Recording(server.createSSLEngine(peer.getHostString(), peer.getPort()));
            }

            @Override
            public Duration handshakeTimeout() {
                return Duration.ofSeconds(10);
            }
        };
        acceptor = new NioSocketAcceptor(1);
        acceptor.getFilterChain().addLast(ProfileSslFilter.NAME, new ProfileSslFilter(profile, pool));
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                IoBuffer in = (IoBuffer) message;
                IoBuffer copy = IoBuffer.allocate(in.remaining());
                copy.put(in).flip();
                session.write(copy);
            }

            @Override
            public void exceptionCaught(IoSession session, Throwable cause) {
                // A write after the test's client has gone (the ticket, close_notify) is not what is tested.
                if (cause instanceof SSLException) {
                    serverError.set(cause);
                }
                session.closeNow();
            }
        });
        acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
        port = acceptor.getLocalAddress().getPort();
    }

    @After
    public void stop() {
        acceptor.dispose(true);
        pool.shutdown();
    }

    @Test
    public void tls13HandshakeRunsOnThePoolAndTheSecuredSessionOnTheIoThread() throws Exception {
        assertEquals("hello\n", exchange("TLSv1.3", "hello\n", false));
        assertHandshakeOnPoolThenIoThread();
    }

    @Test
    public void tls12HandshakeRunsOnThePoolAndTheSecuredSessionOnTheIoThread() throws Exception {
        assertEquals("hello\n", exchange("TLSv1.2", "hello\n", false));
        assertHandshakeOnPoolThenIoThread();
    }

    @Test
    public void dataSentWithTheClientsFinishedReachesTheHandler() throws Exception {
        // The client's Finished and its first record leave in one write, so the server reads
        // them together: the pool decrypts the record and hands it over with the handshake.
        for (int i = 0; i < 20; i++) {
            String line = "first words " + i + "\n";
            assertEquals(line, exchange("TLSv1.3", line, true));
        }
        assertEquals(null, serverError.get());
    }

    @Test
    public void clientGoneMidHandshakeLeavesNoSession() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                SSLEngine e = clientEngine("TLSv1.3");
                ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
                e.wrap(ByteBuffer.allocate(0), out);
                out.flip();
                ch.write(out);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acceptor.getManagedSessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("sessions left after their clients went", 0, acceptor.getManagedSessionCount());
        // The server still serves.
        assertEquals("after\n", exchange("TLSv1.3", "after\n", false));
    }

    @Test
    public void plaintextOnTheTlsPortIsRefusedWithAnSslException() throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ch.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ch.socket().setSoTimeout(20_000);
            InputStream in = ch.socket().getInputStream();
            // Closed without an answer in plaintext (at most a TLS alert, which starts with byte 21).
            int first = in.read();
            assertTrue("closed or a TLS alert, not plaintext: " + first, first == -1 || first == 21);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (serverError.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue("the failure reached the filter chain: " + serverError.get(), serverError.get() instanceof SSLException);
    }

    private void assertHandshakeOnPoolThenIoThread() {
        List<Call> seen;
        synchronized (calls) {
            seen = new ArrayList<>(calls);
        }
        int finished = -1;
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).result() != null && seen.get(i).result().getHandshakeStatus() == HandshakeStatus.FINISHED) {
                finished = i;
                break;
            }
        }
        assertTrue("the server engine finished its handshake: " + seen, finished >= 0);
        for (int i = 0; i <= finished; i++) {
            assertTrue("handshake call on a pool thread: " + seen.get(i), seen.get(i).onPool());
        }
        boolean echoOnIoThread = seen.stream().skip(finished + 1).anyMatch(c -> c.method().equals("wrap") && !c.onPool()
                && c.result() != null && c.result().bytesConsumed() > 0);
        assertTrue("the echo was encrypted on the I/O thread: " + seen, echoOnIoThread);
        assertEquals(null, serverError.get());
    }

    private SSLEngine clientEngine(String protocol) {
        SSLEngine e = client.createSSLEngine("localhost", port);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    /**
     * A handshake and one echoed line over a plain socket channel; with {@code withFinished} the
     * line is wrapped right behind the client's Finished and both leave in one write.
     */
    private String exchange(String protocol, String line, boolean withFinished) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            SSLEngine e = clientEngine(protocol);
            int packet = e.getSession().getPacketBufferSize();
            ByteBuffer out = ByteBuffer.allocate(packet * 4);
            ByteBuffer in = ByteBuffer.allocate(packet * 4);
            ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize() * 2);
            ByteBuffer data = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            e.beginHandshake();
            HandshakeStatus hs = e.getHandshakeStatus();
            while (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
                switch (hs) {
                    case NEED_WRAP -> {
                        SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
                        hs = r.getHandshakeStatus();
                        if (hs == HandshakeStatus.FINISHED && withFinished) {
                            e.wrap(data, out);
                        }
                        if (hs != HandshakeStatus.NEED_WRAP) {
                            flush(ch, out);
                        }
                    }
                    case NEED_UNWRAP -> {
                        in.flip();
                        SSLEngineResult r = e.unwrap(in, app);
                        in.compact();
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            read(ch, in);
                        }
                        hs = r.getHandshakeStatus();
                    }
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = e.getDelegatedTask()) != null) {
                            task.run();
                        }
                        hs = e.getHandshakeStatus();
                    }
                    default -> throw new IllegalStateException("client handshake status " + hs);
                }
            }
            if (data.hasRemaining()) {
                e.wrap(data, out);
                flush(ch, out);
            }
            app.flip();
            StringBuilder echoed = new StringBuilder(StandardCharsets.UTF_8.decode(app));
            while (echoed.indexOf("\n") < 0) {
                in.flip();
                app.clear();
                SSLEngineResult r = e.unwrap(in, app);
                in.compact();
                app.flip();
                echoed.append(StandardCharsets.UTF_8.decode(app));
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    read(ch, in);
                }
            }
            return echoed.toString();
        }
    }

    private static void flush(SocketChannel ch, ByteBuffer out) throws Exception {
        out.flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
        out.clear();
    }

    private static void read(SocketChannel ch, ByteBuffer in) throws Exception {
        if (ch.read(in) < 0) {
            throw new IllegalStateException("the server closed the connection");
        }
    }

    /** The real server engine, noting each wrap and unwrap with the thread that made it. */
    private final class Recording extends ForwardingSSLEngine {

        Recording(SSLEngine engine) {
            super(engine);
        }

        private SSLEngineResult note(String method, SSLEngineResult r) {
            synchronized (calls) {
                calls.add(new Call(Thread.currentThread().getName(), method, r));
            }
            return r;
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
            return note("wrap", engine.wrap(srcs, offset, length, dst));
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
            return note("unwrap", engine.unwrap(src, dsts, offset, length));
        }

        @Override
        public Runnable getDelegatedTask() {
            Runnable task = engine.getDelegatedTask();
            return task == null ? null : () -> {
                note("task", null);
                task.run();
            };
        }

        @Override
        public HandshakeStatus getHandshakeStatus() {
            return engine.getHandshakeStatus();
        }

        @Override
        public SSLSession getSession() {
            return engine.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return engine.getHandshakeSession();
        }

        @Override
        public boolean isInboundDone() {
            return engine.isInboundDone();
        }

        @Override
        public boolean isOutboundDone() {
            return engine.isOutboundDone();
        }

        @Override
        public void closeInbound() throws SSLException {
            engine.closeInbound();
        }

        @Override
        public void closeOutbound() {
            engine.closeOutbound();
        }
    }
}

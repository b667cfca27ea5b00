package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Line clients whose connections come from a chosen loopback address (127.0.0.2, 127.0.0.3,
 * ...: Linux routes all of 127.0.0.0/8 to the loopback interface), so that one test machine
 * can play many sources for per-address limits.
 */
public final class SourceBoundClients {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private SourceBoundClients() {
    }

    private static Socket connect(String source, int port, int readTimeoutMillis, int sendBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMillis);
            if (sendBuffer > 0) {
                socket.setSendBufferSize(sendBuffer);
            }
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Whether a new connection from {@code source} is refused at accept: the server closes it
     * without echoing the line sent (end of stream, or a reset since our line was unread).
     * A connection that echoes is accepted, and is closed again here.
     */
    public static boolean isRefused(String source, int port) throws IOException {
        try (Socket socket = connect(source, port, 10_000, 0)) {
            try {
                socket.getOutputStream().write("probe\n".getBytes(UTF_8));
                socket.getOutputStream().flush();
                return socket.getInputStream().read() == -1;
            } catch (SocketException reset) {
                return true;
            }
        }
    }

    /** One connection from a chosen source address, one line at a time. */
    public static final class Echo implements Closeable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        public Echo(String source, int port) throws IOException {
            this.socket = connect(source, port, 15_000, 0);
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        public void send(String text) throws IOException {
            out.write(text.getBytes(UTF_8));
            out.flush();
        }

        public String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection from " + socket.getLocalAddress() + " closed by the server");
                }
                line.write(b);
            }
            return line.toString(UTF_8);
        }

        public String echo(String line) throws IOException {
            send(line + "\n");
            return readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Sends numbered lines as fast as the server takes them (a writer thread blocked on the
     * socket most of the time), and a reader thread checks that each echo is the next line
     * sent and records when it arrived. Small socket buffers keep what is in flight small, so
     * that everything sent can be awaited back after the sender stops.
     */
    public static final class Pusher implements Closeable {

        private static final int SOCKET_BUFFER = 8192;

        private final Socket socket;
        private final int lineLength;
        private final Thread writer;
        private final Thread reader;
        private volatile boolean sending = true;
        private final AtomicLong sent = new AtomicLong();
        private volatile long[] arrivals = new long[4096];
        private volatile int received;
        private volatile String failure;

        public Pusher(String source, int port, int lineLength) throws IOException {
            this.socket = connect(source, port, 30_000, SOCKET_BUFFER);
            this.lineLength = lineLength;
            this.writer = new Thread(this::write, "pusher-writer " + source);
            this.reader = new Thread(this::read, "pusher-reader " + source);
            writer.setDaemon(true);
            reader.setDaemon(true);
            reader.start();
            writer.start();
        }

        private byte[] line(long n) {
            StringBuilder s = new StringBuilder(lineLength + 1).append(n).append(' ');
            while (s.length() < lineLength) {
                s.append('x');
            }
            return s.append('\n').toString().getBytes(UTF_8);
        }

        private void write() {
            try {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), SOCKET_BUFFER);
                long n = 0;
                while (sending) {
                    out.write(line(n++));
                }
                out.flush();
                sent.set(n);
            } catch (IOException e) {
                fail("writing: " + e);
            }
        }

        private void read() {
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                byte[] expected = line(0);
                ByteArrayOutputStream got = new ByteArrayOutputStream(lineLength + 1);
                while (true) {
                    int b = in.read();
                    if (b == -1) {
                        return;
                    }
                    got.write(b);
                    if (b != '\n') {
                        continue;
                    }
                    long now = System.nanoTime();
                    int n = received;
                    if (!java.util.Arrays.equals(expected, got.toByteArray())) {
                        fail("echo " + n + " was '" + got.toString(UTF_8).trim() + "', expected line " + n);
                        return;
                    }
                    long[] a = arrivals;
                    if (n == a.length) {
                        a = java.util.Arrays.copyOf(a, a.length * 2);
                        arrivals = a;
                    }
                    a[n] = now;
                    received = n + 1;
                    got.reset();
                    expected = line(n + 1);
                }
            } catch (IOException e) {
                if (sending || received < sent.get()) {
                    fail("reading: " + e);
                }
            }
        }

        private void fail(String what) {
            if (failure == null) {
                failure = "client " + socket.getLocalSocketAddress() + ": " + what + " (after " + received + " echoes)";
            }
        }

        /** When the first echo arrived, waiting for it. */
        public long awaitFirstEcho(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received == 0 && failure == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (received == 0) {
                throw new AssertionError("no echo within " + timeout + (failure == null ? "" : ": " + failure));
            }
            return arrivals[0];
        }

        /** Echoes that arrived at or after {@code from} and before {@code to} (System.nanoTime()). */
        public int receivedBetween(long from, long to) {
            int n = received;
            long[] a = arrivals;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] - from >= 0 && a[i] - to < 0) {
                    count++;
                }
            }
            return count;
        }

        /** Stops sending and waits until the last line has been handed to the socket. */
        public long stopSending(Duration timeout) throws InterruptedException {
            sending = false;
            writer.join(timeout.toMillis());
            if (writer.isAlive()) {
                throw new AssertionError("the server did not take the last lines within " + timeout);
            }
            return sent.get();
        }

        /** Waits until every line sent has come back. */
        public void awaitAllEchoed(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received < sent.get() && failure == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        public int received() {
            return received;
        }

        public String failure() {
            return failure;
        }

        @Override
        public void close() throws IOException {
            sending = false;
            socket.close();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(5));
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking client for newline-delimited text endpoints: one socket, one line at a time.
 * Reads time out (so a broken server fails a test instead of hanging it).
 */
public final class LineClient implements Closeable {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port} with the default timeouts. */
    public static LineClient connect(int port) throws IOException {
        return connect("127.0.0.1", port, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    public static LineClient connect(String host, int port, Duration connectTimeout,
            Duration readTimeout) throws IOException {
        return ClientSockets.open(host, port, connectTimeout, readTimeout, LineClient::new);
    }

    /** Sends one line, adding the {@code \n}. */
    public void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(UTF_8));
    }

    /** Sends many lines in a single write. */
    public void sendAll(List<String> lines) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            all.append(line).append('\n');
        }
        sendRaw(all.toString().getBytes(UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads up to the next {@code \n} (not returned).
     *
     * @return the line, or {@code null} at end of stream with nothing pending
     * @throws SocketTimeoutException when nothing completes a line within the read timeout
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0) {
                    return null;
                }
                throw new IOException("end of stream in the middle of a line: '"
                        + line.toString(UTF_8) + "'");
            }
            if (b == '\n') {
                return line.toString(UTF_8);
            }
            line.write(b);
        }
    }

    /** Sends a line and returns the next line read. */
    public String echo(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** Reads lines until the server closes the connection (a reset is an error here). */
    public List<String> readLinesUntilEndOfStream() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(); line != null; line = readLine()) {
            lines.add(line);
        }
        return lines;
    }

    /**
     * Waits for the server to close this connection: end of stream, or a reset (which a
     * server sends when it closes with unread input). Fails on a read timeout.
     *
     * @return whatever arrived before the close
     */
    public byte[] readUntilClosedByPeer() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the server did not close the connection from "
                    + socket.getLocalSocketAddress() + " within " + socket.getSoTimeout()
                    + " ms; received " + received.size() + " bytes");
        } catch (SocketException e) {
            // "Connection reset": closed by the server, with our bytes still unread there.
        }
        return received.toByteArray();
    }

    /** The client-side port: the server sees it as the session's remote port. */
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.patchbay.testkit;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * A blocking client of a {@code raw} endpoint: bytes go out as they are and replies are read by
 * length, since the raw codec keeps no message boundaries. For load, see {@link VerifiedLoad}
 * with {@link Framing#RAW}.
 */
public final class RawClient implements Closeable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port} with {@link LineClient}'s timeouts. */
    public static RawClient connect(int port) throws IOException {
        return connect("127.0.0.1", port, LineClient.CONNECT_TIMEOUT, LineClient.READ_TIMEOUT);
    }

    public static RawClient connect(String host, int port, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        return ClientSockets.open(host, port, connectTimeout, readTimeout, RawClient::new);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads exactly {@code length} bytes, however the server split them. */
    public byte[] read(int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Sends {@code bytes} and reads a reply of {@code replyLength} bytes. */
    public byte[] request(byte[] bytes, int replyLength) throws IOException {
        send(bytes);
        return read(replyLength);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

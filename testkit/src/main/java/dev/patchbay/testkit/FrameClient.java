package dev.patchbay.testkit;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * A blocking client of a {@code length-prefixed} endpoint: each message is a 4-byte big-endian
 * length and that many bytes, both ways. For load, see {@link VerifiedLoad} with
 * {@link Framing#LENGTH_PREFIXED}.
 */
public final class FrameClient implements Closeable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private FrameClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port} with {@link LineClient}'s timeouts. */
    public static FrameClient connect(int port) throws IOException {
        return connect("127.0.0.1", port, LineClient.CONNECT_TIMEOUT, LineClient.READ_TIMEOUT);
    }

    public static FrameClient connect(String host, int port, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        return ClientSockets.open(host, port, connectTimeout, readTimeout, FrameClient::new);
    }

    /** Sends one frame. */
    public void send(byte[] message) throws IOException {
        out.write(Framing.LENGTH_PREFIXED.encode(message));
        out.flush();
    }

    /** Reads one frame; {@link EOFException} if the server closed, a timeout if none came. */
    public byte[] read() throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("negative frame length " + length);
        }
        byte[] message = new byte[length];
        in.readFully(message);
        return message;
    }

    /** Sends one frame and reads the reply. */
    public byte[] request(byte[] message) throws IOException {
        send(message);
        return read();
    }

    /** Sends bytes as they are (a partial or bad frame, for tests of the codec's limits). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Whether the server closed the connection (end of stream) within the read timeout. */
    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

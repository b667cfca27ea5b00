package dev.patchbay.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The one way the kit's clients open their connection: no Nagle delay, bounded connect and reads. */
final class ClientSockets {

    private ClientSockets() {
    }

    /** What a client makes of its connected socket (its streams); may fail. */
    @FunctionalInterface
    interface Client<T> {
        T over(Socket socket) throws IOException;
    }

    /** A client over a connected socket; the socket is closed again if connecting or making the client fails. */
    static <T> T open(String host, int port, Duration connectTimeout, Duration readTimeout, Client<T> client)
            throws IOException {
        Socket socket = connect(host, port, connectTimeout, readTimeout);
        try {
            return client.over(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A connected socket, closed again if connecting fails. */
    static Socket connect(String host, int port, Duration connectTimeout, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}

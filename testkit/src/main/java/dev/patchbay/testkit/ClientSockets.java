package dev.patchbay.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The one way the kit's clients open their connection: no Nagle delay, bounded connect and reads. */
final class ClientSockets {

    private ClientSockets() {
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

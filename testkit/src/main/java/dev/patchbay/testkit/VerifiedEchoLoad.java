package dev.patchbay.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * {@link VerifiedLoad} of numbered lines on a {@code line}-codec echo endpoint: every echo must
 * be exactly the next line its connection expects.
 */
public final class VerifiedEchoLoad extends VerifiedLoad {

    private VerifiedEchoLoad(InetSocketAddress address, int connections, int inFlight, boolean serverMayClose,
            Duration stallTimeout) throws IOException {
        super(address, Framing.LINES, Exchange.echo(), connections, inFlight, serverMayClose, stallTimeout,
                Duration.ofSeconds(30));
    }

    /**
     * Starts the load on {@code 127.0.0.1:port}. Lines not echoed within {@code stallTimeout}
     * count as lost.
     *
     * @param serverMayClose whether an end of stream is a graceful close by the server rather
     *                       than an error
     */
    public static VerifiedEchoLoad start(int port, int connections, int inFlight,
            boolean serverMayClose, Duration stallTimeout) throws IOException {
        VerifiedEchoLoad load = new VerifiedEchoLoad(new InetSocketAddress("127.0.0.1", port),
                connections, inFlight, serverMayClose, stallTimeout);
        load.begin();
        return load;
    }

    /** The line number {@code seq} of connection {@code id}: its own, of varying length. */
    public static String line(int id, long seq) {
        return message(id, seq);
    }
}

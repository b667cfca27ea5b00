package dev.patchbay.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * The "raw MINA" baseline: a MINA 2.2 echo server with no filter at all. Each received
 * {@code IoBuffer} is written back as is (MINA allocates a fresh buffer for every read and
 * lets go of it after {@code messageReceived}, so handing it to {@code write} is safe).
 *
 * <pre>
 * java -cp 'target/patchbay-benchmarks-*.jar:target/lib/*' dev.patchbay.benchmarks.RawMinaEchoServer 7100
 *   [--host 127.0.0.1] [--io-threads N] [--exit-on-stdin-eof]
 * </pre>
 *
 * The I/O processor count defaults to the number of cores, which is what Patchbay's transport
 * uses, so that both servers get the same threading.
 */
public final class RawMinaEchoServer {

    private RawMinaEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String host = "127.0.0.1";
        int port = 7100;
        int ioThreads = Runtime.getRuntime().availableProcessors();
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--io-threads" -> ioThreads = Integer.parseInt(args[++i]);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "-h", "--help" -> {
                    System.out.println("usage: RawMinaEchoServer [port] [--host H] [--port P]"
                            + " [--io-threads N] [--exit-on-stdin-eof]");
                    return;
                }
                default -> port = Integer.parseInt(args[i]);
            }
        }

        NioSocketAcceptor acceptor = new NioSocketAcceptor(ioThreads);
        acceptor.setReuseAddress(true);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                session.write(message);
            }

            @Override
            public void exceptionCaught(IoSession session, Throwable cause) {
                session.closeNow();
            }
        });
        acceptor.bind(new InetSocketAddress(host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            acceptor.unbind();
            acceptor.dispose(true);
            stopped.countDown();
        }, "raw-mina-shutdown"));
        InetSocketAddress bound = (InetSocketAddress) acceptor.getLocalAddress();
        System.out.println("RawMinaEchoServer listening on " + bound.getHostString() + ":"
                + bound.getPort() + " with " + ioThreads + " I/O threads");
        System.out.flush();

        if (exitOnStdinEof) {
            // Started as a child process: end with the parent, even if it dies without cleanup.
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] sink = new byte[256];
                    while (in.read(sink) >= 0) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // parent gone
                }
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }
}

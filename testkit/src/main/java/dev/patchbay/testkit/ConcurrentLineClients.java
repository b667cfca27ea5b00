package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many line clients on one selector thread: first all of them connect and stay connected,
 * then each sends its own distinct lines, one line per write and interleaved with the
 * others, and reads its echoes back. One thread keeps a 2-core machine free for the
 * server under test.
 */
public final class ConcurrentLineClients implements Closeable {

    /** At most this many connects in flight at once, so the listen backlog is not flooded. */
    private static final int CONNECTS_IN_FLIGHT = 64;

    private final InetSocketAddress address;
    private final Selector selector;
    private final List<Client> clients = new ArrayList<>();

    public ConcurrentLineClients(InetSocketAddress address, int count, int linesPerClient)
            throws IOException {
        this.address = address;
        this.selector = Selector.open();
        for (int i = 0; i < count; i++) {
            clients.add(new Client(i, linesPerClient));
        }
    }

    /** Opens every connection; returns once all are connected, or fails at the deadline. */
    public void connectAll(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Deque<Client> waiting = new ArrayDeque<>(clients);
        int inFlight = 0;
        int connected = 0;
        while (connected < clients.size()) {
            while (inFlight < CONNECTS_IN_FLIGHT && !waiting.isEmpty()) {
                Client client = waiting.poll();
                client.channel = SocketChannel.open();
                client.channel.configureBlocking(false);
                client.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (client.channel.connect(address)) {
                    connected++;
                } else {
                    client.channel.register(selector, SelectionKey.OP_CONNECT, client);
                    inFlight++;
                }
            }
            checkDeadline(deadline, "connect: " + connected + " of " + clients.size()
                    + " connected");
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                try {
                    if (client.channel.finishConnect()) {
                        key.interestOps(0);
                        inFlight--;
                        connected++;
                    }
                } catch (IOException e) {
                    throw new IOException("client " + client.id + " could not connect to "
                            + address + " (" + connected + " connected before it)", e);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /**
     * Sends every client's lines and reads the echoes, all connections at once.
     *
     * @return one description per client whose echoes were not exactly its own lines;
     *         empty when all were
     */
    public List<String> exchange(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Client client : clients) {
            SelectionKey key = client.channel.keyFor(selector);
            if (key == null) {
                client.channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE,
                        client);
            } else {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
        List<String> failures = new ArrayList<>();
        int finished = 0;
        ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
        while (finished < clients.size()) {
            checkDeadline(deadline, "exchange: " + finished + " of " + clients.size()
                    + " clients got all their echoes; " + failures.size() + " failed "
                    + failures.subList(0, Math.min(5, failures.size())));
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                try {
                    if (key.isWritable()) {
                        client.writeNextLine();
                        if (client.allWritten()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                    if (key.isReadable()) {
                        readBuffer.clear();
                        int n = client.channel.read(readBuffer);
                        if (n == -1) {
                            failures.add(client.describe("closed by the server"));
                            finished++;
                            key.cancel();
                            client.channel.close();
                            continue;
                        }
                        client.received.write(readBuffer.array(), 0, n);
                        if (client.received.size() >= client.expected.length) {
                            if (!Arrays.equals(client.received.toByteArray(), client.expected)) {
                                failures.add(client.describe("wrong echo"));
                            }
                            finished++;
                            key.interestOps(0);
                        }
                    }
                } catch (IOException e) {
                    failures.add(client.describe(e.toString()));
                    finished++;
                    key.cancel();
                    client.channel.close();
                }
            }
            selector.selectedKeys().clear();
        }
        return failures;
    }

    private static void checkDeadline(long deadline, String progress) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException("timed out; " + progress);
        }
    }

    @Override
    public void close() throws IOException {
        for (Client client : clients) {
            if (client.channel != null) {
                client.channel.close();
            }
        }
        selector.close();
    }

    private static final class Client {
        final int id;
        final Deque<ByteBuffer> toWrite = new ArrayDeque<>();
        final byte[] expected;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        SocketChannel channel;

        Client(int id, int lines) {
            this.id = id;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            StringBuilder all = new StringBuilder();
            for (int line = 0; line < lines; line++) {
                // Distinct per client and per line, of varying length.
                StringBuilder text = new StringBuilder("client-").append(id)
                        .append("-line-").append(line).append('-')
                        .append(Long.toHexString(random.nextLong())).append('-');
                int padding = random.nextInt(200);
                for (int i = 0; i < padding; i++) {
                    text.append((char) ('a' + (id + line + i) % 26));
                }
                String withDelimiter = text.append('\n').toString();
                toWrite.add(ByteBuffer.wrap(withDelimiter.getBytes(UTF_8)));
                all.append(withDelimiter);
            }
            this.expected = all.toString().getBytes(UTF_8);
        }

        void writeNextLine() throws IOException {
            ByteBuffer next = toWrite.peek();
            if (next != null) {
                channel.write(next);
                if (!next.hasRemaining()) {
                    toWrite.poll();
                }
            }
        }

        boolean allWritten() {
            return toWrite.isEmpty();
        }

        String describe(String problem) {
            String got = received.toString(UTF_8);
            return "client " + id + ": " + problem + " after " + received.size() + " of "
                    + expected.length + " bytes; got '" + abbreviate(got) + "'";
        }

        private static String abbreviate(String s) {
            return s.length() <= 120 ? s : s.substring(0, 120) + "...";
        }
    }
}

package dev.patchbay.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Verified request/response load, in the background, on one selector thread: {@code connections}
 * clients each keep {@code inFlight} requests outstanding, continuously (every reply sends the
 * next request), in the {@link Framing} of the endpoint's codec, and check every reply with
 * their {@link Exchange.Conversation}: it must be the right reply to the next request. Anything
 * else is an error: a lost reply (a later one arrives first, or none within the stall timeout),
 * a duplicated or reordered one, a wrong one, a reset, an unexpected end of stream, a failed
 * connect. {@link VerifiedEchoLoad} is this load with numbered lines and echo.
 *
 * <p>Some runs expect the server to close sessions on purpose (a drain): then an end of stream
 * with no partial reply pending is a graceful close, counted apart, and the requests still in
 * flight at that moment are counted as unanswered (they were sent after the server decided to
 * close). A reset is an error in every run.
 *
 * <p>Run it across a handler swap ({@code bundle:update}, a newer version installed,
 * {@code patchbay:swap}): {@link Result#errors()} counts the connections that lost, reordered
 * or got a wrong reply ({@link Result#firstErrors()} says which and how); a {@link Mark} taken
 * before the swap tells whether every connection made progress after it, and the largest reply
 * delay around it.
 *
 * <p>One thread keeps a 2-core machine free for the server under test.
 */
public class VerifiedLoad implements AutoCloseable {

    /** At most this many connects in flight at once, so the listen backlog is not flooded. */
    private static final int CONNECTS_IN_FLIGHT = 64;
    private static final int MAX_RECORDED_ERRORS = 10;

    /** What a run found. */
    public record Result(int connections, long linesSent, long messages, long errors,
            List<String> firstErrors, Duration maxDelay, int closedByServer,
            long unansweredAtServerClose) {

        public String summary() {
            return connections + " connections, " + linesSent + " requests sent, " + messages
                    + " verified replies, " + errors + " errors" + (firstErrors.isEmpty() ? "" : " " + firstErrors)
                    + ", largest reply delay " + maxDelay.toMillis() + " ms"
                    + (closedByServer > 0 ? ", " + closedByServer + " closed gracefully by the server ("
                            + unansweredAtServerClose + " requests in flight then)" : "");
        }
    }

    /** Per-connection echo counts at one moment, and the start of a delay window. */
    public final class Mark {
        private final long[] echoed;

        private Mark() {
            echoed = new long[connections.size()];
            for (int i = 0; i < echoed.length; i++) {
                echoed[i] = echoedPerConnection.get(i);
            }
            windowMaxDelayNanos.set(0);
        }

        /** How many connections got at least one verified echo since this mark. */
        public int connectionsProgressed() {
            int n = 0;
            for (int i = 0; i < echoed.length; i++) {
                if (echoedPerConnection.get(i) > echoed[i]) {
                    n++;
                }
            }
            return n;
        }

        /** Connections that got no verified echo since this mark and are still open. */
        public List<Integer> stalledLocalPorts() {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < echoed.length; i++) {
                Connection c = connections.get(i);
                if (echoedPerConnection.get(i) == echoed[i] && !c.done) {
                    ports.add(c.localPort);
                }
            }
            return ports;
        }

        /** The largest reply delay since this mark (or since the next mark, if one was taken). */
        public Duration maxDelay() {
            return Duration.ofNanos(windowMaxDelayNanos.get());
        }
    }

    private final InetSocketAddress address;
    private final Framing framing;
    private final int inFlight;
    private final boolean serverMayClose;
    private final long stallNanos;
    private final long connectNanos;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLongArray echoedPerConnection;
    private final Selector selector;
    private final Thread thread;
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    private volatile boolean stopping;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong linesSent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong maxDelayNanos = new AtomicLong();
    private final AtomicLong windowMaxDelayNanos = new AtomicLong();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicLong unansweredAtServerClose = new AtomicLong();
    private final Set<Integer> localPorts = ConcurrentHashMap.newKeySet();

    VerifiedLoad(InetSocketAddress address, Framing framing, Exchange exchange, int count, int inFlight,
            boolean serverMayClose, Duration stallTimeout, Duration connectTimeout) throws IOException {
        this.address = address;
        this.framing = framing;
        this.inFlight = inFlight;
        this.serverMayClose = serverMayClose;
        this.stallNanos = stallTimeout.toNanos();
        this.connectNanos = connectTimeout.toNanos();
        for (int i = 0; i < count; i++) {
            connections.add(new Connection(i, exchange.open(i)));
        }
        this.echoedPerConnection = new AtomicLongArray(count);
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "patchbay-testkit-verified-load");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the load on {@code 127.0.0.1:port}: requests framed as the endpoint's codec wants,
     * checked by {@code exchange}. Replies not arriving within {@code stallTimeout} count as lost.
     *
     * @param serverMayClose whether an end of stream is a graceful close by the server rather
     *                       than an error
     */
    public static VerifiedLoad start(int port, Framing framing, Exchange exchange, int connections,
            int inFlight, boolean serverMayClose, Duration stallTimeout) throws IOException {
        VerifiedLoad load = new VerifiedLoad(new InetSocketAddress("127.0.0.1", port), framing, exchange,
                connections, inFlight, serverMayClose, stallTimeout, Duration.ofSeconds(30));
        load.begin();
        return load;
    }

    /** Starts the selector thread; for the factories of subclasses. */
    final void begin() {
        thread.start();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Connections established so far. */
    public int connected() {
        return connected.get();
    }

    /** Verified replies so far. */
    public long messages() {
        return messages.get();
    }

    public long errors() {
        return errors.get();
    }

    public List<String> firstErrors() {
        synchronized (firstErrors) {
            return List.copyOf(firstErrors);
        }
    }

    public int closedByServer() {
        return closedByServer.get();
    }

    /** Connections that got at least one verified echo. */
    public int connectionsServed() {
        int n = 0;
        for (int i = 0; i < connections.size(); i++) {
            if (echoedPerConnection.get(i) > 0) {
                n++;
            }
        }
        return n;
    }

    /** The client-side ports of the load's connections: the server sees them as remote ports. */
    public Set<Integer> localPorts() {
        return Set.copyOf(localPorts);
    }

    public boolean isFinished() {
        return result.isDone();
    }

    /** Takes a mark: per-connection progress and the largest reply delay are measured from here. */
    public Mark mark() {
        return new Mark();
    }

    /**
     * Stops sending new requests, waits for the replies to the requests in flight (those not answered
     * within the stall timeout are lost), closes every connection and returns what was found.
     */
    public Result stop() throws Exception {
        stopping = true;
        selector.wakeup();
        try {
            return result.get(stallNanos + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
        } finally {
            thread.interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        if (!result.isDone()) {
            stop();
        }
    }

    // ----------------------------------------------------------------------------------
    // The selector thread
    // ----------------------------------------------------------------------------------

    private void run() {
        try {
            loop();
            result.complete(new Result(connections.size(), linesSent.get(), messages.get(),
                    errors.get(), firstErrors(), Duration.ofNanos(maxDelayNanos.get()),
                    closedByServer.get(), unansweredAtServerClose.get()));
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            for (Connection c : connections) {
                c.closeQuietly();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private void loop() throws IOException {
        Deque<Connection> toConnect = new ArrayDeque<>(connections);
        int connecting = 0;
        long started = System.nanoTime();
        long lastStallCheck = started;
        ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            while (!stopping && connecting < CONNECTS_IN_FLIGHT && !toConnect.isEmpty()) {
                Connection c = toConnect.poll();
                if (c.connect()) {
                    c.connected();
                } else {
                    connecting++;
                }
            }
            if (stopping) {
                for (Connection c : toConnect) {
                    c.done = true;
                }
                toConnect.clear();
                if (allQuiet()) {
                    return;
                }
            }
            selector.select(50);
            long now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                Connection c = (Connection) key.attachment();
                if (!key.isValid() || c.done) {
                    continue;
                }
                try {
                    if (key.isConnectable()) {
                        if (c.channel.finishConnect()) {
                            connecting--;
                            c.connected();
                        }
                        continue;
                    }
                    if (key.isReadable()) {
                        c.read(readBuffer);
                    }
                    if (!c.done && key.isValid() && key.isWritable()) {
                        c.flush();
                    }
                } catch (IOException e) {
                    if (c.connectedAt == 0) {
                        connecting--;
                        c.fail("connect to " + address + " failed: " + e);
                    } else {
                        c.ioFailed(e, readBuffer);
                    }
                }
            }
            selector.selectedKeys().clear();
            if (now - lastStallCheck > TimeUnit.MILLISECONDS.toNanos(200)) {
                lastStallCheck = now;
                for (Connection c : connections) {
                    c.checkStall(now, started);
                }
            }
        }
    }

    private boolean allQuiet() {
        for (Connection c : connections) {
            if (!c.done && c.outstanding() > 0) {
                return false;
            }
        }
        return true;
    }

    private void error(String description) {
        errors.incrementAndGet();
        synchronized (firstErrors) {
            if (firstErrors.size() < MAX_RECORDED_ERRORS) {
                firstErrors.add(description);
            }
        }
    }

    private static void recordMax(AtomicLong max, long value) {
        max.accumulateAndGet(value, Math::max);
    }

    /** Message number {@code seq} of connection {@code id}: its own, of varying length, ASCII. */
    public static String message(int id, long seq) {
        StringBuilder s = new StringBuilder(96).append('c').append(id).append(':').append(seq).append(':');
        int padding = (int) ((seq * 7 + id) % 61);
        for (int i = 0; i < padding; i++) {
            s.append((char) ('a' + (id + seq + i) % 26));
        }
        return s.toString();
    }

    /** The number of a {@link #message} of connection {@code id}, or -1 if it is not one. */
    static long sequenceOf(int id, String got) {
        String prefix = "c" + id + ":";
        if (!got.startsWith(prefix)) {
            return -1;
        }
        int end = got.indexOf(':', prefix.length());
        try {
            return Long.parseLong(got.substring(prefix.length(), end < 0 ? got.length() : end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private final class Connection {
        final int id;
        final Exchange.Conversation conversation;
        final Framing.Decoder decoder = framing.decoder();
        SocketChannel channel;
        int localPort;
        long connectStartedAt;
        long connectedAt;
        /** Next line to send, next line whose echo is expected. */
        long nextSeq;
        long expectedSeq;
        final long[] sentAt = new long[inFlight];
        ByteBuffer out = ByteBuffer.allocate(4096).flip();
        volatile boolean done;

        Connection(int id, Exchange.Conversation conversation) {
            this.id = id;
            this.conversation = conversation;
        }

        long outstanding() {
            return nextSeq - expectedSeq;
        }

        boolean connect() throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connectStartedAt = System.nanoTime();
            try {
                if (channel.connect(address)) {
                    return true;
                }
            } catch (IOException e) {
                fail("connect to " + address + " failed: " + e);
                return true;
            }
            channel.register(selector, SelectionKey.OP_CONNECT, this);
            return false;
        }

        void connected() throws IOException {
            if (done) {
                return;
            }
            connectedAt = System.nanoTime();
            localPort = channel.socket().getLocalPort();
            localPorts.add(localPort);
            connected.incrementAndGet();
            SelectionKey key = channel.keyFor(selector);
            if (key == null) {
                channel.register(selector, SelectionKey.OP_READ, this);
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
            topUp();
            flush();
        }

        /** Queues requests until {@code inFlight} are outstanding, unless the run is stopping. */
        void topUp() {
            if (stopping || done) {
                return;
            }
            while (outstanding() < inFlight) {
                byte[] bytes = framing.encode(conversation.request(nextSeq));
                if (out.capacity() - out.remaining() < bytes.length) {
                    ByteBuffer larger = ByteBuffer.allocate(out.capacity() * 2);
                    larger.put(out).flip();
                    out = larger;
                }
                out.compact();
                out.put(bytes);
                out.flip();
                sentAt[(int) (nextSeq % inFlight)] = System.nanoTime();
                nextSeq++;
                linesSent.incrementAndGet();
            }
        }

        void flush() throws IOException {
            if (out.hasRemaining()) {
                channel.write(out);
            }
            SelectionKey key = channel.keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        }

        void read(ByteBuffer buffer) throws IOException {
            buffer.clear();
            int n = channel.read(buffer);
            if (n == -1) {
                endOfStream();
                return;
            }
            buffer.flip();
            consume(buffer);
            if (!done) {
                topUp();
                flush();
            }
        }

        private void consume(ByteBuffer buffer) {
            long now = System.nanoTime();
            while (buffer.hasRemaining() && !done) {
                if (expectedSeq >= nextSeq) {
                    fail("a reply to a request never sent (duplicate?): " + buffer.remaining() + " more byte(s)");
                    return;
                }
                byte[] reply = decoder.next(buffer, framing == Framing.RAW ? conversation.replyLength(expectedSeq) : -1);
                if (reply == null) {
                    return;
                }
                verify(reply, now);
            }
        }

        private void verify(byte[] reply, long now) {
            String wrong = conversation.check(expectedSeq, reply);
            if (wrong != null) {
                fail(wrong);
                return;
            }
            long delay = now - sentAt[(int) (expectedSeq % inFlight)];
            recordMax(maxDelayNanos, delay);
            recordMax(windowMaxDelayNanos, delay);
            expectedSeq++;
            messages.incrementAndGet();
            echoedPerConnection.incrementAndGet(id);
        }

        private void endOfStream() {
            if (serverMayClose && !decoder.hasPartial()) {
                closedByServer.incrementAndGet();
                unansweredAtServerClose.addAndGet(outstanding());
                done = true;
                closeQuietly();
                return;
            }
            fail("end of stream from the server" + (decoder.hasPartial()
                    ? " in the middle of a reply '" + abbreviate(decoder.partialText()) + "'" : "")
                    + " with " + outstanding() + " request(s) in flight");
        }

        /**
         * A read or write failed. A write can fail because the server closed gracefully and
         * answered our next line with a reset: what it sent before its close (its end of
         * stream included) may still be waiting to be read, so read it first.
         */
        void ioFailed(IOException e, ByteBuffer buffer) {
            if (serverMayClose && !(e instanceof ClosedChannelException)) {
                try {
                    while (!done) {
                        buffer.clear();
                        int n = channel.read(buffer);
                        if (n == -1) {
                            endOfStream();
                            return;
                        }
                        if (n == 0) {
                            break;
                        }
                        buffer.flip();
                        consume(buffer);
                    }
                } catch (IOException ignored) {
                    // the reset itself: reported below
                }
                if (done) {
                    return;
                }
            }
            fail("connection error (" + e + ") with " + outstanding() + " request(s) in flight");
        }

        void checkStall(long now, long runStarted) {
            if (done) {
                return;
            }
            if (connectedAt == 0) {
                if (connectStartedAt != 0 && now - connectStartedAt > connectNanos) {
                    fail("not connected within " + TimeUnit.NANOSECONDS.toSeconds(connectNanos) + " s");
                }
                return;
            }
            if (outstanding() > 0 && now - sentAt[(int) (expectedSeq % inFlight)] > stallNanos) {
                fail("lost reply " + expectedSeq + ": none within "
                        + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
            }
        }

        void fail(String what) {
            if (done) {
                return;
            }
            done = true;
            error("connection " + id + " (client port " + localPort + ", " + expectedSeq
                    + " replies verified): " + what);
            closeQuietly();
        }

        void closeQuietly() {
            done = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}

package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.patchbay.api.event.Topics;
import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.EventRecorder;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.TransportTestSupport;

/**
 * No handler can take the server down (issue 12): a handler throwing {@link StackOverflowError}
 * costs only the session it served; a handler that blocks on {@code handler.executor = worker}
 * stalls only its own session; and a required filter whose bundle stops in the middle of a burst
 * of connections lets no connection past it unfiltered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerIsolationIT extends TransportTestSupport {

    private static final String FILTER_BUNDLE = "itest.counting.filter";
    private static final String FILTER_PACKAGE = "dev.patchbay.itests.countingfilter";
    private static final String FILTER_NAME = "counting";
    /** Where the filter bundle is installed from; never a real location. */
    private static final String FILTER_LOCATION = "itest:" + FILTER_BUNDLE;

    private Bundle filterBundle;

    @After
    public void uninstallFilterBundle() throws Exception {
        if (filterBundle != null && filterBundle.getState() != Bundle.UNINSTALLED) {
            filterBundle.uninstall();
        }
        filterBundle = null;
    }

    // ----------------------------------------------------------------------------------
    // 2. StackOverflowError in a handler
    // ----------------------------------------------------------------------------------

    @Test
    public void stackOverflowErrorInAHandlerClosesOnlyItsSession() throws Exception {
        String name = "sof";
        registerHandler("sof-test", new OverflowingHandler());
        int port = freePort();
        writeEndpointFile(name, lineEndpoint(port, "sof-test"));
        awaitEcho(port);
        EventRecorder events = closeAfterTest(EventRecorder.start(bundleContext, Topics.PLUGIN_FAILED));
        long failuresBefore = runtime().status().pluginFailures();

        // More sessions than I/O threads: the victim shares its thread with others.
        int sessions = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            clients.add(closeAfterTest(LineClient.connect(port)));
        }
        for (int i = 0; i < sessions; i++) {
            assertEquals("before " + i, clients.get(i).echo("before " + i));
        }

        int victimIndex = sessions / 2;
        LineClient victim = clients.get(victimIndex);
        int victimPort = victim.localPort();
        victim.send("overflow");
        byte[] received = within(Duration.ofSeconds(20), "the overflowing session closed", victim::readUntilClosedByPeer);
        assertEquals("nothing echoed to the overflowing session: '" + new String(received, UTF_8) + "'", 0, received.length);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < sessions; i++) {
                if (i != victimIndex) {
                    String line = "after " + round + " " + i;
                    assertEquals("session " + i + " still echoes", line, clients.get(i).echo(line));
                }
            }
        }
        try (LineClient fresh = LineClient.connect(port)) {
            assertEquals("a new session echoes", "fresh", fresh.echo("fresh"));
        }

        await("pluginFailures counted").until(() -> runtime().status().pluginFailures() > failuresBefore);
        assertEquals("one failure counted for one throwable", failuresBefore + 1, runtime().status().pluginFailures());

        int warn = awaitLogLine("WARN", "Endpoint " + name + ": handler sof-test", "failed on session",
                ":" + victimPort + "; closing the session");
        List<String> log = logLines();
        String warnAndNext = String.join("\n", log.subList(warn, Math.min(log.size(), warn + 3)));
        assertTrue("the WARN line comes with the StackOverflowError: " + warnAndNext,
                warnAndNext.contains("java.lang.StackOverflowError"));

        await("a PLUGIN_FAILED event for the victim's session").until(() -> events.events(Topics.PLUGIN_FAILED).stream()
                .anyMatch(e -> name.equals(e.get("endpoint")) && String.valueOf(e.get("remote")).endsWith(":" + victimPort)));
        awaitAuditLine("session.closed", field("endpoint", name), field("remote", "127.0.0.1:" + victimPort),
                "\"cause\":\"HANDLER_ERROR\"");
    }

    // ----------------------------------------------------------------------------------
    // 3. handler.executor = worker: a blocking handler stalls only its own session
    // ----------------------------------------------------------------------------------

    @Test
    public void blockingHandlerOnTheWorkerPoolStallsOnlyItsOwnSession() throws Exception {
        Duration block = Duration.ofSeconds(5);
        String name = "worker";
        registerHandler("block-test", new BlockingHandler(block));
        int port = freePort();
        Map<String, String> cfg = lineEndpoint(port, "block-test");
        cfg.put("handler.executor", "worker");
        writeEndpointFile(name, cfg);
        awaitEcho(port);

        int others = Math.max(6, 3 * Runtime.getRuntime().availableProcessors());
        LineClient blocked = closeAfterTest(LineClient.connect(port));
        assertEquals("first", blocked.echo("first"));
        List<RoundTripper> trippers = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            RoundTripper t = closeAfterTest(new RoundTripper(i, closeAfterTest(LineClient.connect(port))));
            trippers.add(t);
        }
        trippers.forEach(RoundTripper::start);
        await("every other session echoing").until(() -> trippers.stream().allMatch(t -> t.roundTrips() >= 3 || t.failure() != null));

        List<String> pipelined = List.of("block", "after 1", "after 2", "after 3", "after 4", "after 5");
        long sent = System.nanoTime();
        blocked.sendAll(pipelined);
        String first = within(Duration.ofSeconds(30), "the blocked line echoed", blocked::readLine);
        long arrived = System.nanoTime();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < pipelined.size(); i++) {
            rest.add(blocked.readLine());
        }
        for (RoundTripper t : trippers) {
            t.close();
        }

        assertEquals("the blocked session's lines in order", pipelined,
                concat(first, rest));
        long blockedMillis = TimeUnit.NANOSECONDS.toMillis(arrived - sent);
        assertTrue("the handler really blocked for about " + block + ": 'block' came back after " + blockedMillis + " ms",
                blockedMillis >= block.toMillis() - 500);
        for (RoundTripper t : trippers) {
            assertEquals("session " + t.index + ": every reply correct and in order", null, t.failure());
            int during = t.roundTripsBetween(sent, arrived);
            System.out.println("worker figure: session " + t.index + ": " + during + " round trips while blocked, slowest "
                    + t.slowestMillis() + " ms");
            assertTrue("session " + t.index + " served while another session's handler blocked: " + during
                    + " round trips in " + blockedMillis + " ms", during >= 20);
            assertTrue("session " + t.index + ": each round trip well under 1 s, slowest " + t.slowestMillis() + " ms",
                    t.slowestMillis() < 1000);
        }
        assertEquals("the blocked session serves on", "last", blocked.echo("last"));
    }

    // ----------------------------------------------------------------------------------
    // 5. A required filter's bundle stopped in the middle of an accept loop
    // ----------------------------------------------------------------------------------

    @Test
    public void requiredFilterBundleStoppedDuringAnAcceptLoopLetsNoConnectionPastUnfiltered() throws Exception {
        String name = "filtered";
        filterBundle = installFilterBundle();
        filterBundle.start();
        Map<Integer, Integer> admitted = admissionsOfCountingFilter();

        int port = freePort();
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("filters", FILTER_NAME);
        writeEndpointFile(name, cfg);
        awaitState(name, EndpointState.LISTENING);
        awaitEcho(port);
        long refusedBefore = endpointInfo(name).connectionsRefused();

        // Several loops, so that connections are in flight at any moment the filter may go.
        List<AcceptLoop> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            loops.add(new AcceptLoop(port, i));
        }
        loops.forEach(l -> closeAfterTest(l).start());
        await("connections echoing through the filter").until(() -> echoed(loops).size() >= 200 || !failures(loops).isEmpty());

        filterBundle.stop();
        awaitState(name, EndpointState.FAIL_CLOSED);
        int refusedAtFailClosed = refused(loops).size();
        await("connections refused while failing closed")
                .until(() -> refused(loops).size() >= refusedAtFailClosed + 100 || !failures(loops).isEmpty());
        for (AcceptLoop l : loops) {
            l.close();
        }

        assertEquals("every connection either echoed or was closed without an echo", List.of(), failures(loops));
        List<Integer> echoed = echoed(loops);
        List<Integer> refused = refused(loops);
        System.out.println("filter figure: " + echoed.size() + " connections echoed, " + refused.size() + " refused");
        assertTrue("connections refused after the filter bundle stopped", refused.size() > 0);
        // Every echo went through the filter: per port, at least as many admissions as echoes.
        Map<Integer, Integer> echoesByPort = new ConcurrentHashMap<>();
        echoed.forEach(p -> echoesByPort.merge(p, 1, Integer::sum));
        List<String> unfiltered = echoesByPort.entrySet().stream()
                .filter(e -> admitted.getOrDefault(e.getKey(), 0) < e.getValue())
                .map(e -> "port " + e.getKey() + ": " + e.getValue() + " echoes, " + admitted.getOrDefault(e.getKey(), 0)
                        + " admissions")
                .collect(Collectors.toList());
        assertEquals("connections echoed without the filter admitting them", List.of(), unfiltered);
        await("the refusals counted by the endpoint").until(() -> endpointInfo(name).connectionsRefused() - refusedBefore,
                n -> n >= refused.size());
        assertEquals("refusals counted by the endpoint, one per refused connection", refused.size(),
                endpointInfo(name).connectionsRefused() - refusedBefore);

        // The bundle back: the endpoint serves through the filter again.
        filterBundle.start();
        awaitState(name, EndpointState.LISTENING);
        Map<Integer, Integer> admittedAgain = admissionsOfCountingFilter();
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("through the filter again", client.echo("through the filter again"));
            assertEquals("the restarted filter admitted the new session", Integer.valueOf(1),
                    admittedAgain.get(client.localPort()));
        }
    }

    // ----------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * Builds a bundle of the classes in {@value #FILTER_PACKAGE} (compiled with the tests, read
     * back from the probe) whose activator registers the {@code counting} filter, and installs it.
     */
    private Bundle installFilterBundle() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, FILTER_BUNDLE);
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        main.putValue(Constants.BUNDLE_ACTIVATOR, FILTER_PACKAGE + ".CountingFilterActivator");
        main.putValue(Constants.IMPORT_PACKAGE, "dev.patchbay.api.filter,dev.patchbay.api.handler,org.osgi.framework");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            for (String simpleName : List.of("CountingFilter", "CountingFilterActivator")) {
                String path = FILTER_PACKAGE.replace('.', '/') + "/" + simpleName + ".class";
                try (InputStream in = HandlerIsolationIT.class.getClassLoader().getResourceAsStream(path)) {
                    assertNotNull("the probe holds " + path, in);
                    out.putNextEntry(new JarEntry(path));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Bundle bundle = bundleContext.installBundle(FILTER_LOCATION, new java.io.ByteArrayInputStream(jar.toByteArray()));
        assertEquals(FILTER_BUNDLE, bundle.getSymbolicName());
        return bundle;
    }

    /** The live admissions-by-port map of the {@code counting} filter the bundle registered. */
    @SuppressWarnings("unchecked")
    private Map<Integer, Integer> admissionsOfCountingFilter() throws Exception {
        String filter = "(" + FilterConstants.FILTER_NAME + "=" + FILTER_NAME + ")";
        ServiceReference<SessionFilter> ref = await("the counting filter service").until(() -> {
            var refs = bundleContext.getServiceReferences(SessionFilter.class, filter);
            return refs.isEmpty() ? null : refs.iterator().next();
        }, r -> r != null);
        assertEquals("registered by the filter bundle", filterBundle.getBundleId(), ref.getBundle().getBundleId());
        SessionFilter service = bundleContext.getService(ref);
        try {
            return ((Supplier<Map<Integer, Integer>>) service).get();
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private static List<Integer> echoed(List<AcceptLoop> loops) {
        return loops.stream().flatMap(l -> l.echoed.stream()).collect(Collectors.toList());
    }

    private static List<Integer> refused(List<AcceptLoop> loops) {
        return loops.stream().flatMap(l -> l.refused.stream()).collect(Collectors.toList());
    }

    private static List<String> failures(List<AcceptLoop> loops) {
        return loops.stream().flatMap(l -> l.failures.stream()).collect(Collectors.toList());
    }

    /** Echoes lines; recurses until {@link StackOverflowError} on the line "overflow". */
    static final class OverflowingHandler implements ProtocolHandler {
        @Override
        public void received(Session session, ByteBuffer frame) {
            if ("overflow".equals(UTF_8.decode(frame.duplicate()).toString())) {
                session.attribute("depth", deeper(0));
            }
            session.write(frame);
        }

        private static long deeper(long depth) {
            return deeper(depth + 1) + 1;
        }
    }

    /** Echoes lines; sleeps before echoing the line "block". */
    static final class BlockingHandler implements ProtocolHandler {
        private final Duration block;

        BlockingHandler(Duration block) {
            this.block = block;
        }

        @Override
        public void received(Session session, ByteBuffer frame) throws InterruptedException {
            if ("block".equals(UTF_8.decode(frame.duplicate()).toString())) {
                Thread.sleep(block.toMillis());
            }
            session.write(frame);
        }
    }

    /**
     * One session doing verified round trips of three pipelined lines each, as fast as they
     * come back, until closed; keeps when each round trip ended and the slowest.
     */
    static final class RoundTripper implements AutoCloseable {
        private final int index;
        private final LineClient client;
        private final Thread thread;
        private final List<Long> ends = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private volatile long slowestNanos;
        private volatile String failure;

        RoundTripper(int index, LineClient client) {
            this.index = index;
            this.client = client;
            this.thread = new Thread(this::run, "itest: round tripper " + index);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            int n = 0;
            try {
                while (running) {
                    List<String> lines = List.of("s" + index + " " + n, "s" + index + " " + (n + 1), "s" + index + " " + (n + 2));
                    n += 3;
                    long start = System.nanoTime();
                    client.sendAll(lines);
                    for (String expected : lines) {
                        String got = client.readLine();
                        if (!expected.equals(got)) {
                            failure = "expected '" + expected + "', got '" + got + "'";
                            return;
                        }
                    }
                    long end = System.nanoTime();
                    slowestNanos = Math.max(slowestNanos, end - start);
                    ends.add(end);
                }
            } catch (IOException e) {
                if (running) {
                    failure = "after " + ends.size() + " round trips: " + e;
                }
            }
        }

        int roundTrips() {
            return ends.size();
        }

        int roundTripsBetween(long from, long to) {
            return (int) ends.stream().filter(t -> t - from >= 0 && t - to <= 0).count();
        }

        long slowestMillis() {
            return TimeUnit.NANOSECONDS.toMillis(slowestNanos);
        }

        String failure() {
            return failure;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(20_000);
        }
    }

    /**
     * Connects as fast as it can, sends one line per connection and sorts each connection by its
     * client port: echoed, refused (closed without an echo), or a failure (anything else).
     */
    static final class AcceptLoop implements AutoCloseable {
        private final int port;
        private final int id;
        private final Thread thread;
        final List<Integer> echoed = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> refused = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;

        AcceptLoop(int port, int id) {
            this.port = port;
            this.id = id;
            this.thread = new Thread(this::run, "itest: accept loop " + id);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            for (int n = 0; running; n++) {
                String line = "loop " + id + " connection " + n;
                LineClient client;
                try {
                    client = LineClient.connect("127.0.0.1", port, Duration.ofSeconds(5), Duration.ofSeconds(10));
                } catch (IOException e) {
                    failures.add("connect " + n + ": " + e);
                    continue;
                }
                int clientPort = client.localPort();
                try (client) {
                    try {
                        client.send(line);
                    } catch (SocketException closedAlready) {
                        refused.add(clientPort);
                        continue;
                    }
                    String reply;
                    try {
                        reply = client.readLine();
                    } catch (SocketTimeoutException e) {
                        failures.add("port " + clientPort + ": neither echoed nor closed within 10 s");
                        continue;
                    } catch (SocketException reset) {
                        refused.add(clientPort);
                        continue;
                    }
                    if (reply == null) {
                        refused.add(clientPort);
                    } else if (reply.equals(line)) {
                        echoed.add(clientPort);
                    } else {
                        failures.add("port " + clientPort + ": got '" + reply + "' for '" + line + "'");
                    }
                } catch (IOException e) {
                    failures.add("port " + clientPort + ": " + e);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(20_000);
        }
    }
}

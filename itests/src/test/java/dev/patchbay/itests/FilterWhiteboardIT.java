package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import dev.patchbay.api.filter.Admission;
import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * Session filters are a whiteboard: an endpoint that requires a filter fails closed until the
 * filter's service registers, serves through it while it is there, and fails closed again when
 * it goes, without touching open sessions. The chain runs in filter order, whatever the order
 * of the endpoint's {@code filters} list; a refusal closes the connection before any byte
 * reaches the handler; a missing optional filter does not fail the endpoint closed.
 *
 * <p>The endpoints here use a handler this test registers, which echoes and records what it
 * sees, so that "nothing reached the handler" can be checked directly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FilterWhiteboardIT extends PatchbaySupport {

    private static final String RECORDER = "itest-recorder";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private RecordingHandler handler;

    @Before
    public void registerRecordingHandler() {
        handler = new RecordingHandler();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HandlerConstants.HANDLER_NAME, RECORDER);
        registrations.add(bundleContext.registerService(ProtocolHandler.class, handler, props));
    }

    @After
    public void unregisterServices() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
        registrations.clear();
    }

    @Test
    public void requiredFilterMissingFailsClosedPresentServesThroughItGoneFailsClosedAgain() throws Exception {
        String name = "guarded";
        int port = freePort();
        writeEndpointFile(name, endpointWithFilters(port, "guard"));

        // Missing: bound, but every new connection is closed at accept.
        EndpointInfo closed = awaitState(name, EndpointState.FAIL_CLOSED);
        assertTrue("the detail names the missing filter: " + closed.detail(), closed.detail().contains("guard"));
        assertEquals(List.of("guard"), closed.filters());
        assertEquals(List.of(), closed.activeFilters());
        assertTrue("the port stays bound while failing closed", isListening(port));
        assertRefusedAtAccept(name, port);
        assertTrue("endpoint-list shows FAIL_CLOSED", lineContaining(executeCommands("patchbay:endpoint-list"),
                loopback(port)).contains("FAIL_CLOSED"));

        // Present: new connections pass through it.
        RecordingFilter guard = new RecordingFilter("guard", Collections.synchronizedList(new ArrayList<>()));
        ServiceRegistration<SessionFilter> registration = register(guard, null);
        EndpointInfo open = awaitState(name, EndpointState.LISTENING);
        assertEquals(List.of("guard"), open.activeFilters());

        try (LineClient client = LineClient.connect(port)) {
            int bytes = 0;
            for (int i = 0; i < 5; i++) {
                String line = "through guard " + i;
                assertEquals(line, client.echo(line));
                bytes += line.length() + 1;
            }
            int clientPort = client.localPort();
            assertEquals("admit() called once for the session", 1, guard.admits(clientPort));
            int sentBytes = bytes;
            await("afterRead() called after each read with its bytes and frames").untilAsserted(() -> {
                assertEquals("bytes reported to afterRead()", sentBytes, guard.afterReadBytes(clientPort));
                assertEquals("frames reported to afterRead()", 5, guard.afterReadFrames(clientPort));
                // One line per write, each after the previous echo: one read per line.
                assertEquals("afterRead() calls, one per read", 5, guard.afterReadCalls(clientPort));
            });

            // Gone: fail closed again; the open session keeps working.
            registration.unregister();
            awaitState(name, EndpointState.FAIL_CLOSED);
            assertRefusedAtAccept(name, port);
            for (int i = 0; i < 3; i++) {
                String line = "after the filter went " + i;
                assertEquals("an existing session keeps working", line, client.echo(line));
            }
        }
    }

    @Test
    public void chainRunsInFilterOrderAndARefusalClosesBeforeAnyByteReachesTheHandler() throws Exception {
        String name = "ordered";
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        RecordingFilter late = new RecordingFilter("late", calls);
        RecordingFilter early = new RecordingFilter("early", calls);
        register(late, 10);
        register(early, -5);
        int port = freePort();
        // Listed in the opposite order of their patchbay.filter.order.
        writeEndpointFile(name, endpointWithFilters(port, "late,early"));

        EndpointInfo info = awaitState(name, EndpointState.LISTENING);
        assertEquals("activeFilters in chain order (lower patchbay.filter.order first)",
                List.of("early", "late"), info.activeFilters());
        assertEquals("filters as configured", List.of("late", "early"), info.filters());

        // Admitted: early runs before late, on admit and after each read.
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("ordered", client.echo("ordered"));
            int clientPort = client.localPort();
            await("both filters saw the read").until(() -> late.afterReadCalls(clientPort) >= 1);
            assertEquals("admit() and afterRead() in chain order",
                    List.of("early admit " + clientPort, "late admit " + clientPort,
                            "early afterRead " + clientPort, "late afterRead " + clientPort),
                    callsOf(calls, clientPort).subList(0, 4));
        }

        // Refused by the later filter: closed, and the handler never sees the session.
        late.refuse("itest: late refuses");
        long refusedBefore = endpoint(name).orElseThrow(AssertionError::new).connectionsRefused();
        int refusedPort = connectSendAndExpectClose(port, "must not reach the handler");
        await("the refusal counted").until(() ->
                endpoint(name).orElseThrow(AssertionError::new).connectionsRefused() > refusedBefore);
        assertEquals("early admitted, then late refused",
                List.of("early admit " + refusedPort, "late admit " + refusedPort), callsOf(calls, refusedPort));
        assertFalse("the handler never saw the refused session (opened)", handler.opened.contains(refusedPort));
        assertFalse("no byte of the refused session reached the handler",
                handler.frames.containsKey(refusedPort));

        // Refused by the first filter: the later one is not asked.
        late.refuse(null);
        early.refuse("itest: early refuses");
        int refusedFirst = connectSendAndExpectClose(port, "must not reach the handler either");
        assertEquals("late is not asked after early refused",
                List.of("early admit " + refusedFirst), callsOf(calls, refusedFirst));
        assertFalse(handler.opened.contains(refusedFirst));
        assertFalse(handler.frames.containsKey(refusedFirst));

        // Both accept again: served.
        early.refuse(null);
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("served again", client.echo("served again"));
        }
    }

    @Test
    public void endpointListShowsTheChainInFilterOrder() throws Exception {
        String name = "listed";
        register(new RecordingFilter("late", Collections.synchronizedList(new ArrayList<>())), 10);
        register(new RecordingFilter("early", Collections.synchronizedList(new ArrayList<>())), -5);
        int port = freePort();
        writeEndpointFile(name, endpointWithFilters(port, "late,early"));
        awaitState(name, EndpointState.LISTENING);

        String row = lineContaining(executeCommands("patchbay:endpoint-list"), loopback(port));
        assertTrue("endpoint-list shows the filter chain in the order it runs, early > late: " + row,
                row.contains("early > late"));
    }

    @Test
    public void missingOptionalFilterDoesNotFailClosedAndJoinsTheChainWhenItArrives() throws Exception {
        String name = "optional";
        int port = freePort();
        writeEndpointFile(name, endpointWithFilters(port, "x?"));

        EndpointInfo info = awaitState(name, EndpointState.LISTENING);
        assertEquals(List.of("x?"), info.filters());
        assertEquals(List.of(), info.activeFilters());
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("without x", client.echo("without x"));
        }

        RecordingFilter x = new RecordingFilter("x", Collections.synchronizedList(new ArrayList<>()));
        ServiceRegistration<SessionFilter> registration = register(x, null);
        await("x joins the chain").until(() ->
                endpoint(name).orElseThrow(AssertionError::new).activeFilters(), List.of("x")::equals);
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("through x", client.echo("through x"));
            assertEquals("x admitted the new session", 1, x.admits(client.localPort()));
        }

        registration.unregister();
        await("x leaves the chain").until(() ->
                endpoint(name).orElseThrow(AssertionError::new).activeFilters().isEmpty());
        assertEquals(EndpointState.LISTENING, endpoint(name).orElseThrow(AssertionError::new).state());
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("without x again", client.echo("without x again"));
        }
    }

    // ----------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------

    private static Map<String, String> endpointWithFilters(int port, String filters) {
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("handler", RECORDER);
        cfg.put("filters", filters);
        return cfg;
    }

    private ServiceRegistration<SessionFilter> register(RecordingFilter filter, Integer order) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(FilterConstants.FILTER_NAME, filter.name);
        if (order != null) {
            props.put(FilterConstants.FILTER_ORDER, order);
        }
        ServiceRegistration<SessionFilter> r = bundleContext.registerService(SessionFilter.class, filter, props);
        registrations.add(r);
        return r;
    }

    /**
     * A new connection is accepted by the kernel and then closed by the endpoint, with nothing
     * echoed and nothing handed to the handler; the endpoint counts it as refused.
     */
    private void assertRefusedAtAccept(String name, int port) throws Exception {
        long before = endpoint(name).orElseThrow(AssertionError::new).connectionsRefused();
        int clientPort = connectSendAndExpectClose(port, "refused");
        await("the refused connection counted in connectionsRefused").until(() ->
                endpoint(name).orElseThrow(AssertionError::new).connectionsRefused() > before);
        assertFalse("the handler never saw the refused connection", handler.opened.contains(clientPort));
        assertFalse("no byte of the refused connection reached the handler", handler.frames.containsKey(clientPort));
    }

    /**
     * Connects, sends a line and waits for the server to close the connection, checking that
     * nothing came back.
     *
     * @return the client's port (the session's remote port)
     */
    private static int connectSendAndExpectClose(int port, String line) throws Exception {
        try (LineClient client = LineClient.connect(port)) {
            try {
                client.send(line);
            } catch (IOException closedAlready) {
                // The endpoint closed the connection before the send: what is tested anyway.
            }
            byte[] received = within(Duration.ofSeconds(20), "the refused connection closed",
                    client::readUntilClosedByPeer);
            assertEquals("nothing echoed on a refused connection: " + new String(received, UTF_8),
                    0, received.length);
            return client.localPort();
        }
    }

    private static List<String> callsOf(List<String> calls, int clientPort) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.endsWith(" " + clientPort)).collect(Collectors.toList());
        }
    }

    private static String lineContaining(String output, String text) {
        Optional<String> line = Arrays.stream(output.split("\\R")).filter(l -> l.contains(text)).findFirst();
        return line.orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + output));
    }

    /** Echoes every frame and records, by client port, the sessions opened and the frames seen. */
    static final class RecordingHandler implements ProtocolHandler {
        final Set<Integer> opened = ConcurrentHashMap.newKeySet();
        final Map<Integer, List<String>> frames = new ConcurrentHashMap<>();

        @Override
        public void opened(Session session) {
            opened.add(session.remoteAddress().getPort());
        }

        @Override
        public void received(Session session, ByteBuffer frame) {
            frames.computeIfAbsent(session.remoteAddress().getPort(), p -> new CopyOnWriteArrayList<>())
                    .add(UTF_8.decode(frame.duplicate()).toString());
            session.write(frame);
        }
    }

    /** Records its calls, by client port, in a list it may share with other filters. */
    static final class RecordingFilter implements SessionFilter {
        final String name;
        private final List<String> calls;
        private final Map<Integer, AtomicLong> admits = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> afterReadCalls = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> afterReadBytes = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> afterReadFrames = new ConcurrentHashMap<>();
        private volatile String refusal;

        RecordingFilter(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        /** Refuse new connections for this reason from now on; {@code null} to accept again. */
        void refuse(String reason) {
            refusal = reason;
        }

        @Override
        public Admission admit(Session session) {
            int port = session.remoteAddress().getPort();
            calls.add(name + " admit " + port);
            count(admits, port, 1);
            String r = refusal;
            return r == null ? Admission.ACCEPT : Admission.refuse(r);
        }

        @Override
        public long afterRead(Session session, int bytes, int frames) {
            int port = session.remoteAddress().getPort();
            calls.add(name + " afterRead " + port);
            count(afterReadCalls, port, 1);
            count(afterReadBytes, port, bytes);
            count(afterReadFrames, port, frames);
            return 0;
        }

        long admits(int port) {
            return get(admits, port);
        }

        long afterReadCalls(int port) {
            return get(afterReadCalls, port);
        }

        long afterReadBytes(int port) {
            return get(afterReadBytes, port);
        }

        long afterReadFrames(int port) {
            return get(afterReadFrames, port);
        }

        private static void count(Map<Integer, AtomicLong> m, int port, long n) {
            m.computeIfAbsent(port, p -> new AtomicLong()).addAndGet(n);
        }

        private static long get(Map<Integer, AtomicLong> m, int port) {
            AtomicLong v = m.get(port);
            return v == null ? 0 : v.get();
        }
    }
}

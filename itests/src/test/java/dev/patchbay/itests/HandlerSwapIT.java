package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.VersionRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.api.runtime.HandlerInfo;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import dev.patchbay.testkit.BundleJars;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.ListenerProbe;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.VerifiedEchoLoad;

/**
 * Live change of protocol handlers under verified load: 200 clients keep numbered lines in
 * flight and check every echo while the echo handler is updated, a newer version is installed
 * beside it, the endpoint is swapped back from the console, a drain-policy endpoint moves to a
 * newer version, and the handler goes away for a moment. No connection may be reset, no line
 * lost, duplicated or reordered, and a fresh connection every 100 ms must be served throughout.
 *
 * <p>The largest reply delay of each kind of swap is printed (a figure, not an assertion).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerSwapIT extends PatchbaySupport {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerSwapIT.class);

    private static final String ECHO_BUNDLE = "patchbay-handler-echo";
    private static final String ECHO_VERSION = "0.1.0.SNAPSHOT";
    private static final String NEWER_VERSION = "0.2.0";
    /** Where bundles this test builds are installed from; never a real location. */
    private static final String TEST_LOCATION_PREFIX = "itest:";

    private static final int CONNECTIONS = 200;
    private static final int IN_FLIGHT = 4;
    /** How long the load runs before and after each change, so that the change happens under load. */
    private static final Duration LOAD_PHASE = Duration.ofSeconds(1);
    /** A line not echoed within this is lost. Longer than any hold in these tests. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(10);
    /** A probe connection may be held while the handler is away. */
    private static final Duration PROBE_READ_TIMEOUT = Duration.ofSeconds(10);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Bundle> installed = new ArrayList<>();

    // ----------------------------------------------------------------------------------
    // (a) bundle:update of the echo handler
    // ----------------------------------------------------------------------------------

    @Test
    public void bundleUpdateOfEchoHandlerUnderLoadLosesNothingAndRefreshesNothingElse() throws Exception {
        int port = echoPort();
        awaitEcho(port);
        Bundle echo = originalEcho();
        long modifiedBefore = echo.getLastModified();
        long runtimeServiceBefore = runtimeServiceId();

        List<String> otherBundleEvents = Collections.synchronizedList(new ArrayList<>());
        SynchronousBundleListener watcher = event -> {
            if (event.getBundle().getBundleId() != echo.getBundleId()) {
                otherBundleEvents.add(event.getBundle().getSymbolicName() + " " + eventName(event.getType()));
            }
        };

        VerifiedEchoLoad load = startLoad(port, false);
        ListenerProbe probe = startProbe(port);
        loadRunsFor(LOAD_PHASE);

        VerifiedEchoLoad.Mark mark = load.mark();
        bundleContext.addBundleListener(watcher);
        try {
            executeCommands("bundle:update " + echo.getBundleId());
            await("the echo bundle active again after bundle:update")
                    .until(() -> echo.getState() == Bundle.ACTIVE);
            awaitServing("echo", ECHO_VERSION);
            awaitEveryConnectionProgressed(load, mark, "bundle:update");
            loadRunsFor(LOAD_PHASE);
        } finally {
            bundleContext.removeBundleListener(watcher);
        }
        Duration delay = mark.maxDelay();

        VerifiedEchoLoad.Result result = stop(load);
        ListenerProbe.Result probed = stop(probe);
        figure("bundle:update " + ECHO_BUNDLE, delay, result, probed);
        assertClean(result, probed);

        assertTrue("the bundle was really updated", echo.getLastModified() > modifiedBefore);
        assertEquals("updating the echo handler refreshed or restarted other bundles: " + otherBundleEvents,
                List.of(), List.copyOf(otherBundleEvents));
        assertEquals("the transport's runtime service is the same one (the transport was not restarted)",
                runtimeServiceBefore, runtimeServiceId());
    }

    // ----------------------------------------------------------------------------------
    // (b) a newer version beside the old one, (c) patchbay:swap back to the old range
    // ----------------------------------------------------------------------------------

    @Test
    public void newerVersionServesNewAndLiveSessionsThenConsoleSwapBackIsSavedToCfg() throws Exception {
        String name = "versions";
        int port = freePort();
        writeEndpointFile(name, echoEndpoint(port));
        awaitEcho(port);
        awaitServing(name, ECHO_VERSION);

        VerifiedEchoLoad load = startLoad(port, false);
        ListenerProbe probe = startProbe(port);
        loadRunsFor(LOAD_PHASE);

        // (b) A newer version installed beside the old one takes over.
        VerifiedEchoLoad.Mark installMark = load.mark();
        Bundle newer = installEchoVersion(NEWER_VERSION);
        awaitServing(name, NEWER_VERSION);
        await("every live session handed over to " + NEWER_VERSION).untilAsserted(() ->
                assertEquals(Map.of(NEWER_VERSION, load.connectionCount()),
                        withoutProbe(endpoint(name).orElseThrow(AssertionError::new), load)));
        try (LineClient fresh = LineClient.connect(port)) {
            assertEquals("a new session", fresh.echo("a new session"));
            assertEquals("a new session is served by the newer version",
                    NEWER_VERSION, awaitSessionOf(name, fresh).handlerVersion());
        }
        awaitEveryConnectionProgressed(load, installMark, "installing " + NEWER_VERSION);

        List<HandlerInfo> echoHandlers = runtime().handlers().stream()
                .filter(h -> h.name().equals("echo")).collect(Collectors.toList());
        assertEquals("both versions installed: " + echoHandlers, List.of(ECHO_VERSION, NEWER_VERSION),
                echoHandlers.stream().map(HandlerInfo::version).collect(Collectors.toList()));
        HandlerInfo newerInfo = echoHandlers.get(1);
        assertEquals(newer.getBundleId(), newerInfo.bundleId());
        assertTrue("the newer version serves new sessions of " + name + ": " + newerInfo,
                newerInfo.servingNew().contains(name));
        assertFalse("the old version no longer serves new sessions of " + name,
                echoHandlers.get(0).servingNew().contains(name));

        String handlerList = executeCommands("patchbay:handler-list");
        String oldRow = lineContaining(handlerList, ECHO_VERSION);
        String newRow = lineContaining(handlerList, NEWER_VERSION);
        assertTrue("handler-list names the handler on both rows:\n" + handlerList,
                oldRow.contains("echo") && newRow.contains("echo"));
        assertTrue("handler-list: the newer version serves " + name + ":\n" + handlerList, newRow.contains(name));
        assertTrue("handler-list: the newer version's bundle id:\n" + handlerList,
                newRow.contains(Long.toString(newer.getBundleId())));
        String endpointList = executeCommands("patchbay:endpoint-list");
        assertTrue("endpoint-list shows " + NEWER_VERSION + " serving " + name + ":\n" + endpointList,
                lineContaining(endpointList, loopback(port)).contains("echo " + NEWER_VERSION));
        loadRunsFor(LOAD_PHASE);
        Duration installDelay = installMark.maxDelay();

        // (c) Back to the old version from the console; the range is saved to the .cfg file.
        VerifiedEchoLoad.Mark swapMark = load.mark();
        String swapped = executeCommands("patchbay:swap " + name + " echo \"[0.1,0.2)\"");
        assertTrue("patchbay:swap reports the version now serving: " + swapped, swapped.contains(ECHO_VERSION));
        awaitServing(name, ECHO_VERSION);
        await("every live session handed over back to " + ECHO_VERSION).untilAsserted(() ->
                assertEquals(Map.of(ECHO_VERSION, load.connectionCount()),
                        withoutProbe(endpoint(name).orElseThrow(AssertionError::new), load)));
        awaitEveryConnectionProgressed(load, swapMark, "patchbay:swap");
        loadRunsFor(LOAD_PHASE);
        Duration swapDelay = swapMark.maxDelay();

        VerifiedEchoLoad.Result result = stop(load);
        ListenerProbe.Result probed = stop(probe);
        figure("newer version " + NEWER_VERSION + " installed beside " + ECHO_VERSION + " (handover)",
                installDelay, result, probed);
        figure("patchbay:swap " + name + " echo [0.1,0.2) (handover)", swapDelay, result, probed);
        assertClean(result, probed);

        assertTrue("the newer version stays installed, serving nothing", newer.getState() == Bundle.ACTIVE);
        await("handler.version written back to " + endpointFile(name).getFileName()).untilAsserted(() -> {
            Properties saved = new Properties();
            try (Reader in = Files.newBufferedReader(endpointFile(name), UTF_8)) {
                saved.load(in);
            }
            String range = saved.getProperty("handler.version");
            assertNotNull("no handler.version in " + endpointFile(name) + ": " + saved, range);
            assertEquals(VersionRange.valueOf("[0.1,0.2)"), VersionRange.valueOf(range.trim()));
            assertEquals("echo", saved.getProperty("handler", "").trim());
        });
    }

    // ----------------------------------------------------------------------------------
    // (d) drain policy: old sessions stay on the old version, then close gracefully
    // ----------------------------------------------------------------------------------

    @Test
    public void drainPolicyKeepsOldSessionsOnOldVersionThenClosesThemGracefully() throws Exception {
        String name = "drained";
        int drainTimeoutSeconds = 4;
        int port = freePort();
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("swap.policy", "drain");
        cfg.put("drain.timeout", Integer.toString(drainTimeoutSeconds));
        writeEndpointFile(name, cfg);
        awaitEcho(port);
        awaitServing(name, ECHO_VERSION);
        assertEquals("drain", endpoint(name).orElseThrow(AssertionError::new).swapPolicy());

        VerifiedEchoLoad load = startLoad(port, true);
        ListenerProbe probe = startProbe(port);
        loadRunsFor(LOAD_PHASE);
        Set<Integer> oldPorts = load.localPorts();

        VerifiedEchoLoad.Mark mark = load.mark();
        long swapStarted = System.nanoTime();
        installEchoVersion(NEWER_VERSION);
        awaitServing(name, NEWER_VERSION);

        // During drain.timeout: the old sessions stay on the old version and are served.
        try (LineClient fresh = LineClient.connect(port)) {
            assertEquals("new session", fresh.echo("new session"));
            assertEquals("a new session is served by the newer version",
                    NEWER_VERSION, awaitSessionOf(name, fresh).handlerVersion());
            Map<String, Long> oldSessionVersions = versionsOf(name, oldPorts);
            assertEquals("the sessions opened before the swap stay on " + ECHO_VERSION,
                    Map.of(ECHO_VERSION, (long) CONNECTIONS), oldSessionVersions);
            EndpointInfo during = endpoint(name).orElseThrow(AssertionError::new);
            assertTrue("sessionsByVersion counts the old sessions on " + ECHO_VERSION + ": " + during.sessionsByVersion(),
                    during.sessionsByVersion().getOrDefault(ECHO_VERSION, 0) >= CONNECTIONS);
            assertTrue("sessionsByVersion counts the new session on " + NEWER_VERSION + ": " + during.sessionsByVersion(),
                    during.sessionsByVersion().getOrDefault(NEWER_VERSION, 0) >= 1);
            awaitEveryConnectionProgressed(load, mark, "the swap to " + NEWER_VERSION + " (drain)");
            assertEquals("no old session was closed before its drain.timeout", 0, load.closedByServer());
            assertEquals("the old sessions still on " + ECHO_VERSION + " after being served on",
                    Map.of(ECHO_VERSION, (long) CONNECTIONS), versionsOf(name, oldPorts));
            Duration servedDelay = mark.maxDelay();

            // After drain.timeout: every old session closed gracefully, after its echoes.
            await("every old session closed by the server after drain.timeout")
                    .atMost(Duration.ofSeconds(drainTimeoutSeconds + 20))
                    .failFast("load errors", () -> assertNoLoadErrors(load))
                    .until(() -> load.closedByServer() == CONNECTIONS);
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - swapStarted);
            assertTrue("old sessions closed only after drain.timeout=" + drainTimeoutSeconds + " s, not after "
                    + closedAfter.toMillis() + " ms", closedAfter.toMillis() >= drainTimeoutSeconds * 1000L - 250);

            VerifiedEchoLoad.Result result = stop(load);
            ListenerProbe.Result probed = stop(probe);
            figure("swap to " + NEWER_VERSION + " with swap.policy=drain (old sessions served until drain.timeout)",
                    servedDelay, result, probed);
            assertClean(result, probed);
            assertEquals("every old session ended with an end of stream, none with a reset",
                    CONNECTIONS, result.closedByServer());

            // The new session was not drained.
            assertEquals("new session after the drain", fresh.echo("new session after the drain"));
            await("no session left on " + ECHO_VERSION).until(() ->
                    !endpoint(name).orElseThrow(AssertionError::new).sessionsByVersion().containsKey(ECHO_VERSION));
            assertEquals(NEWER_VERSION, awaitSessionOf(name, fresh).handlerVersion());
        }
    }

    // ----------------------------------------------------------------------------------
    // (e) hold: the handler goes away and comes back within handler.wait.timeout
    // ----------------------------------------------------------------------------------

    @Test
    public void sessionsAreHeldWhileHandlerIsStoppedAndResumeWhenItStarts() throws Exception {
        int port = echoPort();
        awaitEcho(port);
        awaitServing(ECHO_ENDPOINT, ECHO_VERSION);
        Bundle echo = originalEcho();

        VerifiedEchoLoad load = startLoad(port, false);
        ListenerProbe probe = startProbe(port);
        loadRunsFor(LOAD_PHASE);

        VerifiedEchoLoad.Mark mark = load.mark();
        long stoppedAt = System.nanoTime();
        echo.stop();
        List<LineClient> heldClients = new ArrayList<>();
        try {
            await("the endpoint waiting for its handler").untilAsserted(() -> assertEquals(
                    EndpointState.WAITING_FOR_HANDLER, endpoint(ECHO_ENDPOINT).orElseThrow(AssertionError::new).state()));
            // New connections while no handler: accepted (the port stays bound) and held.
            for (int i = 0; i < 3; i++) {
                LineClient client = LineClient.connect(port);
                heldClients.add(client);
                client.send("held-" + i);
            }
            await("sessions shown as held").until(() ->
                    endpoint(ECHO_ENDPOINT).orElseThrow(AssertionError::new).sessionsByVersion().getOrDefault("held", 0) > 0);
            // The load keeps lines in flight on every open session while the handler is away.
            loadRunsFor(LOAD_PHASE);

            echo.start();
            Duration away = Duration.ofNanos(System.nanoTime() - stoppedAt);
            assertTrue("the handler came back within handler.wait.timeout (5 s): away " + away.toMillis() + " ms",
                    away.compareTo(Duration.ofSeconds(5)) < 0);
            awaitServing(ECHO_ENDPOINT, ECHO_VERSION);
            for (int i = 0; i < heldClients.size(); i++) {
                assertEquals("a connection accepted while no handler was there is served",
                        "held-" + i, heldClients.get(i).readLine());
            }
            awaitEveryConnectionProgressed(load, mark, "the handler came back");
            loadRunsFor(LOAD_PHASE);
        } finally {
            for (LineClient client : heldClients) {
                client.close();
            }
        }
        Duration delay = mark.maxDelay();

        VerifiedEchoLoad.Result result = stop(load);
        ListenerProbe.Result probed = stop(probe);
        figure("hold: echo bundle stopped for about " + LOAD_PHASE.toMillis() + " ms, then started", delay, result, probed);
        assertClean(result, probed);
        assertFalse("no held session left", endpoint(ECHO_ENDPOINT).orElseThrow(AssertionError::new)
                .sessionsByVersion().containsKey("held"));
    }

    @Test
    public void heldSessionsAreClosedWhenNoHandlerArrivesWithinHandlerWaitTimeout() throws Exception {
        String name = "shortwait";
        int waitSeconds = 2;
        int port = freePort();
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("handler.wait.timeout", Integer.toString(waitSeconds));
        writeEndpointFile(name, cfg);
        awaitEcho(port);
        Bundle echo = originalEcho();

        try (LineClient live = LineClient.connect(port)) {
            assertEquals("before", live.echo("before"));
            int logLinesBefore = logLines().size();

            echo.stop();
            await("the endpoint waiting for its handler").untilAsserted(() -> assertEquals(
                    EndpointState.WAITING_FOR_HANDLER, endpoint(name).orElseThrow(AssertionError::new).state()));

            // A connection accepted while there is no handler: held, then closed at the timeout.
            try (LineClient fresh = LineClient.connect(port)) {
                fresh.send("never answered");
                long sent = System.nanoTime();
                byte[] received = within(Duration.ofSeconds(waitSeconds + 20), "the held new connection closed",
                        fresh::readUntilClosedByPeer);
                long closedAfterMs = (System.nanoTime() - sent) / 1_000_000;
                assertEquals("no echo on the held new connection: " + new String(received, UTF_8), 0, received.length);
                assertTrue("held for handler.wait.timeout=" + waitSeconds + " s before the close, not " + closedAfterMs + " ms",
                        closedAfterMs >= waitSeconds * 1000L - 250);
            }

            // A live session that sends while there is no handler: held, then closed at the timeout.
            live.send("sent while no handler");
            byte[] received = within(Duration.ofSeconds(waitSeconds + 20), "the held live session closed",
                    live::readUntilClosedByPeer);
            assertEquals("no echo on the held live session: " + new String(received, UTF_8), 0, received.length);

            List<String> closes = await("a WARN line per held session closing it, naming handler.wait.timeout").until(() ->
                    logLines().stream().skip(logLinesBefore)
                            .filter(l -> l.contains("WARN") && l.contains(name) && l.contains("closing session"))
                            .collect(Collectors.toList()), l -> l.size() >= 2);
            for (String line : closes) {
                assertTrue("the log line names the timeout and its value: " + line,
                        line.contains("handler.wait.timeout=" + waitSeconds));
            }
        } finally {
            echo.start();
        }
        awaitServing(name, ECHO_VERSION);
        awaitEcho(port);
    }

    // ----------------------------------------------------------------------------------
    // Cleanup
    // ----------------------------------------------------------------------------------

    @After
    public void stopLoadUninstallBundlesRestoreEcho() throws Exception {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("stopping " + c + ": " + e);
            }
        }
        running.clear();
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        installed.clear();
        Bundle echo = originalEcho();
        if (echo.getState() != Bundle.ACTIVE) {
            echo.start();
        }
        await("only the original echo handler installed").until(() -> runtime().handlers().stream()
                .filter(h -> h.name().equals("echo")).map(HandlerInfo::version).collect(Collectors.toList()),
                versions -> versions.equals(List.of(ECHO_VERSION)));
        awaitServing(ECHO_ENDPOINT, ECHO_VERSION);
    }

    // ----------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------

    private VerifiedEchoLoad startLoad(int port, boolean serverMayClose) throws Exception {
        VerifiedEchoLoad load = VerifiedEchoLoad.start(port, CONNECTIONS, IN_FLIGHT, serverMayClose, STALL_TIMEOUT);
        running.add(load);
        await("all " + CONNECTIONS + " load connections echoing on " + loopback(port))
                .atMost(Duration.ofSeconds(60))
                .failFast("load errors", () -> assertNoLoadErrors(load))
                .until(() -> load.connectionsServed() == CONNECTIONS);
        return load;
    }

    private ListenerProbe startProbe(int port) {
        ListenerProbe probe = ListenerProbe.start(port, PROBE_READ_TIMEOUT);
        running.add(probe);
        return probe;
    }

    private static VerifiedEchoLoad.Result stop(VerifiedEchoLoad load) throws Exception {
        return load.stop();
    }

    private static ListenerProbe.Result stop(ListenerProbe probe) throws Exception {
        return probe.stop();
    }

    /**
     * Lets the load run: this is the load's duration around a change, so that the change
     * happens while lines are in flight, not a wait for anything.
     */
    private static void loadRunsFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private static void assertNoLoadErrors(VerifiedEchoLoad load) {
        assertEquals("load errors: " + load.firstErrors(), 0, load.errors());
    }

    private void awaitEveryConnectionProgressed(VerifiedEchoLoad load, VerifiedEchoLoad.Mark mark, String after) {
        await("every load connection echoed again after " + after)
                .failFast("load errors", () -> assertNoLoadErrors(load))
                .untilAsserted(() -> {
                    List<Integer> stalled = mark.stalledLocalPorts();
                    assertEquals("connections with no echo since " + after + " (client ports "
                            + stalled.subList(0, Math.min(10, stalled.size())) + ")",
                            load.connectionCount(), mark.connectionsProgressed());
                });
    }

    private static void assertClean(VerifiedEchoLoad.Result result, ListenerProbe.Result probed) {
        assertEquals("verified load: connection errors or lost/duplicated/reordered replies: " + result.summary(),
                0, result.errors());
        assertTrue("verified load carried messages: " + result.summary(), result.messages() > 0);
        assertEquals("listener probe failures: " + probed.summary(), 0, probed.failures());
        assertTrue("the listener probe ran: " + probed.summary(), probed.probes() > 0);
    }

    private static void figure(String kind, Duration delay, VerifiedEchoLoad.Result result, ListenerProbe.Result probed) {
        String line = "[patchbay swap figure] " + kind + ": largest reply delay " + delay.toMillis()
                + " ms during the change; whole run: " + result.summary() + "; " + probed.summary();
        System.out.println(line);
        LOG.info(line);
    }

    private void awaitServing(String endpoint, String version) {
        await("endpoint " + endpoint + " serving new sessions with handler version " + version).untilAsserted(() -> {
            EndpointInfo info = endpoint(endpoint).orElseThrow(() -> new AssertionError("no endpoint " + endpoint));
            assertEquals(info.toString(), version, info.handlerVersion());
            assertEquals(info.toString(), EndpointState.LISTENING, info.state());
        });
    }

    /** The endpoint's sessions by handler version, the load's only. */
    private Map<String, Integer> withoutProbe(EndpointInfo info, VerifiedEchoLoad load) {
        Set<Integer> ports = load.localPorts();
        return runtime().sessions(info.name()).stream()
                .filter(s -> ports.contains(remotePort(s)))
                .collect(Collectors.groupingBy(s -> String.valueOf(s.handlerVersion()),
                        Collectors.summingInt(s -> 1)));
    }

    /** Handler versions of the endpoint's sessions whose client ports are given. */
    private Map<String, Long> versionsOf(String endpoint, Set<Integer> clientPorts) {
        return runtime().sessions(endpoint).stream()
                .filter(s -> clientPorts.contains(remotePort(s)))
                .collect(Collectors.groupingBy(s -> String.valueOf(s.handlerVersion()), Collectors.counting()));
    }

    private static int remotePort(SessionInfo s) {
        String remote = s.remote();
        if (remote == null) {
            return -1;
        }
        try {
            return Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private long runtimeServiceId() {
        runtime();
        ServiceReference<TransportRuntime> ref = bundleContext.getServiceReference(TransportRuntime.class);
        assertNotNull(ref);
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    /** The echo handler bundle the distribution installed (not one this test built). */
    private Bundle originalEcho() {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> ECHO_BUNDLE.equals(b.getSymbolicName()))
                .filter(b -> !b.getLocation().startsWith(TEST_LOCATION_PREFIX))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + ECHO_BUNDLE));
    }

    /**
     * Builds a copy of the echo handler bundle with another Bundle-Version, installs it beside
     * the original and starts it.
     */
    private Bundle installEchoVersion(String version) throws Exception {
        Bundle echo = originalEcho();
        byte[] jar = BundleJars.withBundleVersion(BundleJars.jarOf(echo), version);
        Bundle copy = bundleContext.installBundle(TEST_LOCATION_PREFIX + ECHO_BUNDLE + "/" + version,
                new ByteArrayInputStream(jar));
        installed.add(copy);
        assertEquals(ECHO_BUNDLE, copy.getSymbolicName());
        assertEquals(version, copy.getVersion().toString());
        copy.start();
        return copy;
    }

    private static String lineContaining(String output, String text) {
        Optional<String> line = Arrays.stream(output.split("\\R")).filter(l -> l.contains(text)).findFirst();
        return line.orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + output));
    }

    private static String eventName(int type) {
        switch (type) {
            case BundleEvent.INSTALLED: return "INSTALLED";
            case BundleEvent.RESOLVED: return "RESOLVED";
            case BundleEvent.STARTING: return "STARTING";
            case BundleEvent.STARTED: return "STARTED";
            case BundleEvent.STOPPING: return "STOPPING";
            case BundleEvent.STOPPED: return "STOPPED";
            case BundleEvent.UPDATED: return "UPDATED";
            case BundleEvent.UNRESOLVED: return "UNRESOLVED";
            case BundleEvent.UNINSTALLED: return "UNINSTALLED";
            case BundleEvent.LAZY_ACTIVATION: return "LAZY_ACTIVATION";
            default: return "event " + type;
        }
    }
}

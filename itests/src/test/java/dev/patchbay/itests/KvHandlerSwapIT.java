package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.testkit.BundleJars;
import dev.patchbay.testkit.Framing;
import dev.patchbay.testkit.KitSettings;
import dev.patchbay.testkit.PatchbayOptions;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.VerifiedLoad;

/**
 * The key-value example handler ({@code examples/handler-kv}) swapped under verified load between
 * two versions whose session state has different shapes: release 0.0.1 (built here from
 * {@code dev.patchbay.itests.kvv1}, state shape 1) serves the endpoint first; {@code patchbay:swap}
 * moves it to the current version (shape 2), which migrates each live session's state in
 * {@code handedOver}; then {@code bundle:update} of the current version holds and resumes the
 * sessions. Concurrent clients check every reply (request ids, values, revisions, counts), so
 * a lost, duplicated or reordered reply, or state not carried over, fails the test; their STAT
 * replies show each session's state shape before and after.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KvHandlerSwapIT extends PatchbaySupport {

    private static final String KV_BUNDLE = "patchbay-handler-kv";
    private static final String OLD_VERSION = "0.0.1";
    private static final String OLD_PACKAGE = "dev.patchbay.itests.kvv1";
    private static final List<String> OLD_CLASSES = List.of("KvHandlerV1", "KvHandlerV1Activator");
    private static final String ENDPOINT = "kvswap";

    private static final int CONNECTIONS = 32;
    private static final int IN_FLIGHT = 4;
    /** A reply not back within this is lost. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(10);
    /** How long the load runs after each change, so that the next one also happens under load. */
    private static final Duration LOAD_PHASE = Duration.ofSeconds(1);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Bundle> installed = new ArrayList<>();

    /** The current version of the example, as a handler project would install its own bundle. */
    @Override
    protected Option[] additionalOptions() {
        return new Option[] {PatchbayOptions.mavenBundleOf("dev.patchbay", KV_BUNDLE, KitSettings.patchbayVersion())};
    }

    @Test
    public void swapBetweenStateShapesUnderLoadLosesNoReplyAndCarriesTheStateOver() throws Exception {
        Bundle current = awaitBundleState(KV_BUNDLE, Bundle.ACTIVE);
        String currentVersion = current.getVersion().toString();
        Bundle old = installBundle("itest:" + KV_BUNDLE + "/" + OLD_VERSION, oldReleaseJar());
        installed.add(old);
        assertEquals(OLD_VERSION, old.getVersion().toString());

        int port = freePort();
        Map<String, String> cfg = endpointSettings(port, "length-prefixed", "kv");
        cfg.put("handler.version", "[0.0,0.1)");
        cfg.put("max.frame.size", "65536");
        writeEndpointFile(ENDPOINT, cfg);
        awaitServing(OLD_VERSION);

        KvExchange kv = new KvExchange();
        VerifiedLoad load = VerifiedLoad.start(port, Framing.LENGTH_PREFIXED, kv, CONNECTIONS, IN_FLIGHT, false,
                STALL_TIMEOUT);
        running.add(load);
        await("every connection served by " + OLD_VERSION + ", its STAT in state shape 1")
                .atMost(Duration.ofSeconds(60))
                .failFast("load errors", () -> assertNoErrors(load))
                .until(() -> kv.connectionsReporting(1) == CONNECTIONS);

        // Release 0.0.1 to the current version, from the console: every live session is handed
        // over between two requests and its state migrated from shape 1 to shape 2.
        VerifiedLoad.Mark swapMark = load.mark();
        String printed = swapHandler(ENDPOINT, "kv", "[0.1,1)");
        assertTrue("patchbay:swap names the version now serving: " + printed, printed.contains(currentVersion));
        awaitServing(currentVersion);
        await("every live session handed over, its STAT now in state shape 2")
                .failFast("load errors", () -> assertNoErrors(load))
                .until(() -> kv.connectionsReporting(2) == CONNECTIONS);
        await("every session of " + ENDPOINT + " served by " + currentVersion).untilAsserted(() ->
                assertEquals(Map.of(currentVersion, (long) CONNECTIONS), sessionsByVersion()));
        loadRunsFor(LOAD_PHASE);
        Duration swapDelay = swapMark.maxDelay();

        // bundle:update of the current version: sessions are held while the bundle restarts,
        // then handed over to the new build in the same shape; nothing to migrate, nothing lost.
        VerifiedLoad.Mark updateMark = load.mark();
        updateBundleFromConsole(current, BundleJars.jarOf(current));
        awaitServing(currentVersion);
        await("every connection answered again after bundle:update")
                .failFast("load errors", () -> assertNoErrors(load))
                .until(() -> updateMark.connectionsProgressed() == CONNECTIONS);
        loadRunsFor(LOAD_PHASE);
        Duration updateDelay = updateMark.maxDelay();
        assertEquals("every session still open, on " + currentVersion, Map.of(currentVersion, (long) CONNECTIONS),
                sessionsByVersion());

        VerifiedLoad.Result result = load.stop();
        System.out.println("[patchbay swap figure] kv " + OLD_VERSION + " (state shape 1) -> " + currentVersion
                + " (shape 2) by patchbay:swap: largest reply delay " + swapDelay.toMillis() + " ms; then bundle:update: "
                + updateDelay.toMillis() + " ms; whole run: " + result.summary());
        assertEquals("verified kv load: lost, reordered or wrong replies, or connections cut: " + result.summary(),
                0, result.errors());
        assertTrue("the load carried requests: " + result.summary(), result.messages() > 0);
        List<List<Integer>> shapes = kv.shapesSeen();
        assertTrue("every session reported shape 1, then shape 2, and never went back: " + shapes,
                shapes.size() == CONNECTIONS && shapes.stream().allMatch(s -> s.equals(List.of(1, 2))));
    }

    @After
    public void stopLoadAndUninstallTheOldRelease() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
        running.clear();
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        installed.clear();
    }

    /**
     * Release 0.0.1 of the handler as a bundle: the classes of {@value #OLD_PACKAGE} (compiled
     * with the tests, read back from the probe), registered by their activator as handler
     * {@code kv}, with the example's symbolic name and an older version.
     */
    private static byte[] oldReleaseJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, KV_BUNDLE);
        main.putValue(Constants.BUNDLE_VERSION, OLD_VERSION);
        main.putValue(Constants.BUNDLE_ACTIVATOR, OLD_PACKAGE + ".KvHandlerV1Activator");
        main.putValue(Constants.IMPORT_PACKAGE, "dev.patchbay.api.handler;version=\"[1.0,2)\",org.osgi.framework");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            for (String simpleName : OLD_CLASSES) {
                String path = OLD_PACKAGE.replace('.', '/') + "/" + simpleName + ".class";
                try (InputStream in = KvHandlerSwapIT.class.getClassLoader().getResourceAsStream(path)) {
                    assertNotNull("the probe holds " + path, in);
                    out.putNextEntry(new JarEntry(path));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar.toByteArray();
    }

    private void awaitServing(String version) {
        await("endpoint " + ENDPOINT + " serving new sessions with kv " + version).untilAsserted(() -> {
            EndpointInfo info = endpointInfo(ENDPOINT);
            assertEquals(info.toString(), version, info.handlerVersion());
            assertEquals(info.toString(), EndpointState.LISTENING, info.state());
        });
    }

    private Map<String, Long> sessionsByVersion() {
        return runtime().sessions(ENDPOINT).stream()
                .collect(Collectors.groupingBy(s -> String.valueOf(s.handlerVersion()), Collectors.counting()));
    }

    private static void assertNoErrors(VerifiedLoad load) {
        assertEquals("verified kv load: lost, reordered or wrong replies, or connections cut: " + load.firstErrors(),
                0, load.errors());
    }

    /**
     * Lets the load run: the load's duration around a change, so that the change happens while
     * requests are in flight, not a wait for anything.
     */
    private static void loadRunsFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}

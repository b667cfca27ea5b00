package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * Endpoints follow their configuration while the server runs: a file in {@code etc/}, a
 * console {@code config:*} edit, and a refused bad value.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EndpointConfigIT extends PatchbaySupport {

    /** The promise is two seconds; a little slack for a busy 2-core machine. */
    private static final Duration CONFIG_TAKES_EFFECT = Duration.ofSeconds(10);

    @Test
    public void newFileStartsListenerAndDeletingItClosesIt() throws Exception {
        int port = freePort();
        assertFalse(isListening(port));

        writeEndpointFile("created", echoEndpoint(port));
        awaitEcho(port, CONFIG_TAKES_EFFECT);

        EndpointInfo created = endpoint("created").orElseThrow(AssertionError::new);
        assertEquals(EndpointState.LISTENING, created.state());
        assertEquals(loopback(port), created.address());
        assertTrue(created.source(), created.source().contains("dev.patchbay.endpoint-created.cfg"));

        deleteEndpointFile("created");
        await("listener closed after its file was deleted").atMost(CONFIG_TAKES_EFFECT)
                .until(() -> !isListening(port));
        await("endpoint gone from the runtime").until(() -> endpoint("created").isEmpty());
    }

    @Test
    public void editedPortMovesListenerAndOpenSessionKeepsWorking() throws Exception {
        int oldPort = freePort();
        int newPort = freePort();
        writeEndpointFile("moving", echoEndpoint(oldPort));
        awaitEcho(oldPort, CONFIG_TAKES_EFFECT);

        try (LineClient open = LineClient.connect(oldPort)) {
            assertEquals("before the move", open.echo("before the move"));

            writeEndpointFile("moving", echoEndpoint(newPort));

            awaitEcho(newPort, CONFIG_TAKES_EFFECT);
            await("old address unbound").atMost(CONFIG_TAKES_EFFECT)
                    .until(() -> !isListening(oldPort));
            await("the runtime shows the new address").untilAsserted(() -> assertEquals(
                    loopback(newPort), endpoint("moving").orElseThrow(AssertionError::new).address()));
            assertEquals("after the move", open.echo("after the move"));
            assertEquals("still after the move", open.echo("still after the move"));
        }
    }

    @Test
    public void consoleConfigEditMovesEndpointAndConfigDeleteClosesIt() throws Exception {
        int oldPort = freePort();
        int newPort = freePort();
        writeEndpointFile("console", echoEndpoint(oldPort));
        awaitEcho(oldPort, CONFIG_TAKES_EFFECT);
        String pid = awaitPidOfEndpointFile("console");

        try (LineClient open = LineClient.connect(oldPort)) {
            assertEquals("before", open.echo("before"));

            executeCommands(
                    "config:edit " + pid,
                    "config:property-set port " + newPort,
                    "config:update");

            awaitEcho(newPort, CONFIG_TAKES_EFFECT);
            await("old address unbound").atMost(CONFIG_TAKES_EFFECT)
                    .until(() -> !isListening(oldPort));
            assertEquals("after", open.echo("after"));
        }
        // Karaf writes the change back to the file, so a restart keeps it.
        await("the new port written back to the file").until(() ->
                Files.readAllLines(endpointFile("console")).stream()
                        .anyMatch(l -> l.replace(" ", "").equals("port=" + newPort)));

        executeCommands("config:delete " + pid);
        await("listener closed after config:delete").atMost(CONFIG_TAKES_EFFECT)
                .until(() -> !isListening(newPort));
        await("endpoint gone from the runtime").until(() -> endpoint("console").isEmpty());
    }

    @Test
    public void outOfRangePortIsRefusedLoggedAndLastGoodPortKeepsServing() throws Exception {
        int port = freePort();
        writeEndpointFile("guarded", echoEndpoint(port));
        awaitEcho(port, CONFIG_TAKES_EFFECT);

        try (LineClient open = LineClient.connect(port)) {
            assertEquals("before", open.echo("before"));

            Map<String, String> bad = echoEndpoint(port);
            bad.put("port", "70000");
            writeEndpointFile("guarded", bad);

            List<String> refusals = await("a WARN line refusing port 70000 in the log")
                    .atMost(CONFIG_TAKES_EFFECT)
                    .until(EndpointConfigIT::refusalLines, lines -> !lines.isEmpty());
            String refusal = refusals.get(0);
            assertTrue("names the PID or the file: " + refusal,
                    refusal.contains("dev.patchbay.endpoint"));
            assertTrue("names the key: " + refusal, refusal.contains("port"));
            assertTrue("names the accepted range: " + refusal,
                    Pattern.compile("\\b65535\\b").matcher(refusal).find());

            // The last good configuration keeps serving: the open session and new ones.
            assertEquals("after", open.echo("after"));
            awaitEcho(port);
            EndpointInfo guarded = endpoint("guarded").orElseThrow(AssertionError::new);
            assertEquals(loopback(port), guarded.address());
            assertEquals(EndpointState.LISTENING, guarded.state());

            assertEquals("one refusal, logged once: " + refusalLines(), 1, refusalLines().size());
        }
    }

    /** WARN lines of the log that mention the bad value. */
    private static List<String> refusalLines() {
        return logLines().stream()
                .filter(l -> l.contains("WARN") && l.contains("70000"))
                .collect(Collectors.toList());
    }
}

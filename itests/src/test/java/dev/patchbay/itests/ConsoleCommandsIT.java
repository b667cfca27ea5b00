package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.patchbay.api.runtime.SessionInfo;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * The {@code patchbay:*} console commands an operator uses on a running server.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleCommandsIT extends PatchbaySupport {

    @Test
    public void endpointListShowsEchoEndpointWithAddressAndState() throws Exception {
        int port = echoPort();
        awaitEcho(port);

        String listing = executeCommands("patchbay:endpoint-list");

        String row = lineContaining(listing, loopback(port));
        assertTrue("the echo endpoint's row names it: " + listing, row.contains(ECHO_ENDPOINT));
        assertTrue("the echo endpoint's row shows its state: " + listing, row.contains("LISTENING"));
    }

    @Test
    public void sessionListShowsOpenSessionAndSessionCloseClosesIt() throws Exception {
        int port = echoPort();
        awaitEcho(port);

        try (LineClient client = LineClient.connect(port)) {
            assertEquals("hello", client.echo("hello"));
            SessionInfo session = awaitSessionOf(ECHO_ENDPOINT, client);
            String clientAddress = ":" + client.localPort();

            String ofEcho = executeCommands("patchbay:session-list " + ECHO_ENDPOINT);
            String row = lineContaining(ofEcho, clientAddress);
            assertTrue("the session's row shows its id " + session.id() + ": " + ofEcho,
                    Pattern.compile("\\b" + session.id() + "\\b").matcher(row).find());
            String ofAll = executeCommands("patchbay:session-list");
            lineContaining(ofAll, clientAddress);

            executeCommands("patchbay:session-close " + session.id());

            byte[] received = client.readUntilClosedByPeer();
            assertEquals("nothing more after the close: " + new String(received, UTF_8),
                    0, received.length);
            await("the session gone from the runtime").until(() ->
                    runtime().sessions(ECHO_ENDPOINT).stream().noneMatch(s -> s.id() == session.id()));
            String after = executeCommands("patchbay:session-list " + ECHO_ENDPOINT);
            assertFalse("closed session no longer listed: " + after, after.contains(clientAddress));
        }

        // The endpoint itself is untouched.
        try (LineClient other = LineClient.connect(port)) {
            assertEquals("still echoing", other.echo("still echoing"));
        }
    }

    private static String lineContaining(String output, String text) {
        Optional<String> line = Arrays.stream(output.split("\\R")).filter(l -> l.contains(text)).findFirst();
        return line.orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + output));
    }
}

package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * Stopping the transport bundle is a clean shutdown of its listeners and sessions, and
 * starting it again brings the configured endpoints back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportStopIT extends PatchbaySupport {

    private static final int LINES = 200;

    @Test
    public void stoppingTransportDeliversPendingEchoesThenClosesAndStartingRestoresEndpoint()
            throws Exception {
        int port = echoPort();
        awaitEcho(port);
        Bundle transport = bundle(TRANSPORT_BUNDLE);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            sent.add("pending-" + i + "-" + "z".repeat(i % 40));
        }
        try (LineClient client = LineClient.connect(port)) {
            client.sendAll(sent);
            // The server has answered every line, and the client has read none of it yet.
            await("all " + LINES + " echoes written by the server").until(() ->
                    sessionOf(ECHO_ENDPOINT, client).map(s -> s.messagesOut() >= LINES).orElse(false));

            within(Duration.ofSeconds(60), "stopping " + TRANSPORT_BUNDLE, () -> {
                transport.stop();
                return null;
            });

            assertEquals("every echo, in order, then end of stream (not a reset)",
                    sent, client.readLinesUntilEndOfStream());
        }
        await("nothing listening after the transport stopped").until(() -> !isListening(port));
        assertEquals(Bundle.RESOLVED, transport.getState());

        transport.start();

        awaitEcho(port);
        await("the echo endpoint listening again").untilAsserted(() -> assertEquals(
                EndpointState.LISTENING, endpoint(ECHO_ENDPOINT).orElseThrow(AssertionError::new).state()));
    }

    @After
    public void leaveTransportRunning() throws Exception {
        Bundle transport = bundle(TRANSPORT_BUNDLE);
        if (transport.getState() != Bundle.ACTIVE) {
            transport.start();
        }
    }
}

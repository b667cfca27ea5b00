package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;

import dev.patchbay.testkit.ConcurrentLineClients;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * The echo endpoint the distribution ships: it echoes, under many connections at once, and
 * a line over the frame limit costs only the session that sent it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EchoEndpointIT extends PatchbaySupport {

    private static final int CLIENTS = 1000;
    private static final int LINES_PER_CLIENT = 5;
    /** The line codec's default max.frame.size. */
    private static final int DEFAULT_MAX_FRAME_SIZE = 8192;

    @Test
    public void shippedEndpointEchoesEachLine() throws Exception {
        int port = echoPort();
        awaitEcho(port);

        try (LineClient client = LineClient.connect(port)) {
            assertEquals("hello", client.echo("hello"));
            assertEquals("", client.echo(""));
            assertEquals("grüße, 世界 ✓", client.echo("grüße, 世界 ✓"));
            // Several lines in one write come back as several lines, in order.
            List<String> burst = Arrays.asList("one", "two", "three");
            client.sendAll(burst);
            for (String line : burst) {
                assertEquals(line, client.readLine());
            }
        }

        EndpointInfo echo = endpoint(ECHO_ENDPOINT).orElseThrow(
                () -> new AssertionError("no endpoint 'echo' in " + runtime().endpoints()));
        assertEquals(EndpointState.LISTENING, echo.state());
        assertEquals(loopback(port), echo.address());
        assertEquals("line", echo.codec());
        assertEquals("echo", echo.handler());
    }

    @Test
    public void thousandConcurrentClientsEachGetTheirOwnLinesBack() throws Exception {
        int port = echoPort();
        awaitEcho(port);

        try (ConcurrentLineClients clients = new ConcurrentLineClients(
                new InetSocketAddress("127.0.0.1", port), CLIENTS, LINES_PER_CLIENT)) {
            clients.connectAll(Duration.ofSeconds(60));
            // All of them are open at the same time, and the server knows each one.
            await(CLIENTS + " sessions open on the echo endpoint")
                    .until(() -> runtime().sessions(ECHO_ENDPOINT).size() >= CLIENTS);

            List<String> failures = clients.exchange(Duration.ofSeconds(90));

            assertTrue(failures.size() + " of " + CLIENTS + " clients did not get exactly their"
                    + " own lines back, e.g. " + failures.subList(0, Math.min(10, failures.size())),
                    failures.isEmpty());
        }

        await("the sessions of the closed clients released")
                .until(() -> runtime().sessions(ECHO_ENDPOINT).size() < 10);
    }

    @Test
    public void oversizedLineClosesOnlyItsOwnSession() throws Exception {
        int port = echoPort();
        awaitEcho(port);

        try (LineClient bystander = LineClient.connect(port);
                LineClient offender = LineClient.connect(port)) {
            assertEquals("before", bystander.echo("before"));
            assertEquals("me too", offender.echo("me too"));

            char[] tooLong = new char[DEFAULT_MAX_FRAME_SIZE + 1000];
            Arrays.fill(tooLong, 'x');
            offender.send(new String(tooLong));

            byte[] received = offender.readUntilClosedByPeer();
            assertEquals("nothing echoed of the oversized line, got: '"
                    + new String(received, UTF_8) + "'", 0, received.length);

            assertEquals("after", bystander.echo("after"));
            assertEquals("still here", bystander.echo("still here"));
        }

        // And the endpoint takes new sessions as before.
        try (LineClient newcomer = LineClient.connect(port)) {
            assertEquals("newcomer", newcomer.echo("newcomer"));
        }
    }
}

#if( $codec == "lines" )
#set( $framing = "LINES" )
#set( $endpointCodec = "line" )
#elseif( $codec == "length-prefixed" )
#set( $framing = "LENGTH_PREFIXED" )
#set( $endpointCodec = "length-prefixed" )
#else
#set( $framing = "RAW" )
#set( $endpointCodec = "raw" )
#end
package ${package};

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Locale;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.testkit.BundleJars;
import dev.patchbay.testkit.Exchange;
#if( $codec == "lines" )
import dev.patchbay.testkit.LineClient;
#elseif( $codec == "length-prefixed" )
import dev.patchbay.testkit.FrameClient;
#else
import dev.patchbay.testkit.RawClient;
#end
import dev.patchbay.testkit.Framing;
import dev.patchbay.testkit.PatchbaySupport;
import dev.patchbay.testkit.VerifiedLoad;

/**
 * The handler in the real Patchbay distribution (Pax Exam boots it, with this project's bundle
 * installed; see the failsafe configuration in the pom): an endpoint on a free port with the
 * {@code ${endpointCodec}} codec, requests and their replies, and a swap to a second version of
 * the bundle, built here, under verified load.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ${handlerClass}IT extends PatchbaySupport {

    private static final String ENDPOINT = "${handlerName}-it";
    /** The bundle's symbolic name: the artifactId (see the bnd instructions in the pom). */
    private static final String BUNDLE = "${artifactId}";
    private static final Framing FRAMING = Framing.${framing};

    @Test
    public void answersEveryRequest() throws Exception {
        int port = startEndpoint();
#if( $codec == "lines" )
        try (LineClient client = LineClient.connect(port)) {
            assertEquals("HELLO, PATCHBAY", client.echo("hello, Patchbay"));
            assertEquals("SECOND LINE 2", client.echo("second line 2"));
        }
#elseif( $codec == "length-prefixed" )
        try (FrameClient client = FrameClient.connect(port)) {
            assertEquals("HELLO, PATCHBAY", new String(client.request("hello, Patchbay".getBytes(US_ASCII)), US_ASCII));
            byte[] binary = {0, 1, 'a', (byte) 0xff};
            assertEquals("bytes other than a-z are sent back as they came", "[0, 1, 65, -1]",
                    java.util.Arrays.toString(client.request(binary)));
        }
#else
        try (RawClient client = RawClient.connect(port)) {
            assertEquals("HELLO, PATCHBAY", new String(client.request("hello, Patchbay".getBytes(US_ASCII), 15), US_ASCII));
        }
#end
    }

    /**
     * Eight connections keep four requests each in flight while the bundle is updated to a
     * newer version (built here from the installed jar) and the endpoint is pinned to it with
     * {@code patchbay:swap}: every reply arrives, in order, and is right.
     */
    @Test
    public void swapsToANewVersionUnderLoadWithoutLosingAReply() throws Exception {
        int port = startEndpoint();
        Bundle handler = awaitBundleState(BUNDLE, Bundle.ACTIVE);
        Version current = handler.getVersion();
        Version next = new Version(current.getMajor(), current.getMinor(), current.getMicro() + 1);

        try (VerifiedLoad load = VerifiedLoad.start(port, FRAMING, uppercase(), 8, 4, false, Duration.ofSeconds(10))) {
            await("every connection answered").until(() -> load.connectionsServed() == load.connectionCount());

            VerifiedLoad.Mark beforeUpdate = load.mark();
            updateBundleFromConsole(handler, BundleJars.withBundleVersion(BundleJars.jarOf(handler), next.toString()));
            assertEquals(next, handler.getVersion());
            await("every connection answered after bundle:update")
                    .until(() -> beforeUpdate.connectionsProgressed() == load.connectionCount());

            VerifiedLoad.Mark beforeSwap = load.mark();
            swapHandler(ENDPOINT, ${handlerClass}.NAME, "[" + next + "," + next + "]");
            await("every connection answered after patchbay:swap")
                    .until(() -> beforeSwap.connectionsProgressed() == load.connectionCount());

            VerifiedLoad.Result result = load.stop();
            assertEquals("lost, reordered or wrong replies: " + result.summary(), 0, result.errors());
        }
    }

    private int startEndpoint() throws Exception {
        int port = freePort();
        writeEndpointFile(ENDPOINT, endpointSettings(port, FRAMING.codec(), ${handlerClass}.NAME));
        awaitState(ENDPOINT, EndpointState.LISTENING);
        return port;
    }

    /** Numbered requests; each reply must be its request in upper case. */
    private static Exchange uppercase() {
        return connection -> new Exchange.Conversation() {
            @Override
            public byte[] request(long seq) {
                return VerifiedLoad.message(connection, seq).getBytes(US_ASCII);
            }

            @Override
            public String check(long seq, byte[] reply) {
                String expected = VerifiedLoad.message(connection, seq).toUpperCase(Locale.ROOT);
                String got = new String(reply, US_ASCII);
                return expected.equals(got) ? null : "reply " + seq + ": expected " + expected + " got " + got;
            }

            @Override
            public int replyLength(long seq) {
                return request(seq).length;
            }
        };
    }
}

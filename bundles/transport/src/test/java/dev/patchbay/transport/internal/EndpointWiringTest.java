package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.tls.TlsProfile;

import org.junit.Test;

public class EndpointWiringTest {

    private static final FilterBinding[] NO_FILTERS = new FilterBinding[0];

    private static final Codec CODEC = new Codec() {
        @Override
        public FrameDecoder newDecoder(int maxFrameSize) {
            throw new UnsupportedOperationException("a wiring only holds its codec; it never decodes or encodes");
        }

        @Override
        public int maxEncodedLength(int frameLength) {
            return frameLength;
        }

        @Override
        public void encode(ByteBuffer frame, ByteBuffer out) {
            out.put(frame);
        }
    };

    private static final ProfileSslFilter TLS = new ProfileSslFilter(new TlsProfile() {
        @Override
        public String name() {
            return "server";
        }

        @Override
        public SSLEngine newServerEngine(InetSocketAddress peer) {
            throw new UnsupportedOperationException("a wiring only holds its codec; it never decodes or encodes");
        }

        @Override
        public Duration handshakeTimeout() {
            return Duration.ofSeconds(10);
        }
    }, new HandshakePool(1, 1));

    private static EndpointSettings settings(String tlsProfile) {
        Map<String, Object> props = new HashMap<>();
        props.put("port", "7007");
        props.put("handler", "echo");
        props.put("codec", "line");
        if (tlsProfile != null) {
            props.put("tls", tlsProfile);
        }
        EndpointSettings.Parsed parsed = EndpointSettings.parse(props);
        assertTrue(parsed.refusals().toString(), parsed.ok());
        return parsed.settings();
    }

    private static EndpointWiring wiring(EndpointSettings s, Codec codec, ProfileSslFilter tls, List<String> missing) {
        return new EndpointWiring(s, codec, tls, NO_FILTERS, missing, null);
    }

    @Test
    public void noneIsIncomplete() {
        assertFalse(EndpointWiring.NONE.complete());
        assertEquals("no valid configuration", EndpointWiring.NONE.missing());
    }

    @Test
    public void plaintextWithCodecAndFiltersIsComplete() {
        EndpointWiring w = wiring(settings(null), CODEC, null, List.of());
        assertTrue(w.complete());
        assertNull(w.missing());
    }

    @Test
    public void noSettingsIsIncompleteWhateverElseIsThere() {
        EndpointWiring w = wiring(null, CODEC, TLS, List.of());
        assertFalse(w.complete());
        assertEquals("no valid configuration", w.missing());
    }

    @Test
    public void aMissingCodec() {
        EndpointWiring w = wiring(settings(null), null, null, List.of());
        assertFalse(w.complete());
        assertEquals("codec line is not installed", w.missing());
    }

    @Test
    public void aMissingTlsProfileNeverFallsBackToPlaintext() {
        EndpointWiring w = wiring(settings("server"), CODEC, null, List.of());
        assertFalse(w.complete());
        assertEquals("TLS profile server is not available (never plaintext)", w.missing());
        EndpointWiring withTls = wiring(settings("server"), CODEC, TLS, List.of());
        assertTrue(withTls.complete());
        assertNull(withTls.missing());
    }

    @Test
    public void missingRequiredFilters() {
        EndpointWiring w = wiring(settings(null), CODEC, null, List.of("auth", "ratelimit-default"));
        assertFalse(w.complete());
        assertEquals("required filter(s) missing: auth, ratelimit-default", w.missing());
    }

    @Test
    public void completeExactlyWhenNothingIsMissing() {
        for (EndpointSettings s : new EndpointSettings[] {null, settings(null), settings("server")}) {
            for (Codec codec : new Codec[] {null, CODEC}) {
                for (ProfileSslFilter tls : new ProfileSslFilter[] {null, TLS}) {
                    for (List<String> missing : List.of(List.<String>of(), List.of("auth"))) {
                        EndpointWiring w = wiring(s, codec, tls, missing);
                        assertEquals(w.toString(), w.missing() == null, w.complete());
                    }
                }
            }
        }
    }
}

package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLEngine;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.Test;

import dev.patchbay.api.tls.TlsProfile;

public class TlsCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    public void okWhileEveryCertificateHasMoreThanFourteenDaysLeft() {
        TlsCertificatesCheck check = new TlsCertificatesCheck(CLOCK);
        assertEquals(Result.Status.OK, check.execute().getStatus());
        check.add(profile("default", NOW.plus(Duration.ofDays(90))));
        check.add(profile("foreign", null));
        Result result = check.execute();
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(List.of("default: certificate valid until 2027-02-27T10:00:00Z (90 days left)",
                "foreign: certificate expiry unknown"), messages(result));
    }

    @Test
    public void warnsWithinFourteenDaysAndIsCriticalOnceExpired() {
        TlsCertificatesCheck check = new TlsCertificatesCheck(CLOCK);
        check.add(profile("soon", NOW.plus(Duration.ofDays(13).plusHours(5))));
        Result result = check.execute();
        assertEquals(Result.Status.WARN, result.getStatus());
        assertEquals(List.of("soon: certificate expires on 2026-12-12T15:00:00Z (in 13 days, 5 hours); replace its files"),
                messages(result));

        check.add(profile("gone", NOW.minus(Duration.ofDays(2))));
        result = check.execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertEquals("gone: certificate expired on 2026-11-27T10:00:00Z (2 days ago); replace its files", messages(result).get(0));
        check.add(profile("now", NOW));
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus());
    }

    @Test
    public void theGaugeSaysSecondsLeftPerProfileAndGoesWithIt() throws Exception {
        MetricsRoot root = new MetricsRoot();
        root.configure(PrometheusExpositionTest.config(false, false));
        TlsExpiryGauges gauges = new TlsExpiryGauges(CLOCK);
        PrometheusExpositionTest.inject(gauges, "root", root);
        TlsProfile early = profile("default", NOW.plus(Duration.ofDays(1)));
        gauges.bindProfile(early);
        gauges.activate();
        TlsProfile expired = profile("old", NOW.minusSeconds(30));
        gauges.bindProfile(expired);
        assertEquals(86400.0, root.registry().getGauges().get(TlsExpiryGauges.metricName("default")).getValue());
        assertEquals(-30.0, root.registry().getGauges().get(TlsExpiryGauges.metricName("old")).getValue());
        gauges.unbindProfile(expired);
        assertTrue(!root.registry().getGauges().containsKey(TlsExpiryGauges.metricName("old")));
        gauges.deactivate();
        assertTrue(root.registry().getGauges().isEmpty());
    }

    static TlsProfile profile(String name, Instant notAfter) {
        return new TlsProfile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SSLEngine newServerEngine(InetSocketAddress peer) {
                throw new UnsupportedOperationException("never handshakes");
            }

            @Override
            public Duration handshakeTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Optional<Instant> certificateNotAfter() {
                return Optional.ofNullable(notAfter);
            }
        };
    }

    private static List<String> messages(Result result) {
        List<String> messages = new ArrayList<>();
        for (ResultLog.Entry e : result) {
            if (!e.isDebug()) {
                messages.add(e.getMessage());
            }
        }
        return messages;
    }
}

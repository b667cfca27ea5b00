package dev.patchbay.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.patchbay.api.tls.TlsProfile;

/**
 * {@code patchbay_tls_certificate_expiry_seconds{profile}}: seconds until the certificate chain
 * of each registered TLS profile expires (negative once it has), read from the profile when
 * scraped, so a replaced certificate shows at once; NaN for a profile that cannot tell (one
 * registered by something other than the TLS bundle). A profile that goes away (its material
 * refused from the start, its configuration deleted, the TLS bundle stopped) takes its series
 * with it.
 */
@Component(service = {})
public class TlsExpiryGauges {

    @Reference
    private MetricsRoot root;

    private final Clock clock;
    private final Map<String, TlsProfile> profiles = new ConcurrentHashMap<>();
    // Guarded by this: null until activated, so that profiles bound earlier wait for it.
    private MetricRegistry registry;

    public TlsExpiryGauges() {
        this(Clock.systemUTC());
    }

    TlsExpiryGauges(Clock clock) {
        this.clock = clock;
    }

    @Activate
    synchronized void activate() {
        registry = root.registry();
        profiles.keySet().forEach(this::register);
    }

    @Deactivate
    synchronized void deactivate() {
        profiles.keySet().forEach(name -> registry.remove(metricName(name)));
        registry = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindProfile(TlsProfile profile) {
        profiles.put(profile.name(), profile);
        if (registry != null) {
            register(profile.name());
        }
    }

    synchronized void unbindProfile(TlsProfile profile) {
        // Only if it is still the one registered under that name (a replacement may have come first).
        if (profiles.remove(profile.name(), profile) && registry != null) {
            registry.remove(metricName(profile.name()));
        }
    }

    private void register(String name) {
        registry.remove(metricName(name));
        registry.register(metricName(name), (Gauge<Double>) () -> secondsLeft(name));
    }

    /** Seconds until the profile's chain expires; NaN (the series says "unknown") if it cannot tell. */
    private double secondsLeft(String name) {
        TlsProfile profile = profiles.get(name);
        Optional<Instant> notAfter = profile == null ? Optional.empty() : profile.certificateNotAfter();
        return notAfter.map(end -> Duration.between(clock.instant(), end).toMillis() / 1000.0).orElse(Double.NaN);
    }

    static String metricName(String profile) {
        return MetricNames.name(MetricNames.TLS_CERTIFICATE_EXPIRY, profile);
    }
}

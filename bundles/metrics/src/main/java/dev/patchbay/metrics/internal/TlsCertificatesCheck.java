package dev.patchbay.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.patchbay.api.tls.TlsProfile;

/**
 * Readiness: CRITICAL for each TLS profile whose certificate chain has expired (clients that
 * verify it fail every handshake, as an endpoint that is not listening fails every
 * connection), WARN for each that expires within {@link #WARN_BEFORE} (the probe stays 200;
 * the body and the Felix HC console say which and when), one message per profile.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + TlsCertificatesCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.READY})
public class TlsCertificatesCheck implements HealthCheck {

    static final String NAME = "Patchbay TLS certificates";
    static final Duration WARN_BEFORE = Duration.ofDays(14);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.UPDATE)
    private final List<TlsProfile> profiles = new CopyOnWriteArrayList<>();

    private final Clock clock;

    public TlsCertificatesCheck() {
        this(Clock.systemUTC());
    }

    TlsCertificatesCheck(Clock clock) {
        this.clock = clock;
    }

    /** For tests: the profiles DS would inject. */
    void add(TlsProfile profile) {
        profiles.add(profile);
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        if (profiles.isEmpty()) {
            log.info("no TLS profile is loaded");
            return new Result(log);
        }
        Instant now = clock.instant();
        profiles.stream().sorted(Comparator.comparing(TlsProfile::name)).forEach(profile -> {
            Optional<Instant> notAfter = profile.certificateNotAfter();
            if (notAfter.isEmpty()) {
                log.info("{}: certificate expiry unknown", profile.name());
                return;
            }
            Instant end = notAfter.get();
            Duration left = Duration.between(now, end);
            if (!end.isAfter(now)) {
                log.critical("{}: certificate expired on {} ({} days ago); replace its files", profile.name(), end,
                        left.negated().toDays());
            } else if (left.compareTo(WARN_BEFORE) < 0) {
                log.warn("{}: certificate expires on {} (in {} days, {} hours); replace its files", profile.name(), end,
                        left.toDays(), left.toHoursPart());
            } else {
                log.info("{}: certificate valid until {} ({} days left)", profile.name(), end, left.toDays());
            }
        });
        return new Result(log);
    }
}

package dev.patchbay.metrics.internal;

/**
 * The Felix Health Check tags the probes run. Any bundle adds to a probe by registering an
 * {@code org.apache.felix.hc.api.HealthCheck} service with {@code hc.tags=ready} (or
 * {@code live}), as {@link TlsCertificatesCheck} does: WARN within 14 days of a certificate's
 * expiry (the probe stays 200 on WARN) and CRITICAL once expired.
 */
public final class HealthTags {

    /** Restart the process if this fails: {@code /health/live}. */
    public static final String LIVE = "live";
    /** Send no traffic while this fails: {@code /health/ready}. */
    public static final String READY = "ready";

    private HealthTags() {
    }
}

package dev.patchbay.transport.internal;

import java.util.List;

import dev.patchbay.api.codec.Codec;

/**
 * Everything an endpoint's new connection is wired with, as one immutable value: the endpoint
 * publishes a new one with a single write when its configuration or a service changes, and
 * each accept reads it once, so a connection can never see a chain without a required filter
 * while {@code missingFilters} still says it is there, or the reverse.
 *
 * @param settings       the configuration, {@code null} before a good one arrived
 * @param codec          the codec, {@code null} while not installed
 * @param tls            the TLS filter of the endpoint's profile, {@code null} when plaintext or the profile is missing
 * @param chain          the filters present, in the order they run
 * @param missingFilters required filters not installed
 * @param handler        the handler serving new sessions, {@code null} while none
 */
record EndpointWiring(EndpointSettings settings, Codec codec, ProfileSslFilter tls, FilterBinding[] chain,
        List<String> missingFilters, HandlerBinding handler) {

    static final EndpointWiring NONE = new EndpointWiring(null, null, null, new FilterBinding[0], List.of(), null);

    /** Whether a connection can be admitted: codec, TLS profile and every required filter present. */
    boolean complete() {
        return settings != null && codec != null && (settings.tls() == null || tls != null) && missingFilters.isEmpty();
    }

    /** Why a connection cannot be admitted, or {@code null} when it can. */
    String missing() {
        if (settings == null) {
            return "no valid configuration";
        }
        if (settings.tls() != null && tls == null) {
            return "TLS profile " + settings.tls() + " is not available (never plaintext)";
        }
        if (codec == null) {
            return "codec " + settings.codec() + " is not installed";
        }
        if (!missingFilters.isEmpty()) {
            return "required filter(s) missing: " + String.join(", ", missingFilters);
        }
        return null;
    }
}

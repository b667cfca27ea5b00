package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.tls.TlsProfile;
import dev.patchbay.transport.internal.EndpointSettings.FilterRef;

/**
 * Builds an endpoint's {@link EndpointWiring} from its settings and the services installed now.
 */
final class WiringResolver {

    private final TransportCore core;

    WiringResolver(TransportCore core) {
        this.core = core;
    }

    /** @param previous the wiring published before, whose TLS filter is kept while its profile is the same service */
    EndpointWiring resolve(EndpointSettings s, EndpointWiring previous) {
        Codec codec = core.codec(s.codec());
        ProfileSslFilter tls = null;
        if (s.tls() != null) {
            TlsProfile p = core.tlsProfile(s.tls());
            if (p != null) {
                tls = previous.tls() != null && previous.tls().profile() == p ? previous.tls() : new ProfileSslFilter(p, core.handshakes());
            }
        }
        List<FilterBinding> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (FilterRef ref : s.filters()) {
            FilterBinding f = core.filter(ref.name());
            if (f != null) {
                present.add(f);
            } else if (ref.required()) {
                missing.add(ref.name());
            }
        }
        present.sort(FilterBinding.CHAIN_ORDER);
        return new EndpointWiring(s, codec, tls, present.toArray(FilterBinding[]::new), List.copyOf(missing),
                core.handler(s.handler(), s.handlerVersion()));
    }
}

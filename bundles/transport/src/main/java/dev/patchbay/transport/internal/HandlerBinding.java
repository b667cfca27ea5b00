package dev.patchbay.transport.internal;

import dev.patchbay.api.handler.ProtocolHandler;

import org.osgi.framework.Version;

/**
 * A handler service as endpoints see it: its name, its bundle's version, and the service.
 */
record HandlerBinding(String name, Version version, long serviceId, int ranking, long bundleId, String bundle,
        ProtocolHandler handler) {

    /** Higher version wins; then higher ranking; then the older service. */
    boolean betterThan(HandlerBinding other) {
        int c = version.compareTo(other.version);
        if (c != 0) {
            return c > 0;
        }
        if (ranking != other.ranking) {
            return ranking > other.ranking;
        }
        return serviceId < other.serviceId;
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}

package dev.patchbay.metrics.internal;

import java.util.List;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.HandlerInfo;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.api.runtime.TransportStatus;

/** A transport whose status and endpoints a test sets, counting how often the status is read. */
final class StubTransportRuntime implements TransportRuntime {

    volatile TransportStatus status = status(0, 0, "normal");
    volatile int statusReads;
    volatile List<EndpointInfo> endpoints = List.of();

    /** A status with the given memory figures, one I/O thread, nothing failed. */
    static TransportStatus status(long budget, long held, String state) {
        return new TransportStatus(budget, held, state, 0, 0, 0, 0,
                List.of(new TransportStatus.IoThreadStatus("patchbay-io-0", true, 0, null)), List.of(), List.of());
    }

    @Override
    public TransportStatus status() {
        statusReads++;
        return status;
    }

    @Override
    public List<EndpointInfo> endpoints() {
        return endpoints;
    }

    @Override
    public List<SessionInfo> sessions(String endpoint) {
        return List.of();
    }

    @Override
    public List<HandlerInfo> handlers() {
        return List.of();
    }

    @Override
    public boolean drain(String endpoint) {
        return false;
    }

    @Override
    public boolean closeSession(long id) {
        return false;
    }
}

package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.transport.internal.EndpointSettings.FilterRef;

/** What {@code patchbay:endpoint-list}, metrics and health checks see of an endpoint. */
final class EndpointSnapshot {

    private EndpointSnapshot() {
    }

    static EndpointInfo of(Endpoint e, String refusal, String bindFailure, boolean bound, long refused, long rejected) {
        EndpointWiring w = e.wiring();
        EndpointSettings s = w.settings();
        HandlerBinding h = w.handler();
        List<String> active = new ArrayList<>();
        for (FilterBinding f : w.chain()) {
            active.add(f.name());
        }
        EndpointState state;
        String detail = "";
        if (s == null) {
            state = EndpointState.REFUSED;
            detail = refusal == null ? "" : refusal;
        } else if (e.isStopped()) {
            state = EndpointState.STOPPED;
        } else if (e.isDraining()) {
            state = EndpointState.DRAINING;
            detail = "not accepting; open sessions finish";
        } else if (!bound) {
            state = EndpointState.BIND_FAILED;
            detail = bindFailure;
        } else if (s.tls() != null && w.tls() == null) {
            state = EndpointState.WAITING_FOR_TLS;
            detail = "TLS profile " + s.tls() + " is not available; " + (e.held().size() > 0 ? "holding" : "refusing")
                    + " new connections, never plaintext";
        } else if (w.codec() == null) {
            state = EndpointState.WAITING_FOR_CODEC;
            detail = "codec " + s.codec() + " is not installed";
        } else if (!w.missingFilters().isEmpty()) {
            state = EndpointState.FAIL_CLOSED;
            detail = "required filter(s) missing: " + String.join(", ", w.missingFilters());
        } else if (h == null) {
            state = EndpointState.WAITING_FOR_HANDLER;
            detail = "handler " + s.handler() + " is not installed";
        } else {
            state = EndpointState.LISTENING;
        }
        Map<String, Integer> byVersion = new TreeMap<>();
        for (PatchbaySession session : e.sessions()) {
            HandlerBinding b = session.binding();
            byVersion.merge(b == null ? "held" : b.version().toString(), 1, Integer::sum);
        }
        EndpointInfo.Builder info = EndpointInfo.builder(e.name()).state(state).detail(detail)
                .handlerVersion(h == null ? null : h.version().toString()).sessionsByVersion(byVersion)
                .activeFilters(active).sessions(e.sessions().size()).connectionsRefused(refused)
                .framesRejected(rejected).source(e.source()).pid(e.pid());
        if (s != null) {
            // The accepted configuration's limits, the ones enforced: a refused file never gets here.
            info.address(s.address()).codec(s.codec()).tls(s.tls()).handler(s.handler())
                    .swapPolicy(s.swapPolicy().toString())
                    .filters(s.filters().stream().map(FilterRef::toString).toList())
                    .maxConnections(s.maxConnections()).maxFrameSize(s.maxFrameSize())
                    .maxPendingWriteBytes(s.maxPendingWriteBytes()).idleTimeoutSeconds(s.idleTimeoutSeconds())
                    .writeTimeoutSeconds(s.writeTimeoutSeconds()).writeMinRate(s.writeMinRate())
                    .drainTimeoutSeconds(s.drainTimeoutSeconds()).handlerWaitTimeoutSeconds(s.handlerWaitTimeoutSeconds());
        }
        return info.build();
    }
}

package dev.patchbay.metrics.internal;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.api.runtime.TransportStatus;

/**
 * Liveness: CRITICAL while an I/O thread of the transport is dead or stuck (its sessions are
 * served by nobody, and only a restart brings it back), one entry per problem the transport
 * names. A transport that is not running passes: stopping a bundle is no reason to restart the
 * process, readiness reports it, and the framework check covers the process itself.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + IoThreadsLiveCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.LIVE})
public class IoThreadsLiveCheck implements HealthCheck {

    static final String NAME = "Patchbay I/O threads";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TransportRuntime runtime;

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        TransportRuntime current = runtime;
        if (current == null) {
            log.info("transport: not running, no I/O threads to check");
            return new Result(log);
        }
        // Read fresh, not through the metrics' cache: the probe must follow the threads at once.
        TransportStatus status = current.status();
        if (status.live()) {
            log.info("{} I/O thread(s), none dead or stuck", status.ioThreads().size());
        }
        for (String problem : status.liveProblems()) {
            log.critical("{}", problem);
        }
        return new Result(log);
    }
}

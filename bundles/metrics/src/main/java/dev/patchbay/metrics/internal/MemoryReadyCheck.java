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
 * Readiness: CRITICAL while the transport says it should get no new traffic (its memory
 * budget is full and it refuses connections), one entry per problem it names, so that a load
 * balancer sends new clients elsewhere until it has drained. WARN under memory pressure: the
 * probe stays 200 (reads of the biggest holders are paused, new clients are still served), and
 * the body says why. A transport that is not running is reported by the endpoints check once,
 * not twice.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + MemoryReadyCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.READY})
public class MemoryReadyCheck implements HealthCheck {

    static final String NAME = "Patchbay memory budget";
    static final String PRESSURE = "pressure";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TransportRuntime runtime;

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        TransportRuntime current = runtime;
        if (current == null) {
            log.info("transport: not running (see {})", EndpointsReadyCheck.NAME);
            return new Result(log);
        }
        TransportStatus status = current.status();
        for (String problem : status.readyProblems()) {
            log.critical("{}", problem);
        }
        if (status.ready()) {
            String held = status.memoryHeldBytes() + " of " + status.memoryBudgetBytes() + " bytes held";
            if (PRESSURE.equals(status.memoryState())) {
                log.warn("memory pressure: {}, reads of {} session(s) paused", held,
                        status.sessionsPausedForMemory());
            } else {
                log.info("memory {}: {}", status.memoryState(), held);
            }
        }
        return new Result(log);
    }
}

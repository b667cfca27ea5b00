package dev.patchbay.metrics.internal;

import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;

/**
 * Readiness: CRITICAL while any configured endpoint is not LISTENING, or the transport is not
 * running; one log entry per failing endpoint.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + EndpointsReadyCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.READY})
public class EndpointsReadyCheck implements HealthCheck {

    static final String NAME = "Patchbay endpoints";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TransportRuntime runtime;

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        TransportRuntime current = runtime;
        if (current == null) {
            log.critical("transport: not running (bundle patchbay-transport stopped or missing)");
            return new Result(log);
        }
        List<EndpointInfo> endpoints = current.endpoints();
        List<EndpointInfo> failing = EndpointReadiness.failing(endpoints);
        for (EndpointInfo e : failing) {
            log.critical("{}", EndpointReadiness.describe(e));
        }
        if (failing.isEmpty()) {
            log.info("{} endpoint(s) listening", endpoints.size());
        }
        return new Result(log);
    }
}

package dev.patchbay.metrics.internal;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;

/**
 * Readiness: CRITICAL while any configured endpoint is not LISTENING, or the transport is not
 * running; one log entry per failing endpoint. "Configured" is what ConfigAdmin holds, not only
 * what the transport has started: at boot the transport is up before it has been given every
 * endpoint configuration, and an empty list must not read as "all listening".
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + EndpointsReadyCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.READY})
public class EndpointsReadyCheck implements HealthCheck {

    static final String NAME = "Patchbay endpoints";
    private static final String ENDPOINT_FACTORY_PID = "dev.patchbay.endpoint";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TransportRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

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
        int notStarted = reportNotStarted(endpoints, log);
        if (failing.isEmpty() && notStarted == 0) {
            log.info("{} endpoint(s) listening", endpoints.size());
        }
        return new Result(log);
    }

    /** Endpoint configurations ConfigAdmin holds that the transport has not started yet. */
    private int reportNotStarted(List<EndpointInfo> endpoints, FormattingResultLog log) {
        ConfigurationAdmin cm = configurationAdmin;
        if (cm == null) {
            return 0;
        }
        Configuration[] configured;
        try {
            configured = cm.listConfigurations("(service.factoryPid=" + ENDPOINT_FACTORY_PID + ")");
        } catch (IOException | InvalidSyntaxException e) {
            log.critical("cannot list the endpoint configurations: {}", e.toString());
            return 1;
        }
        if (configured == null) {
            return 0;
        }
        Set<String> started = endpoints.stream().map(EndpointInfo::pid).collect(Collectors.toSet());
        int missing = 0;
        for (Configuration c : configured) {
            if (!started.contains(c.getPid())) {
                Object file = c.getProperties() == null ? null : c.getProperties().get("felix.fileinstall.filename");
                log.critical("{}: configured, not started yet", file == null ? c.getPid() : file);
                missing++;
            }
        }
        return missing;
    }
}

package dev.patchbay.metrics.internal;

import javax.servlet.Servlet;

import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /health/ready}: the health checks tagged {@value HealthTags#READY}. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/health/ready",
        "osgi.http.whiteboard.servlet.name=patchbay-health-ready"})
public class ReadyProbeServlet extends HealthProbe {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile HealthCheckExecutor executor;

    @Override
    String tag() {
        return HealthTags.READY;
    }

    @Override
    HealthCheckExecutor executor() {
        return executor;
    }
}

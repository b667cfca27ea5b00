package dev.patchbay.metrics.internal;

import javax.servlet.Servlet;

import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /health/live}: the health checks tagged {@value HealthTags#LIVE}. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/health/live",
        "osgi.http.whiteboard.servlet.name=patchbay-health-live"})
public class LiveProbeServlet extends HealthProbe {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile HealthCheckExecutor executor;

    @Override
    String tag() {
        return HealthTags.LIVE;
    }

    @Override
    HealthCheckExecutor executor() {
        return executor;
    }
}

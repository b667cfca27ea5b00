package dev.patchbay.metrics.internal;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Liveness: OK while the OSGi framework runs (is not stopping). */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + FrameworkLiveCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.LIVE})
public class FrameworkLiveCheck implements HealthCheck {

    static final String NAME = "OSGi framework";

    private Bundle framework;

    @Activate
    void activate(BundleContext context) {
        framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        if (framework.getState() == Bundle.ACTIVE) {
            log.info("framework active");
        } else {
            log.critical("framework state {}", framework.getState());
        }
        return new Result(log);
    }
}

package dev.patchbay.metrics.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.Timer;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MetricRegistry} service: each bundle gets its own (bundle scope), whose metrics
 * are mirrored into the exported {@link MetricsRoot} registry, and removed from it when the
 * bundle ungets the service (stops). A name another bundle already exports is not mirrored
 * (logged once per name); the bundle still has its metric.
 */
@Component(service = MetricRegistry.class, scope = ServiceScope.BUNDLE)
public class BundleMetricRegistry extends MetricRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BundleMetricRegistry.class);

    @Reference
    private MetricsRoot root;

    private String owner = "?";
    /** Names this bundle put into the root registry, so that only those are taken out. */
    private final Set<String> exported = ConcurrentHashMap.newKeySet();
    private final MetricRegistryListener mirror = new MetricRegistryListener() {
        @Override
        public void onGaugeAdded(String name, Gauge<?> gauge) {
            export(name, gauge);
        }

        @Override
        public void onGaugeRemoved(String name) {
            unexport(name);
        }

        @Override
        public void onCounterAdded(String name, Counter counter) {
            export(name, counter);
        }

        @Override
        public void onCounterRemoved(String name) {
            unexport(name);
        }

        @Override
        public void onHistogramAdded(String name, Histogram histogram) {
            export(name, histogram);
        }

        @Override
        public void onHistogramRemoved(String name) {
            unexport(name);
        }

        @Override
        public void onMeterAdded(String name, Meter meter) {
            export(name, meter);
        }

        @Override
        public void onMeterRemoved(String name) {
            unexport(name);
        }

        @Override
        public void onTimerAdded(String name, Timer timer) {
            export(name, timer);
        }

        @Override
        public void onTimerRemoved(String name) {
            unexport(name);
        }
    };

    @Activate
    void activate(ComponentContext context) {
        Bundle user = context.getUsingBundle();
        owner = user == null ? "?" : user.getSymbolicName() + " [" + user.getBundleId() + "]";
        addListener(mirror);
    }

    @Deactivate
    void deactivate() {
        removeListener(mirror);
        for (String name : exported) {
            unexport(name);
        }
    }

    private void export(String name, Metric metric) {
        try {
            root.registry().register(name, metric);
            exported.add(name);
        } catch (IllegalArgumentException taken) {
            LOG.warn("Metric {} of bundle {} is not exported: another bundle already exports that name", name, owner);
        }
    }

    private void unexport(String name) {
        if (exported.remove(name)) {
            root.registry().remove(name);
        }
    }
}

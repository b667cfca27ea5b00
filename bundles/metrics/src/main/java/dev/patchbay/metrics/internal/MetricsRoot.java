package dev.patchbay.metrics.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import com.codahale.metrics.jvm.FileDescriptorRatioGauge;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.codahale.metrics.jvm.ThreadStatesGaugeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Owns the one registry that is exported (Prometheus, JMX, console): Patchbay's own metrics,
 * the JVM's, and those other bundles add through their {@link BundleMetricRegistry}.
 */
@Component(service = MetricsRoot.class, configurationPid = MetricsRoot.PID)
@Designate(ocd = MetricsRoot.Config.class)
public class MetricsRoot {

    static final String PID = "dev.patchbay.metrics";
    static final String JVM_PREFIX = "jvm";

    @ObjectClassDefinition(name = "Patchbay metrics",
            description = "Metrics registry, JVM metrics and JMX export (etc/dev.patchbay.metrics.cfg)")
    public @interface Config {
        @AttributeDefinition(name = "JVM metrics",
                description = "Export memory, garbage collection, thread and file descriptor metrics (jvm_*)")
        boolean jvm_enabled() default true;

        @AttributeDefinition(name = "JMX",
                description = "Expose every metric as an MBean under the JMX domain below")
        boolean jmx_enabled() default true;

        @AttributeDefinition(name = "JMX domain", description = "JMX domain of the metric MBeans")
        String jmx_domain() default "dev.patchbay.metrics";

        @AttributeDefinition(name = "Quantile window",
                description = "Seconds: the latency and duration quantiles of patchbay:stats and JMX cover the last one "
                        + "to two windows; 10-3600. The Prometheus histograms are cumulative and never reset. "
                        + "Applies to endpoints seen after the change")
        int quantile_window() default 60;
    }

    private final MetricRegistry registry = new MetricRegistry();
    private JmxReporter jmx;
    private boolean jvmRegistered;
    private volatile long quantileWindowNanos;

    @Activate
    @Modified
    synchronized void configure(Config config) {
        quantileWindowNanos = TimeUnit.SECONDS.toNanos(
                Math.max(10, Math.min(3600, config.quantile_window())));
        if (config.jvm_enabled() && !jvmRegistered) {
            registry.register(JVM_PREFIX + ".memory", new MemoryUsageGaugeSet());
            registerGarbageCollection();
            registry.register(JVM_PREFIX + ".threads", new ThreadStatesGaugeSet());
            registry.register(JVM_PREFIX + ".fd.usage", new FileDescriptorRatioGauge());
            jvmRegistered = true;
        } else if (!config.jvm_enabled() && jvmRegistered) {
            registry.removeMatching((name, metric) -> name.startsWith(JVM_PREFIX + "."));
            jvmRegistered = false;
        }
        if (jmx != null) {
            jmx.stop();
            jmx = null;
        }
        if (config.jmx_enabled()) {
            jmx = JmxReporter.forRegistry(registry)
                    .registerWith(ManagementFactory.getPlatformMBeanServer())
                    .inDomain(config.jmx_domain())
                    .build();
            jmx.start();
        }
    }

    /**
     * metrics-jvm's collector metrics, with the accumulated collection time in seconds rather
     * than milliseconds: Prometheus wants base units and the bridge cannot scale a gauge.
     */
    private void registerGarbageCollection() {
        new GarbageCollectorMetricSet().getMetrics().forEach((name, metric) -> {
            if (name.endsWith(".time") && metric instanceof Gauge<?> millis) {
                String seconds = name.substring(0, name.length() - ".time".length()) + ".seconds";
                registry.register(JVM_PREFIX + ".gc." + seconds,
                        (Gauge<Double>) () -> ((Number) millis.getValue()).doubleValue() / 1000.0);
            } else {
                registry.register(JVM_PREFIX + ".gc." + name, metric);
            }
        });
    }

    @Deactivate
    synchronized void deactivate() {
        if (jmx != null) {
            jmx.stop();
            jmx = null;
        }
        registry.removeMatching((name, metric) -> true);
    }

    /** The exported registry. */
    public MetricRegistry registry() {
        return registry;
    }

    long quantileWindowNanos() {
        return quantileWindowNanos;
    }
}

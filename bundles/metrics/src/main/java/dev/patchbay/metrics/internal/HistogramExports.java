package dev.patchbay.metrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;

/**
 * Exports every {@link HistogramTimer} of the registry as a Prometheus histogram:
 * {@code _bucket} with a cumulative count per {@code le} (ending with {@code +Inf}),
 * {@code _count} and {@code _sum} in seconds, all from one reading of its buckets. The
 * Dropwizard bridge would make a summary of it (quantiles that cannot be added across
 * replicas), so {@link #NOT_HERE} keeps it from the bridge.
 *
 * <p>Names and labels come from the same {@link SampleBuilder} as the bridge's, so
 * {@code patchbay.message.latency.echo} becomes
 * {@code patchbay_message_latency_seconds_bucket{endpoint="echo",le="0.001"}}.
 */
final class HistogramExports extends Collector {

    /** For the bridge: everything but what this collector exports. */
    static final MetricFilter NOT_HERE = (name, metric) -> !(metric instanceof HistogramTimer);

    private static final List<String> LE = List.of("le");

    private final MetricRegistry registry;
    private final SampleBuilder samples;

    HistogramExports(MetricRegistry registry, SampleBuilder samples) {
        this.registry = registry;
        this.samples = samples;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, List<MetricFamilySamples.Sample>> families = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        for (Map.Entry<String, Timer> e : registry.getTimers((name, metric) -> isHistogram(metric)).entrySet()) {
            String name = e.getKey();
            BucketHistogram histogram = ((HistogramTimer) e.getValue()).histogram();
            String family = samples.createSample(name, "", List.of(), List.of(), 0).name;
            helps.putIfAbsent(family, "Generated from Dropwizard metric import (metric=" + name + ", type="
                    + HistogramTimer.class.getName() + ")");
            add(families.computeIfAbsent(family, f -> new ArrayList<>()), name, histogram.counts());
        }
        List<MetricFamilySamples> result = new ArrayList<>();
        families.forEach((family, list) -> result.add(
                new MetricFamilySamples(family, Type.HISTOGRAM, helps.get(family), list)));
        return result;
    }

    private void add(List<MetricFamilySamples.Sample> out, String name, BucketHistogram.Counts counts) {
        double[] bounds = counts.bounds();
        long[] buckets = counts.buckets();
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i];
            String le = i < bounds.length ? doubleToGoString(bounds[i]) : "+Inf";
            out.add(samples.createSample(name, "_bucket", LE, List.of(le), cumulative));
        }
        out.add(samples.createSample(name, "_count", List.of(), List.of(), cumulative));
        out.add(samples.createSample(name, "_sum", List.of(), List.of(), counts.sum()));
    }

    private static boolean isHistogram(Metric metric) {
        return metric instanceof HistogramTimer;
    }
}

package dev.patchbay.metrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;

/**
 * Turns the dotted Dropwizard names of {@link MetricNames} (and of metrics-jvm) into
 * Prometheus names and labels. Meters become counters (the bridge appends {@code _total}),
 * Timers summaries in seconds, Gauges gauges; {@link HistogramTimer}s become histograms
 * through {@link HistogramExports}, with the same names. Names matching no rule keep the bridge's default
 * (dots and dashes to underscores), which is how other bundles' metrics are exported.
 */
final class PrometheusMapping {

    private PrometheusMapping() {
    }

    static SampleBuilder sampleBuilder() {
        return new LabelDecodingSampleBuilder(mapperConfigs());
    }

    static List<MapperConfig> mapperConfigs() {
        List<MapperConfig> rules = new ArrayList<>();
        rules.add(rule(MetricNames.CONNECTIONS_OPENED + ".*", "patchbay_connections", "endpoint"));
        rules.add(rule(MetricNames.CONNECTIONS_ACTIVE + ".*", "patchbay_connections_active", "endpoint"));
        rules.add(rule(MetricNames.CONNECTIONS_MAX + ".*", "patchbay_connections_max", "endpoint"));
        rules.add(rule(MetricNames.MESSAGES_RECEIVED + ".*", "patchbay_messages_received", "endpoint"));
        rules.add(rule(MetricNames.MESSAGES_SENT + ".*", "patchbay_messages_sent", "endpoint"));
        rules.add(rule(MetricNames.BYTES_RECEIVED + ".*", "patchbay_bytes_received", "endpoint"));
        rules.add(rule(MetricNames.BYTES_SENT + ".*", "patchbay_bytes_sent", "endpoint"));
        rules.add(rule(MetricNames.ERRORS + ".*.*", "patchbay_errors", "endpoint", "type"));
        rules.add(rule(MetricNames.MESSAGE_LATENCY + ".*", "patchbay_message_latency_seconds", "endpoint"));
        rules.add(rule(MetricNames.CONNECTION_DURATION + ".*", "patchbay_connection_duration_seconds", "endpoint"));
        rules.add(rule(MetricNames.SESSIONS_HELD + ".*", "patchbay_sessions_held", "endpoint"));
        rules.add(rule(MetricNames.ENDPOINT_UP + ".*", "patchbay_endpoint_up", "endpoint"));
        rules.add(rule(MetricNames.RATELIMIT_REFUSED + ".*.*", "patchbay_ratelimit_refused", "endpoint", "profile"));
        rules.add(rule(MetricNames.RATELIMIT_DELAYED + ".*.*", "patchbay_ratelimit_delayed", "endpoint", "profile"));
        rules.add(rule(MetricNames.TLS_HANDSHAKE_FAILURES + ".*.*", "patchbay_tls_handshake_failures", "endpoint", "reason"));
        rules.add(rule(MetricNames.HANDLER_SWAPS + ".*.*.*", "patchbay_handler_swaps", "endpoint", "handler", "version"));
        rules.add(rule(MetricNames.HANDLER_HOLDS + ".*", "patchbay_handler_holds", "endpoint"));
        rules.add(rule(MetricNames.TLS_CERTIFICATE_EXPIRY + ".*", "patchbay_tls_certificate_expiry_seconds", "profile"));
        rules.add(rule(MetricNames.TRANSPORT_MEMORY_BUDGET, "patchbay_transport_memory_budget_bytes"));
        rules.add(rule(MetricNames.TRANSPORT_MEMORY_HELD, "patchbay_transport_memory_held_bytes"));
        rules.add(rule(MetricNames.TRANSPORT_MEMORY_STATE + ".*", "patchbay_transport_memory_state", "state"));
        rules.add(rule(MetricNames.TRANSPORT_SESSIONS_PAUSED, "patchbay_transport_sessions_paused_for_memory"));
        rules.add(rule(MetricNames.TRANSPORT_REFUSED_MEMORY, "patchbay_transport_connections_refused_memory"));
        rules.add(rule(MetricNames.TRANSPORT_SLOW_READERS_CLOSED, "patchbay_transport_slow_readers_closed"));
        rules.add(rule(MetricNames.TRANSPORT_PLUGIN_FAILURES, "patchbay_transport_plugin_failures"));
        rules.add(rule(MetricNames.TRANSPORT_IO_THREADS_STUCK, "patchbay_transport_io_threads_stuck"));
        rules.add(rule(MetricNames.TRANSPORT_IO_ALLOCATED, "patchbay_transport_io_allocated_bytes"));

        // Other bundles' metrics with labels (their Dropwizard names are those bundles'
        // contract with this mapping): the RESP command counts and the keyspace's per-database
        // sizes, both registered by the keyspace bundle.
        rules.add(rule("patchbay.resp.commands.*.*", "patchbay_resp_commands", "endpoint", "family"));
        rules.add(rule("patchbay.keyspace.db.keys.*", "patchbay_keyspace_db_keys", "db"));

        // metrics-jvm: pool and collector names become labels, and names that would end in
        // _count (which Prometheus reserves for summaries and histograms) get a plain name.
        rules.add(rule("jvm.gc.*.count", "jvm_gc_collections", "gc"));
        rules.add(rule("jvm.gc.*.seconds", "jvm_gc_collection_time_seconds", "gc"));
        rules.add(rule("jvm.memory.pools.*.*", "jvm_memory_pool_${1}", "pool"));
        rules.add(rule("jvm.threads.count", "jvm_threads_live"));
        rules.add(rule("jvm.threads.*.count", "jvm_threads_state", "state"));
        rules.add(rule("jvm.fd.usage", "jvm_fd_usage_ratio"));
        return rules;
    }

    /** A rule whose labels take the wildcards in order: the first label {@code ${0}}, and so on. */
    private static MapperConfig rule(String match, String name, String... labels) {
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            labelMap.put(labels[i], "${" + i + "}");
        }
        return new MapperConfig(match, name, labelMap);
    }

    /** The mapping, then {@link MetricNames#unescape} on label values. */
    static final class LabelDecodingSampleBuilder implements SampleBuilder {

        private final CustomMappingSampleBuilder mapping;

        LabelDecodingSampleBuilder(List<MapperConfig> configs) {
            this.mapping = new CustomMappingSampleBuilder(configs);
        }

        @Override
        public Collector.MetricFamilySamples.Sample createSample(String dropwizardName, String nameSuffix,
                List<String> additionalLabelNames, List<String> additionalLabelValues, double value) {
            Collector.MetricFamilySamples.Sample sample = mapping.createSample(dropwizardName, nameSuffix,
                    additionalLabelNames, additionalLabelValues, value);
            if (sample.labelValues.stream().noneMatch(v -> v.indexOf('%') >= 0)) {
                return sample;
            }
            List<String> values = new ArrayList<>(sample.labelValues);
            values.replaceAll(MetricNames::unescape);
            return new Collector.MetricFamilySamples.Sample(sample.name, sample.labelNames, values, sample.value);
        }
    }
}

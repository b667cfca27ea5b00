package dev.patchbay.metrics.command;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.codahale.metrics.Snapshot;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.metrics.internal.EndpointGauges;
import dev.patchbay.metrics.internal.EndpointTraffic;
import dev.patchbay.metrics.internal.TrafficObserver;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "stats",
        description = "Shows traffic figures per endpoint since the metrics bundle started: connections (total and open), "
                + "messages and bytes in and out, errors by type, and reply latency p50/p99 over the last one to two "
                + "quantile windows (quantile.window in etc/dev.patchbay.metrics.cfg), interpolated within the "
                + "histogram's buckets as Prometheus' histogram_quantile does; then the transport's memory "
                + "budget (held, state, sessions paused, connections refused for memory), slow readers closed, plug-in "
                + "failures and I/O threads. The same figures, with labels, "
                + "are at http://127.0.0.1:8181/metrics for Prometheus.")
public class StatsCommand implements Action {

    @Reference
    private TrafficObserver traffic;

    @Reference
    private EndpointGauges gauges;

    // Optional: the endpoint figures are the metrics bundle's own and outlive a stopped transport.
    @Reference(optional = true)
    private TransportRuntime runtime;

    @Argument(name = "endpoint", description = "Endpoint name, as shown by patchbay:endpoint-list; all endpoints if omitted")
    @Completion(MeasuredEndpointCompleter.class)
    private String endpoint;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    /** Throws on an unknown endpoint, so that bin/client exits non-zero. */
    @Override
    public Object execute() throws CommandException {
        Map<String, EndpointInfo> endpoints = gauges.refresh().stream()
                .collect(Collectors.toMap(EndpointInfo::name, e -> e));
        List<EndpointTraffic> rows = traffic.all().stream()
                .filter(t -> endpoint == null || t.endpoint().equals(endpoint))
                .sorted(Comparator.comparing(EndpointTraffic::endpoint))
                .toList();
        if (endpoint != null && rows.isEmpty()) {
            // refresh() gave every configured endpoint its figures: this one is not configured.
            throw new CommandException("No endpoint " + endpoint + " (see patchbay:endpoint-list)");
        }
        ShellTable table = new ShellTable();
        table.column("Endpoint");
        table.column("Conn total").alignRight();
        table.column("Conn open").alignRight();
        table.column("Msg in").alignRight();
        table.column("Msg out").alignRight();
        table.column("Bytes in").alignRight();
        table.column("Bytes out").alignRight();
        table.column("Errors");
        table.column("Latency p50").alignRight();
        table.column("Latency p99").alignRight();
        for (EndpointTraffic t : rows) {
            Optional<EndpointInfo> info = Optional.ofNullable(endpoints.get(t.endpoint()));
            Snapshot latency = t.latency().getSnapshot();
            String errors = t.errors().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            table.addRow().addContent(t.endpoint(), t.connections(), info.map(i -> String.valueOf(i.sessions())).orElse("-"),
                    t.messagesReceived(), t.messagesSent(), t.bytesReceived(), t.bytesSent(),
                    errors.isEmpty() ? "0" : errors,
                    latency.size() == 0 ? "-" : duration(latency.getMedian()),
                    latency.size() == 0 ? "-" : duration(latency.get99thPercentile()));
        }
        table.print(System.out, !noFormat);
        TransportRuntime transport = runtime;
        TransportBlock.lines(transport == null ? null : transport.status()).forEach(System.out::println);
        return null;
    }

    /** Nanoseconds in the unit that reads best. */
    static String duration(double nanos) {
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}

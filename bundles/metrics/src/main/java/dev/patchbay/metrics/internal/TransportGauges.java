package dev.patchbay.metrics.internal;

import java.util.ArrayList;
import java.util.List;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.api.runtime.TransportStatus;
import dev.patchbay.support.metrics.CountView;

/**
 * The transport-wide series, read from {@link TransportRuntime#status()} at scrape time: the
 * memory budget, what it holds and its state, sessions paused for it, connections it refused,
 * slow readers closed, plug-in failures and stuck I/O threads. Registered while the transport
 * runs and removed with it (a static reference), so that a stopped transport shows as absent
 * series rather than as a healthy zero budget; its counts restart with it, as Prometheus
 * counters may.
 */
@Component
public class TransportGauges {

    /** The values of {@link TransportStatus#memoryState()}, one series each. */
    static final List<String> MEMORY_STATES = List.of("normal", "pressure", "full");

    @Reference
    private MetricsRoot root;

    @Reference
    private TransportRuntime runtime;

    private final List<String> names = new ArrayList<>();

    @Activate
    void activate() {
        register(root.registry(), new TransportStatusCache(runtime::status, System::nanoTime));
    }

    @Deactivate
    synchronized void deactivate() {
        names.forEach(root.registry()::remove);
        names.clear();
    }

    /** Adds every transport series, all reading {@code status}. */
    synchronized void register(MetricRegistry registry, TransportStatusCache status) {
        add(registry, MetricNames.TRANSPORT_MEMORY_BUDGET, (Gauge<Long>) () -> status.get().memoryBudgetBytes());
        add(registry, MetricNames.TRANSPORT_MEMORY_HELD, (Gauge<Long>) () -> status.get().memoryHeldBytes());
        for (String state : MEMORY_STATES) {
            add(registry, MetricNames.name(MetricNames.TRANSPORT_MEMORY_STATE, state),
                    (Gauge<Integer>) () -> state.equals(status.get().memoryState()) ? 1 : 0);
        }
        add(registry, MetricNames.TRANSPORT_SESSIONS_PAUSED, (Gauge<Integer>) () -> status.get().sessionsPausedForMemory());
        add(registry, MetricNames.TRANSPORT_REFUSED_MEMORY, new CountView(() -> status.get().connectionsRefusedForMemory()));
        add(registry, MetricNames.TRANSPORT_SLOW_READERS_CLOSED, new CountView(() -> status.get().slowReadersClosed()));
        add(registry, MetricNames.TRANSPORT_PLUGIN_FAILURES, new CountView(() -> status.get().pluginFailures()));
        add(registry, MetricNames.TRANSPORT_IO_ALLOCATED, new CountView(() -> status.get().ioAllocatedBytes()));
        add(registry, MetricNames.TRANSPORT_IO_THREADS_STUCK, (Gauge<Integer>) () -> ioThreadsStuck(status.get()));
    }

    /**
     * I/O threads dead or stuck. The stall timeout is the transport's, so a stuck thread is known
     * only by its entry in {@code liveProblems} (one per thread that fails liveness); a dead one
     * also by {@code alive}, counted even if the transport folded several into one entry.
     */
    static int ioThreadsStuck(TransportStatus status) {
        int dead = 0;
        for (TransportStatus.IoThreadStatus thread : status.ioThreads()) {
            if (!thread.alive()) {
                dead++;
            }
        }
        return Math.max(dead, status.liveProblems().size());
    }

    private void add(MetricRegistry registry, String name, Metric metric) {
        // A bundle restart can leave nothing behind, but a re-activation must not fail on its own name.
        registry.remove(name);
        registry.register(name, metric);
        names.add(name);
    }
}

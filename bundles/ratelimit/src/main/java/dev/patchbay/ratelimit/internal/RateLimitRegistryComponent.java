package dev.patchbay.ratelimit.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patchbay.support.event.EventSink;

/**
 * Keeps the active profiles, runs their once-a-second housekeeping on one daemon thread,
 * and posts their events to Event Admin while one is present.
 */
@Component(service = RateLimitRegistry.class)
public class RateLimitRegistryComponent implements RateLimitRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitRegistryComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;
    private final EventSink events = EventSink.to(() -> eventAdmin);

    private final Map<String, RateLimitFilter> profiles = new ConcurrentHashMap<>();
    private final Map<RateLimitFilter, ScheduledFuture<?>> ticks = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    @Activate
    void activate() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patchbay-ratelimit");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        profiles.clear();
        ticks.clear();
    }

    @Override
    public List<RateLimitFilter> profiles() {
        return profiles.values().stream().sorted(Comparator.comparing(RateLimitFilter::profile)).toList();
    }

    @Override
    public Optional<RateLimitFilter> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    @Override
    public void add(RateLimitFilter filter) {
        profiles.put(filter.profile(), filter);
        ticks.put(filter, scheduler.scheduleWithFixedDelay(() -> tick(filter), 1, 1, TimeUnit.SECONDS));
    }

    @Override
    public void remove(RateLimitFilter filter) {
        profiles.remove(filter.profile(), filter);
        ScheduledFuture<?> tick = ticks.remove(filter);
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private static void tick(RateLimitFilter filter) {
        try {
            filter.tick();
        } catch (RuntimeException e) {
            // Never let one failure end the schedule: blocks would stop expiring.
            LOG.warn("Rate limit {}: housekeeping failed; retrying in a second", filter.profile(), e);
        }
    }

    @Override
    public EventSink events() {
        return events;
    }

    @Override
    public Executor housekeeping() {
        return scheduler;
    }
}

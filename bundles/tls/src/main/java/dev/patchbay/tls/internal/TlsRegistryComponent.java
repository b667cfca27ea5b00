package dev.patchbay.tls.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;

import dev.patchbay.support.event.EventSink;

/** Keeps the configured profiles and runs their file watching on one daemon thread. */
@Component(service = TlsRegistry.class)
public class TlsRegistryComponent implements TlsRegistry {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;
    private final EventSink events = EventSink.to(() -> eventAdmin);

    private final Set<TlsProfileComponent> profiles = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService watcher;

    @Activate
    void activate() {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patchbay-tls-watch");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
        profiles.clear();
    }

    @Override
    public List<ProfileStatus> profiles() {
        return profiles.stream().map(TlsProfileComponent::status).sorted(Comparator.comparing(ProfileStatus::profile)).toList();
    }

    @Override
    public void add(TlsProfileComponent profile) {
        profiles.add(profile);
    }

    @Override
    public void remove(TlsProfileComponent profile) {
        profiles.remove(profile);
    }

    @Override
    public EventSink events() {
        return events;
    }

    @Override
    public ScheduledExecutorService watcher() {
        return watcher;
    }
}

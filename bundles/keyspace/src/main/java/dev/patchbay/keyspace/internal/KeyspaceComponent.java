package dev.patchbay.keyspace.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.patchbay.api.event.Topics;
import dev.patchbay.api.keyspace.Channels;
import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;
import dev.patchbay.api.keyspace.ScoredSet;
import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.FactoryConfigs;
import dev.patchbay.support.config.Refusal;
import dev.patchbay.support.config.Refusals;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyspace service, configured by {@code etc/dev.patchbay.keyspace.cfg} (optional: the
 * defaults are Redis's). Runs the active expiry cycle on a thread of its own.
 */
@Component(service = Keyspace.class, immediate = true, name = KeyspaceComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = KeyspaceConfig.class)
public class KeyspaceComponent implements Keyspace {

    static final String PID = KeyspaceSettings.PID;

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceComponent.class);

    private final ChannelRegistry channels = new ChannelRegistry();
    private final CommandCounters commandCounters = new CommandCounters();
    private volatile Store store;
    private volatile KeyspaceSettings settings;
    private ScheduledExecutorService expiryThread;
    private ScheduledFuture<?> expiryCycle;

    /** Where refusals go for the audit log; optional, so that the keyspace serves without Event Admin. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /**
     * A keyspace outside OSGi with the default settings and no active expiry thread (keys
     * still expire when met): for tests of the handlers that use it.
     */
    public static KeyspaceComponent standalone(int databases) {
        KeyspaceComponent k = new KeyspaceComponent();
        k.settings = KeyspaceSettings.DEFAULTS.withDatabases(databases);
        k.store = new Store(databases, System::currentTimeMillis, k.settings);
        return k;
    }

    @Activate
    void activate(Map<String, Object> props) {
        KeyspaceSettings s = settingsOrDefaults(props, KeyspaceSettings.DEFAULTS);
        settings = s;
        store = new Store(s.databases(), System::currentTimeMillis, s);
        expiryThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patchbay-keyspace-expiry");
            t.setDaemon(true);
            return t;
        });
        schedule(s.hz());
        LOG.info("Keyspace: {} databases, maxmemory {} ({}), active expiry {} times a second",
                s.databases(), s.maxMemory(), s.policy(), s.hz());
    }

    @Modified
    void modified(Map<String, Object> props) {
        KeyspaceSettings old = settings;
        KeyspaceSettings s = settingsOrDefaults(props, old);
        if (s.databases() != old.databases()) {
            LOG.warn("Keyspace ({}): databases = {} takes effect when the keyspace bundle restarts; serving {} until then",
                    PID, s.databases(), old.databases());
            s = s.withDatabases(old.databases());
        }
        settings = s;
        store.settings(s);
        if (s.hz() != old.hz()) {
            expiryCycle.cancel(false);
            schedule(s.hz());
        }
        LOG.info("Keyspace: maxmemory {} ({})", s.maxMemory(), s.policy());
    }

    /** The settings {@code props} give, or {@code fallback} when a value is refused (logged and posted for the audit log). */
    private KeyspaceSettings settingsOrDefaults(Map<String, Object> props, KeyspaceSettings fallback) {
        ConfigReader r = new ConfigReader(KeyspaceSettings.SCHEMA, props);
        KeyspaceSettings s = KeyspaceSettings.read(r);
        if (r.refusals().isEmpty()) {
            return s;
        }
        refused(props, r.refusals(), fallback == KeyspaceSettings.DEFAULTS
                ? "starting with the defaults instead" : "keeping its last good configuration");
        return fallback;
    }

    private void refused(Map<String, Object> props, List<Refusal> refusals, String outcome) {
        String source = props.get(FactoryConfigs.FILEINSTALL_FILENAME) != null ? FactoryConfigs.source(props) : PID;
        LOG.warn("Keyspace ({}): refused {}; {}", source, Refusals.line(refusals), outcome);
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(Topics.CONFIG_REFUSED, Refusals.event(PID, source, refusals)));
        }
    }

    private void schedule(int hz) {
        long period = 1_000_000L / hz;
        expiryCycle = expiryThread.scheduleAtFixedRate(this::expiryCycle, period, period, TimeUnit.MICROSECONDS);
    }

    private void expiryCycle() {
        try {
            store.activeExpiry();
        } catch (RuntimeException e) {
            LOG.warn("Keyspace: active expiry cycle failed", e);
        }
    }

    @Deactivate
    void deactivate() {
        expiryThread.shutdownNow();
    }

    @Override
    public int databases() {
        return store.databases();
    }

    @Override
    public Database database(int index) {
        return store.database(index);
    }

    @Override
    public void lockAll() {
        store.lockAll();
    }

    @Override
    public void unlockAll() {
        store.unlockAll();
    }

    @Override
    public void flushAll() {
        store.flushAll();
    }

    @Override
    public long usedMemory() {
        return store.usedMemory();
    }

    @Override
    public long maxMemory() {
        return store.maxMemory();
    }

    @Override
    public void maxMemory(long bytes) {
        store.maxMemory(MemoryLimit.of(bytes));
    }

    @Override
    public String maxMemoryPolicy() {
        return store.policy().redisName();
    }

    @Override
    public boolean refuseWrites() {
        return store.refuseWrites();
    }

    @Override
    public Channels channels() {
        return channels;
    }

    @Override
    public ScoredSet newScoredSet() {
        return new TreeScoredSet();
    }

    @Override
    public long expiredKeys() {
        return store.expiredKeys();
    }

    @Override
    public long evictedKeys() {
        return store.evictedKeys();
    }

    @Override
    public long refusedWrites() {
        return store.refusedWrites();
    }

    @Override
    public LongAdder commandCounter(String endpoint, String family) {
        return commandCounters.counter(endpoint, family);
    }

    /** For {@link KeyspaceMetrics}. */
    CommandCounters commandCounters() {
        return commandCounters;
    }
}

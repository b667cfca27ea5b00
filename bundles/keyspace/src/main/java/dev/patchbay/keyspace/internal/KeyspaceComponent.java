package dev.patchbay.keyspace.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.keyspace.Channels;
import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;
import dev.patchbay.api.keyspace.ScoredSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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

    static final String PID = "dev.patchbay.keyspace";

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceComponent.class);

    private final ChannelRegistry channels = new ChannelRegistry();
    private volatile Store store;
    private volatile KeyspaceSettings settings;
    private ScheduledExecutorService expiryThread;
    private ScheduledFuture<?> expiryCycle;

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
    void activate(KeyspaceConfig config) {
        KeyspaceSettings s = settingsOrDefaults(config, KeyspaceSettings.DEFAULTS);
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
    void modified(KeyspaceConfig config) {
        KeyspaceSettings old = settings;
        KeyspaceSettings s = settingsOrDefaults(config, old);
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

    private static KeyspaceSettings settingsOrDefaults(KeyspaceConfig config, KeyspaceSettings fallback) {
        try {
            return KeyspaceSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("Keyspace ({}): {}; keeping {}", PID, e.getMessage(),
                    fallback == KeyspaceSettings.DEFAULTS ? "the defaults" : "the last good settings");
            return fallback;
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
        store.maxMemory(bytes);
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
}

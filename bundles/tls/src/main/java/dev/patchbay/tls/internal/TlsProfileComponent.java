package dev.patchbay.tls.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.patchbay.api.tls.TlsConstants;
import dev.patchbay.api.tls.TlsProfile;
import dev.patchbay.support.config.FactoryConfigs;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS profile per factory configuration {@code dev.patchbay.tls}, i.e. per file
 * {@code etc/dev.patchbay.tls-<profile>.cfg}. Registers the {@link TlsProfile} service with
 * {@code patchbay.tls.profile=<profile>} once the profile has good material, and keeps it
 * registered through reloads, good or refused: the transport keeps the endpoint bound and new
 * handshakes pick up whatever material is current.
 *
 * <p>The service is registered by hand rather than as this component's service because its
 * name comes from the configuration's file name and it must not exist before good material.
 */
@Component(configurationPid = TlsProfileComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = TlsProfileConfig.class, factory = true)
public class TlsProfileComponent {

    static final String FACTORY_PID = "dev.patchbay.tls";
    /** How often the key, certificate and trust files are checked for changes. */
    static final long POLL_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(TlsProfileComponent.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Reference
    private TlsRegistry registry;

    private BundleContext context;
    private String name;
    private String source;
    private TlsProfileService profile;
    private ScheduledFuture<?> polling;
    private volatile ServiceRegistration<TlsProfile> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        this.context = context;
        this.name = profileName(props);
        this.source = FactoryConfigs.source(props);
        this.profile = new TlsProfileService(name, source, etc(), System::getenv, registry.events(), Clock.systemUTC());
        registry.add(this);
        if (!NAME.matcher(name).matches()) {
            LOG.warn("TLS profile {} ({}): refused the profile name: use letters, digits, '.', '_' or '-' after "
                    + "dev.patchbay.tls- in the file name", name, source);
            return;
        }
        // Loads run on the watcher thread, one at a time, never on ConfigAdmin's.
        registry.watcher().execute(() -> configure(props));
        polling = registry.watcher().scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Modified
    void modified(Map<String, Object> props) {
        if (polling != null) {
            registry.watcher().execute(() -> configure(props));
        }
    }

    @Deactivate
    void deactivate() {
        if (polling != null) {
            polling.cancel(false);
        }
        registry.remove(this);
        unregister();
        if (profile.hasMaterial()) {
            LOG.info("TLS profile {} ({}): removed; endpoints with tls={} accept no new connections until it is back",
                    name, source, name);
        }
    }

    public ProfileStatus status() {
        return profile.status();
    }

    private void configure(Map<String, Object> props) {
        try {
            profile.configure(props);
        } catch (RuntimeException e) {
            LOG.warn("TLS profile {} ({}): configuration failed unexpectedly", name, source, e);
        }
        registerIfReady();
    }

    private void poll() {
        try {
            profile.poll();
        } catch (RuntimeException e) {
            // Never let one failure end the schedule: later replacements would go unnoticed.
            LOG.warn("TLS profile {} ({}): checking its files failed; retrying", name, source, e);
        }
        registerIfReady();
    }

    private synchronized void registerIfReady() {
        if (registration != null || !profile.hasMaterial() || polling == null || polling.isCancelled()) {
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(TlsConstants.PROFILE, name);
        properties.put(Constants.SERVICE_DESCRIPTION, "Patchbay TLS profile " + name + " (" + source + ")");
        registration = context.registerService(TlsProfile.class, profile, properties);
    }

    private synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
    }

    private static Path etc() {
        String etc = System.getProperty("karaf.etc");
        return Path.of(etc != null ? etc : "etc").toAbsolutePath().normalize();
    }

    /** The profile's name: the part of the file name or PID after the factory PID. */
    static String profileName(Map<String, ?> props) {
        return FactoryConfigs.instanceName(FACTORY_PID, props);
    }
}

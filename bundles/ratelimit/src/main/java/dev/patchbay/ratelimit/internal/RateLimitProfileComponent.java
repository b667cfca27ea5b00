package dev.patchbay.ratelimit.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.support.config.FactoryConfigs;
import dev.patchbay.support.config.Refusal;
import dev.patchbay.support.config.Refusals;

import io.github.bucket4j.TimeMeter;

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
 * One rate-limit profile per factory configuration {@code dev.patchbay.ratelimit}, i.e. per
 * file {@code etc/dev.patchbay.ratelimit-<profile>.cfg}. Registers the session filter
 * {@code ratelimit.<profile>} that endpoints with {@code ratelimit=<profile>} require.
 *
 * <p>The filter is registered by hand rather than as this component's service because its
 * name comes from the configuration's file name. A first configuration that is refused
 * registers nothing, so those endpoints stay closed; a later bad edit is refused and the
 * filter keeps its last good settings.
 */
@Component(configurationPid = RateLimitProfileComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = ProfileConfig.class, factory = true)
public class RateLimitProfileComponent {

    static final String FACTORY_PID = "dev.patchbay.ratelimit";

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitProfileComponent.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Reference
    private RateLimitRegistry registry;

    private BundleContext context;
    private String name;
    private String source;
    private RateLimitFilter filter;
    private ServiceRegistration<SessionFilter> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        this.context = context;
        this.name = profileName(props);
        this.source = FactoryConfigs.source(props);
        configure(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        configure(props);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
        if (filter != null) {
            registry.remove(filter);
            filter.shutdown();
            LOG.info("Rate limit {} ({}): removed; endpoints with ratelimit={} refuse new connections until it is back",
                    name, source, name);
            filter = null;
        }
    }

    private void configure(Map<String, Object> props) {
        if (!NAME.matcher(name).matches()) {
            refused(props, List.of(new Refusal("profile name", name,
                    "a name of letters, digits, '.', '_' or '-' after dev.patchbay.ratelimit- in the file name")));
            return;
        }
        ProfileSettings.Parsed parsed = ProfileSettings.parse(props);
        if (!parsed.ok()) {
            refused(props, parsed.refusals());
            return;
        }
        ProfileSettings s = parsed.settings();
        if (filter == null) {
            filter = new RateLimitFilter(name, source, s, TimeMeter.SYSTEM_NANOTIME, registry.events(), registry.housekeeping());
            registry.add(filter);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(FilterConstants.FILTER_NAME, filter.filterName());
            properties.put(FilterConstants.FILTER_ORDER, RateLimitFilter.ORDER);
            properties.put(Constants.SERVICE_DESCRIPTION, "Patchbay rate-limit profile " + name + " (" + source + ")");
            registration = context.registerService(SessionFilter.class, filter, properties);
            LOG.info("Rate limit {} ({}): active as filter {}: {}", name, source, filter.filterName(), s.summary());
        } else if (!s.equals(filter.settings())) {
            filter.update(s);
            LOG.info("Rate limit {} ({}): changed, applies to open sessions too: {}", name, source, s.summary());
        }
    }

    private void refused(Map<String, Object> props, List<Refusal> refusals) {
        String refusal = Refusals.line(refusals);
        if (filter != null) {
            LOG.warn("Rate limit {} ({}): refused {}; still enforcing its last good configuration", name, source, refusal);
        } else {
            LOG.warn("Rate limit {} ({}): refused {}; not started: endpoints with ratelimit={} refuse new connections (fail closed)",
                    name, source, refusal, name);
        }
        Map<String, Object> event = Refusals.event(String.valueOf(props.get(Constants.SERVICE_PID)), source, refusals);
        event.put(EventProperties.PROFILE, name);
        registry.events().post(Topics.CONFIG_REFUSED, event);
    }

    /** The profile's name: the part of the file name or PID after the factory PID. */
    static String profileName(Map<String, ?> props) {
        return FactoryConfigs.instanceName(FACTORY_PID, props);
    }
}

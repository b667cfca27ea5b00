package dev.patchbay.transport.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.support.config.FactoryConfigs;
import dev.patchbay.support.config.Refusal;

import org.osgi.framework.Constants;
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
 * One endpoint per factory configuration {@code dev.patchbay.endpoint}, i.e. per file
 * {@code etc/dev.patchbay.endpoint-<name>.cfg}. Creating the file starts the endpoint, editing
 * it changes the endpoint in place, deleting it stops the endpoint.
 */
@Component(configurationPid = EndpointComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = EndpointConfig.class, factory = true)
public class EndpointComponent {

    static final String FACTORY_PID = "dev.patchbay.endpoint";
    /** DS deactivation reasons (ComponentConstants), without depending on the whole DS API for two numbers. */
    private static final int CONFIGURATION_MODIFIED = 3;
    private static final int CONFIGURATION_DELETED = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointComponent.class);

    @Reference
    private TransportCore core;

    private Endpoint endpoint;

    @Activate
    void activate(Map<String, Object> props) {
        endpoint = core.createEndpoint(endpointName(props), FactoryConfigs.source(props), String.valueOf(props.get(Constants.SERVICE_PID)));
        configure(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        configure(props);
    }

    /**
     * Stops the endpoint gracefully and returns when it has. When the whole transport goes
     * (bundle stop, shutdown), every endpoint starts draining at once, so that the stop takes
     * one drain.timeout, not one per endpoint.
     */
    @Deactivate
    void deactivate(int reason) {
        if (reason == CONFIGURATION_DELETED
                || reason == CONFIGURATION_MODIFIED) {
            endpoint.stopAsync("configuration removed").join();
        } else {
            core.stopAllEndpoints("transport stopping");
            endpoint.stopAsync("transport stopping").join();
        }
    }

    private void configure(Map<String, Object> props) {
        EndpointSettings.Parsed parsed = EndpointSettings.parse(props);
        List<Refusal> refusals = parsed.refusals();
        if (parsed.ok()) {
            // In force before the endpoint binds, so that its first session already sees them
            // (a password the handler must ask for); put back if the endpoint refuses the change.
            EndpointProperties previous = endpoint.properties();
            endpoint.properties(EndpointProperties.of(props));
            Refusal r = endpoint.apply(parsed.settings());
            if (r == null) {
                return;
            }
            endpoint.properties(previous);
            refusals = List.of(r);
        }
        String refusal = refusals.stream().map(Object::toString).collect(Collectors.joining("; "));
        String key = refusals.stream().map(Refusal::key).collect(Collectors.joining(","));
        String value = refusals.stream().map(Refusal::value).collect(Collectors.joining(","));
        if (endpoint.hasConfiguration()) {
            LOG.warn("Endpoint {} ({}): refused {}; still serving {} with its last good configuration",
                    endpoint.name(), endpoint.source(), refusal, endpoint.settings().address());
        } else {
            endpoint.refusedInitially(refusal);
            LOG.warn("Endpoint {} ({}): refused {}; not started", endpoint.name(), endpoint.source(), refusal);
        }
        core.post(Topics.CONFIG_REFUSED, endpoint.props(EventProperties.PID, String.valueOf(props.get(Constants.SERVICE_PID)),
                EventProperties.FILE, endpoint.source(), EventProperties.KEY, key, EventProperties.VALUE, value,
                EventProperties.REASON, refusal));
    }

    /** The endpoint's name: the part of the file name or PID after the factory PID. */
    static String endpointName(Map<String, ?> props) {
        return FactoryConfigs.instanceName(FACTORY_PID, props);
    }
}

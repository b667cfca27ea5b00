package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.CodecConstants;
import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.tls.TlsConstants;
import dev.patchbay.api.tls.TlsProfile;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's whiteboards: protocol handlers, codecs, session filters, TLS profiles and
 * session observers, each found by its name property. Of services sharing a name the highest
 * {@code service.ranking} wins, then the oldest; handlers are chosen by version first. A
 * changed service property (name, ranking, order) takes effect at once.
 */
abstract class TransportServices {

    private static final Logger LOG = LoggerFactory.getLogger(TransportServices.class);

    private final Map<ServiceReference<?>, HandlerBinding> handlerServices = new HashMap<>();
    private volatile Map<String, List<HandlerBinding>> handlersByName = Map.of();
    private final NamedServices<FilterBinding> filters = new NamedServices<>();
    private final NamedServices<Codec> codecs = new NamedServices<>();
    private final NamedServices<TlsProfile> tlsProfiles = new NamedServices<>();
    private final Map<ServiceReference<?>, SessionObserver> observerServices = new HashMap<>();
    private volatile SessionObserver[] observers = new SessionObserver[0];

    /** Tells the endpoints to re-read the whiteboards. */
    abstract void servicesChanged();

    // --- handlers ------------------------------------------------------------------------

    @Reference(service = ProtocolHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedHandler")
    void bindHandler(ServiceReference<ProtocolHandler> ref, ProtocolHandler handler) {
        Object name = ref.getProperty(HandlerConstants.HANDLER_NAME);
        HandlerBinding binding = null;
        if (name == null) {
            LOG.warn("Ignoring protocol handler service {} of bundle {}: it has no {} property",
                    ref.getProperty(Constants.SERVICE_ID), ref.getBundle().getSymbolicName(), HandlerConstants.HANDLER_NAME);
        } else {
            Version version = ref.getBundle() == null ? Version.emptyVersion : ref.getBundle().getVersion();
            binding = new HandlerBinding(name.toString(), version, NamedServices.serviceId(ref), NamedServices.ranking(ref),
                    ref.getBundle() == null ? -1 : ref.getBundle().getBundleId(),
                    ref.getBundle() == null ? "" : ref.getBundle().getSymbolicName(), handler);
        }
        synchronized (this) {
            if (binding == null) {
                handlerServices.remove(ref);
            } else {
                handlerServices.put(ref, binding);
            }
            rebuildHandlerIndex();
        }
        if (binding != null) {
            LOG.info("Protocol handler {} available", binding);
        }
        servicesChanged();
    }

    void updatedHandler(ServiceReference<ProtocolHandler> ref, ProtocolHandler handler) {
        bindHandler(ref, handler);
    }

    void unbindHandler(ServiceReference<ProtocolHandler> ref) {
        HandlerBinding gone;
        synchronized (this) {
            gone = handlerServices.remove(ref);
            rebuildHandlerIndex();
        }
        if (gone != null) {
            LOG.info("Protocol handler {} gone", gone);
            servicesChanged();
        }
    }

    private void rebuildHandlerIndex() {
        Map<String, List<HandlerBinding>> index = new HashMap<>();
        for (HandlerBinding b : handlerServices.values()) {
            index.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(b);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        handlersByName = Map.copyOf(index);
    }

    // --- codecs, filters, TLS profiles ------------------------------------------------------

    @Reference(service = Codec.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedCodec")
    void bindCodec(ServiceReference<Codec> ref, Codec codec) {
        putNamed(codecs, ref, CodecConstants.CODEC_NAME, codec, "codec");
    }

    void updatedCodec(ServiceReference<Codec> ref, Codec codec) {
        bindCodec(ref, codec);
    }

    void unbindCodec(ServiceReference<Codec> ref) {
        if (codecs.remove(ref)) {
            servicesChanged();
        }
    }

    @Reference(service = SessionFilter.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedFilter")
    void bindFilter(ServiceReference<SessionFilter> ref, SessionFilter filter) {
        Object name = ref.getProperty(FilterConstants.FILTER_NAME);
        Object order = ref.getProperty(FilterConstants.FILTER_ORDER);
        int o = 0;
        if (order != null) {
            try {
                o = Integer.parseInt(order.toString().trim());
            } catch (NumberFormatException e) {
                LOG.warn("Filter {}: {}={} is not an integer; using 0", name, FilterConstants.FILTER_ORDER, order);
            }
        }
        FilterBinding binding = name == null ? null : new FilterBinding(name.toString(), o, filter);
        putNamed(filters, ref, FilterConstants.FILTER_NAME, binding, "session filter");
        if (binding != null) {
            LOG.info("Session filter {} available (order {})", name, o);
        }
    }

    void updatedFilter(ServiceReference<SessionFilter> ref, SessionFilter filter) {
        bindFilter(ref, filter);
    }

    void unbindFilter(ServiceReference<SessionFilter> ref) {
        if (filters.remove(ref)) {
            LOG.info("Session filter {} gone", ref.getProperty(FilterConstants.FILTER_NAME));
            servicesChanged();
        }
    }

    @Reference(service = TlsProfile.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedTlsProfile")
    void bindTlsProfile(ServiceReference<TlsProfile> ref, TlsProfile profile) {
        putNamed(tlsProfiles, ref, TlsConstants.PROFILE, profile, "TLS profile");
    }

    void updatedTlsProfile(ServiceReference<TlsProfile> ref, TlsProfile profile) {
        bindTlsProfile(ref, profile);
    }

    void unbindTlsProfile(ServiceReference<TlsProfile> ref) {
        if (tlsProfiles.remove(ref)) {
            servicesChanged();
        }
    }

    /** Indexes a named service; one that lost its name is dropped. */
    private <T> void putNamed(NamedServices<T> index, ServiceReference<?> ref, String nameKey, T service, String kind) {
        Object name = ref.getProperty(nameKey);
        if (name == null || service == null) {
            LOG.warn("Ignoring {} service {}: it has no {} property", kind, ref.getProperty(Constants.SERVICE_ID), nameKey);
            if (index.remove(ref)) {
                servicesChanged();
            }
            return;
        }
        index.put(ref, name.toString(), service);
        servicesChanged();
    }

    // --- observers -------------------------------------------------------------------------

    @Reference(service = SessionObserver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindObserver(ServiceReference<SessionObserver> ref, SessionObserver observer) {
        synchronized (this) {
            observerServices.put(ref, observer);
            observers = observerServices.values().toArray(SessionObserver[]::new);
        }
    }

    void unbindObserver(ServiceReference<SessionObserver> ref) {
        synchronized (this) {
            observerServices.remove(ref);
            observers = observerServices.values().toArray(SessionObserver[]::new);
        }
    }

    // --- lookups used by endpoints -------------------------------------------------------

    Codec codec(String name) {
        return codecs.get(name);
    }

    List<String> codecNames() {
        return codecs.names();
    }

    TlsProfile tlsProfile(String name) {
        return tlsProfiles.get(name);
    }

    FilterBinding filter(String name) {
        return filters.get(name);
    }

    /** The registered session observers; a new array whenever they change. */
    SessionObserver[] observers() {
        return observers;
    }

    /** Whether {@code b} is still a registered handler service. */
    boolean isRegistered(HandlerBinding b) {
        return handlersByName.getOrDefault(b.name(), List.of()).contains(b);
    }

    /** The highest version of the named handler within {@code range} ({@code null}: any). */
    HandlerBinding handler(String name, VersionRange range) {
        HandlerBinding best = null;
        for (HandlerBinding b : handlersByName.getOrDefault(name, List.of())) {
            if ((range == null || range.includes(b.version())) && (best == null || b.betterThan(best))) {
                best = b;
            }
        }
        return best;
    }

    synchronized List<HandlerBinding> allHandlers() {
        return new ArrayList<>(handlerServices.values());
    }
}

package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.CodecConstants;
import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.HandlerInfo;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.api.tls.TlsConstants;
import dev.patchbay.api.tls.TlsProfile;

import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all endpoints share: the MINA I/O processor pool, the whiteboards of codecs, handlers
 * and filters, the session registry, and event posting.
 */
@Component(service = {TransportRuntime.class, TransportCore.class}, immediate = true)
public class TransportCore implements TransportRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TransportCore.class);

    private final Map<ServiceReference<?>, HandlerBinding> handlerServices = new HashMap<>();
    private final Map<ServiceReference<?>, FilterBinding> filterServices = new HashMap<>();
    private final Map<ServiceReference<?>, String> codecNames = new HashMap<>();
    private final Map<ServiceReference<?>, Codec> codecServices = new HashMap<>();

    private volatile Map<String, List<HandlerBinding>> handlersByName = Map.of();
    private volatile Map<String, FilterBinding> filtersByName = Map.of();
    private volatile Map<String, Codec> codecsByName = Map.of();
    private final Map<ServiceReference<?>, TlsProfile> tlsServices = new HashMap<>();
    private volatile Map<String, TlsProfile> tlsByName = Map.of();
    private final Map<ServiceReference<?>, SessionObserver> observerServices = new HashMap<>();
    private volatile SessionObserver[] observers = new SessionObserver[0];

    private final Set<Endpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final Map<Long, PatchbaySession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionIds = new AtomicLong();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private SimpleIoProcessorPool<NioSession> processors;
    private ExecutorService acceptorThreads;
    private ScheduledExecutorService scheduler;

    @Activate
    void activate() {
        int ioThreads = Runtime.getRuntime().availableProcessors();
        processors = new SimpleIoProcessorPool<>(NioProcessor.class,
                Executors.newCachedThreadPool(threads("patchbay-io")), ioThreads, null);
        acceptorThreads = Executors.newCachedThreadPool(threads("patchbay-acceptor"));
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("patchbay-scheduler"));
        LOG.info("Patchbay transport started with {} I/O threads", ioThreads);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        acceptorThreads.shutdown();
        processors.dispose();
        LOG.info("Patchbay transport stopped");
    }

    // --- whiteboards -------------------------------------------------------------------

    @Reference(service = ProtocolHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindHandler(ServiceReference<ProtocolHandler> ref, ProtocolHandler handler) {
        Object name = ref.getProperty(HandlerConstants.HANDLER_NAME);
        if (name == null) {
            LOG.warn("Ignoring protocol handler service {} of bundle {}: it has no {} property",
                    ref.getProperty(Constants.SERVICE_ID), ref.getBundle().getSymbolicName(), HandlerConstants.HANDLER_NAME);
            return;
        }
        Version version = ref.getBundle() == null ? Version.emptyVersion : ref.getBundle().getVersion();
        HandlerBinding binding = new HandlerBinding(name.toString(), version,
                (Long) ref.getProperty(Constants.SERVICE_ID), ranking(ref),
                ref.getBundle() == null ? -1 : ref.getBundle().getBundleId(),
                ref.getBundle() == null ? "" : ref.getBundle().getSymbolicName(), handler);
        synchronized (this) {
            handlerServices.put(ref, binding);
            rebuildHandlerIndex();
        }
        LOG.info("Protocol handler {} available", binding);
        servicesChanged();
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

    @Reference(service = Codec.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindCodec(ServiceReference<Codec> ref, Codec codec) {
        Object name = ref.getProperty(CodecConstants.CODEC_NAME);
        if (name == null) {
            LOG.warn("Ignoring codec service {}: it has no {} property", ref.getProperty(Constants.SERVICE_ID), CodecConstants.CODEC_NAME);
            return;
        }
        synchronized (this) {
            codecNames.put(ref, name.toString());
            codecServices.put(ref, codec);
            rebuildCodecIndex();
        }
        servicesChanged();
    }

    void unbindCodec(ServiceReference<Codec> ref) {
        synchronized (this) {
            codecNames.remove(ref);
            codecServices.remove(ref);
            rebuildCodecIndex();
        }
        servicesChanged();
    }

    @Reference(service = SessionFilter.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindFilter(ServiceReference<SessionFilter> ref, SessionFilter filter) {
        Object name = ref.getProperty(FilterConstants.FILTER_NAME);
        if (name == null) {
            LOG.warn("Ignoring session filter service {}: it has no {} property", ref.getProperty(Constants.SERVICE_ID), FilterConstants.FILTER_NAME);
            return;
        }
        Object order = ref.getProperty(FilterConstants.FILTER_ORDER);
        int o = 0;
        if (order != null) {
            try {
                o = Integer.parseInt(order.toString().trim());
            } catch (NumberFormatException e) {
                LOG.warn("Filter {}: {}={} is not an integer; using 0", name, FilterConstants.FILTER_ORDER, order);
            }
        }
        synchronized (this) {
            filterServices.put(ref, new FilterBinding(name.toString(), o, filter));
            rebuildFilterIndex();
        }
        LOG.info("Session filter {} available (order {})", name, o);
        servicesChanged();
    }

    void unbindFilter(ServiceReference<SessionFilter> ref) {
        FilterBinding gone;
        synchronized (this) {
            gone = filterServices.remove(ref);
            rebuildFilterIndex();
        }
        if (gone != null) {
            LOG.info("Session filter {} gone", gone.name());
            servicesChanged();
        }
    }

    @Reference(service = TlsProfile.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindTlsProfile(ServiceReference<TlsProfile> ref, TlsProfile profile) {
        Object name = ref.getProperty(TlsConstants.PROFILE);
        if (name == null) {
            LOG.warn("Ignoring TLS profile service {}: it has no {} property", ref.getProperty(Constants.SERVICE_ID), TlsConstants.PROFILE);
            return;
        }
        synchronized (this) {
            tlsServices.put(ref, profile);
            rebuildTlsIndex();
        }
        servicesChanged();
    }

    void unbindTlsProfile(ServiceReference<TlsProfile> ref) {
        synchronized (this) {
            if (tlsServices.remove(ref) == null) {
                return;
            }
            rebuildTlsIndex();
        }
        servicesChanged();
    }

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

    private void rebuildTlsIndex() {
        Map<String, TlsProfile> index = new HashMap<>();
        tlsServices.forEach((ref, p) -> index.putIfAbsent(String.valueOf(ref.getProperty(TlsConstants.PROFILE)), p));
        tlsByName = Map.copyOf(index);
    }

    private void rebuildHandlerIndex() {
        Map<String, List<HandlerBinding>> index = new HashMap<>();
        for (HandlerBinding b : handlerServices.values()) {
            index.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(b);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        handlersByName = Map.copyOf(index);
    }

    private void rebuildCodecIndex() {
        Map<String, Codec> index = new HashMap<>();
        codecNames.forEach((ref, name) -> index.putIfAbsent(name, codecServices.get(ref)));
        codecsByName = Map.copyOf(index);
    }

    private void rebuildFilterIndex() {
        Map<String, FilterBinding> index = new HashMap<>();
        for (FilterBinding b : filterServices.values()) {
            index.putIfAbsent(b.name(), b);
        }
        filtersByName = Map.copyOf(index);
    }

    private void servicesChanged() {
        for (Endpoint e : endpoints) {
            e.servicesChanged();
        }
    }

    private static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    // --- lookups used by endpoints -------------------------------------------------------

    Codec codec(String name) {
        return codecsByName.get(name);
    }

    List<String> codecNames() {
        return codecsByName.keySet().stream().sorted().toList();
    }

    TlsProfile tlsProfile(String name) {
        return tlsByName.get(name);
    }

    /** The registered session observers; a new array whenever they change. */
    SessionObserver[] observers() {
        return observers;
    }

    FilterBinding filter(String name) {
        return filtersByName.get(name);
    }

    /** Whether {@code b} is still a registered handler service. */
    boolean isRegistered(HandlerBinding b) {
        return handlersByName.getOrDefault(b.name(), List.of()).contains(b);
    }

    /** The highest version of the named handler within {@code range} ({@code null}: any). */
    HandlerBinding handler(String name, org.osgi.framework.VersionRange range) {
        HandlerBinding best = null;
        for (HandlerBinding b : handlersByName.getOrDefault(name, List.of())) {
            if ((range == null || range.includes(b.version())) && (best == null || b.betterThan(best))) {
                best = b;
            }
        }
        return best;
    }

    // --- endpoints and sessions ----------------------------------------------------------

    Endpoint createEndpoint(String name, String source, String pid) {
        Endpoint e = new Endpoint(name, source, pid, this);
        endpoints.add(e);
        return e;
    }

    void removeEndpoint(Endpoint e) {
        endpoints.remove(e);
    }

    SimpleIoProcessorPool<NioSession> processors() {
        return processors;
    }

    ExecutorService acceptorThreads() {
        return acceptorThreads;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    long nextSessionId() {
        return sessionIds.incrementAndGet();
    }

    void register(PatchbaySession s) {
        sessions.put(s.id(), s);
    }

    void unregister(PatchbaySession s) {
        sessions.remove(s.id());
    }

    void post(String topic, Map<String, Object> props) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, props));
        }
    }

    @Override
    public List<EndpointInfo> endpoints() {
        return endpoints.stream().map(Endpoint::info).sorted(Comparator.comparing(EndpointInfo::name)).toList();
    }

    @Override
    public List<SessionInfo> sessions(String endpoint) {
        return sessions.values().stream()
                .filter(s -> endpoint == null || s.endpoint().equals(endpoint))
                .map(PatchbaySession::info)
                .sorted(Comparator.comparingLong(SessionInfo::id))
                .toList();
    }

    @Override
    public List<HandlerInfo> handlers() {
        List<HandlerBinding> all;
        synchronized (this) {
            all = new ArrayList<>(handlerServices.values());
        }
        List<HandlerInfo> infos = new ArrayList<>();
        for (HandlerBinding b : all) {
            List<String> servingNew = new ArrayList<>();
            Map<String, Integer> open = new TreeMap<>();
            for (Endpoint e : endpoints) {
                if (b.equals(e.handler())) {
                    servingNew.add(e.name());
                }
                int n = e.sessionsServedBy(b);
                if (n > 0) {
                    open.put(e.name(), n);
                }
            }
            servingNew.sort(null);
            infos.add(new HandlerInfo(b.name(), b.version().toString(), b.bundleId(), b.bundle(), servingNew, open));
        }
        infos.sort(Comparator.comparing(HandlerInfo::name).thenComparing(i -> Version.parseVersion(i.version())));
        return infos;
    }

    @Override
    public boolean drain(String endpoint) {
        for (Endpoint e : endpoints) {
            if (e.name().equals(endpoint)) {
                e.drain("drain requested from the console");
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean closeSession(long id) {
        PatchbaySession s = sessions.get(id);
        if (s == null || !s.isOpen()) {
            return false;
        }
        s.close(CloseCause.OPERATOR, "closed from the console");
        return true;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

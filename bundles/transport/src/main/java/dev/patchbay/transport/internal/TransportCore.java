package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.HandlerInfo;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.api.runtime.TransportStatus;
import dev.patchbay.support.config.Refusals;

import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.patchbay.support.event.EventSink;
import dev.patchbay.support.log.ThrottledLog;

/**
 * What all endpoints share: the MINA I/O processor pool and its watchdog, the handler worker
 * pool, the memory budget, the session registry and event posting. The whiteboards of codecs,
 * handlers, filters, TLS profiles and observers are {@link TransportServices}.
 */
@Component(service = {TransportRuntime.class, TransportCore.class}, immediate = true,
        configurationPid = TransportSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TransportConfig.class)
public class TransportCore extends TransportServices implements TransportRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TransportCore.class);

    private final Set<Endpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final Map<Long, PatchbaySession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionIds = new AtomicLong();
    private final LongAdder pluginFailures = new LongAdder();
    private final LongAdder slowReadersClosed = new LongAdder();
    private final ThrottledLog failureLog = new ThrottledLog(LOG, 20, "plug-in failure(s) or slow reader(s)");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;
    private final EventSink events = EventSink.to(() -> eventAdmin);

    private volatile TransportSettings settings = TransportSettings.defaults();
    private MemoryBudget memory;
    private IoThreads ioThreads;
    private SimpleIoProcessorPool<NioSession> processors;
    private ExecutorService acceptorThreads;
    private ScheduledExecutorService scheduler;
    private ThreadPoolExecutor workers;
    private HandshakePool handshakes;

    @Activate
    void activate(Map<String, Object> props) {
        TransportSettings s = parse(props);
        settings = s == null ? TransportSettings.defaults() : s;
        memory = new MemoryBudget(settings.memoryBudget(), this::memoryStateChanged);
        int threads = Runtime.getRuntime().availableProcessors();
        ioThreads = new IoThreads("patchbay-io");
        processors = new SimpleIoProcessorPool<>(NioProcessor.class, Executors.newCachedThreadPool(ioThreads), threads, null);
        acceptorThreads = Executors.newCachedThreadPool(threads("patchbay-acceptor"));
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("patchbay-scheduler"));
        workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("patchbay-worker"));
        workers.allowCoreThreadTimeOut(true);
        handshakes = new HandshakePool(settings.handshakeThreads(), settings.handshakesPending());
        scheduler.scheduleWithFixedDelay(new TransportWatchdog(this), 1, 1, TimeUnit.SECONDS);
        LOG.info("Patchbay transport started with {} I/O threads, memory budget {} bytes, {} worker threads, io.stall.timeout {} ms, "
                + "{} TLS handshake threads for at most {} handshakes under way",
                threads, settings.memoryBudget(), settings.workerThreads(), settings.ioStallTimeoutMs(),
                settings.handshakeThreads(), settings.handshakesPending());
    }

    @Modified
    void modified(Map<String, Object> props) {
        TransportSettings s = parse(props);
        if (s == null) {
            return;
        }
        settings = s;
        memory.setBudget(s.memoryBudget());
        if (s.workerThreads() > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(s.workerThreads());
            workers.setCorePoolSize(s.workerThreads());
        } else {
            workers.setCorePoolSize(s.workerThreads());
            workers.setMaximumPoolSize(s.workerThreads());
        }
        handshakes.resize(s.handshakeThreads(), s.handshakesPending());
        LOG.info("Patchbay transport: memory budget {} bytes, {} worker threads, io.stall.timeout {} ms, "
                + "{} TLS handshake threads for at most {} handshakes under way",
                s.memoryBudget(), s.workerThreads(), s.ioStallTimeoutMs(), s.handshakeThreads(), s.handshakesPending());
    }

    /** @return the settings, or {@code null} when refused (logged and posted; the last good ones stay) */
    private TransportSettings parse(Map<String, Object> props) {
        TransportSettings.Parsed p = TransportSettings.parse(props);
        if (p.ok()) {
            return p.settings();
        }
        Object file = props.get("felix.fileinstall.filename");
        LOG.warn("Transport ({}): refused {}; keeping the last good transport configuration",
                file == null ? TransportSettings.PID : file, Refusals.line(p.refusals()));
        post(Topics.CONFIG_REFUSED, Refusals.event(TransportSettings.PID,
                file == null ? TransportSettings.PID : String.valueOf(file), p.refusals()));
        return null;
    }

    @Deactivate
    void deactivate() {
        for (Endpoint e : endpoints) {
            e.stopAsync("transport stopping").join();
        }
        scheduler.shutdownNow();
        workers.shutdown();
        handshakes.shutdown();
        acceptorThreads.shutdown();
        processors.dispose();
        LOG.info("Patchbay transport stopped");
    }

    /** Stops every endpoint at once, each draining on its own thread; the transport is going away. */
    void stopAllEndpoints(String reason) {
        for (Endpoint e : endpoints) {
            e.stopAsync(reason);
        }
    }

    private void memoryStateChanged(MemoryBudget.State from, MemoryBudget.State to) {
        String reason = switch (to) {
            case FULL -> "new connections are refused and every session holding more than its base pauses its reads";
            case PRESSURE -> "the reads of sessions holding more than " + MemoryBudget.PRESSURE_SESSION_BYTES + " bytes pause";
            case NORMAL -> "every session reads again";
        };
        long held = memory.held();
        long budget = memory.budget();
        if (to == MemoryBudget.State.NORMAL) {
            scheduler.execute(() -> memory.pausedSessions().forEach(s -> s.pressure().resumeForMemory()));
        }
        if (to == MemoryBudget.State.NORMAL) {
            LOG.info("Transport memory {} (was {}): {} of {} bytes held; {}", to, from, held, budget, reason);
        } else {
            LOG.warn("Transport memory {} (was {}): {} of {} bytes held (memory.budget); {}", to, from, held, budget, reason);
        }
        post(Topics.TRANSPORT_MEMORY, Map.of(EventProperties.STATE, to.toString(), EventProperties.HELD, held,
                EventProperties.BUDGET, budget, EventProperties.REASON, reason));
    }

    @Override
    void servicesChanged() {
        for (Endpoint e : endpoints) {
            e.servicesChanged();
        }
    }

    // --- shared parts, for endpoints and sessions ------------------------------------------

    TransportSettings settings() {
        return settings;
    }

    MemoryBudget memory() {
        return memory;
    }

    IoThreads ioThreads() {
        return ioThreads;
    }

    ThreadPoolExecutor workers() {
        return workers;
    }

    /** Where TLS handshake crypto runs, and how many handshakes may be under way. */
    HandshakePool handshakes() {
        return handshakes;
    }

    ThrottledLog failureLog() {
        return failureLog;
    }

    void pluginFailed() {
        pluginFailures.increment();
    }

    void slowReaderClosed() {
        slowReadersClosed.increment();
    }

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

    Collection<PatchbaySession> allSessions() {
        return sessions.values();
    }

    void post(String topic, Map<String, Object> props) {
        events.post(topic, props);
    }

    // --- TransportRuntime ------------------------------------------------------------------

    @Override
    public TransportStatus status() {
        List<TransportStatus.IoThreadStatus> threads = ioThreads.status();
        List<String> live = IoThreads.problems(threads, settings.ioStallTimeoutMs());
        List<String> ready = new ArrayList<>();
        MemoryBudget.State state = memory.state();
        if (state == MemoryBudget.State.FULL) {
            ready.add("transport memory budget full: " + memory.held() + " of " + memory.budget()
                    + " bytes held; new connections are refused (memory.budget)");
        }
        return new TransportStatus(memory.budget(), memory.held(), state.toString(), memory.pausedCount(),
                memory.refused(), slowReadersClosed.sum(), pluginFailures.sum(), threads, live, ready,
                ioThreads.allocatedBytes());
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
        List<HandlerInfo> infos = new ArrayList<>();
        for (HandlerBinding b : allHandlers()) {
            List<String> servingNew = new ArrayList<>();
            Map<String, Integer> open = new TreeMap<>();
            for (Endpoint e : endpoints) {
                if (b.equals(e.wiring().handler())) {
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

    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package dev.patchbay.ratelimit.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.filter.Admission;
import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;
import dev.patchbay.api.handler.Session;

import io.github.bucket4j.TimeMeter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.patchbay.support.event.EventSink;
import dev.patchbay.support.log.LogThrottle;

/**
 * The session filter {@code ratelimit.<profile>} of one rate-limit profile: access lists,
 * blocks and connection limits at accept; message and byte limits after each frame.
 *
 * <p>Messages and bytes over their limit are delayed, never dropped: after each frame the
 * filter takes its tokens even into debt and returns the debt as the pause before the
 * session's next frame; the transport keeps the unread input and stops reading meanwhile,
 * so TCP slows the sender down. Sessions of one address share its buckets.
 *
 * <p>A {@link #tick} each second applies changed settings to idle entries, evicts entries
 * that are at rest, ends expired blocks, reconciles sessions the transport closed without
 * telling this filter, and every {@code report.interval} posts the aggregated delays and
 * summarises the refusals it did not log one by one.
 */
public final class RateLimitFilter implements SessionFilter {

    /** Chain position: before filters of the default order 0, so refused connections cost them nothing. */
    static final int ORDER = -100;

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final int LOG_LINES_PER_INTERVAL = 5;
    private static final int MAX_DELAY_EVENTS_PER_REPORT = 100;
    /** A session not open this long after admission, and not reported closed, is released by the sweep. */
    private static final long RECONCILE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Sweeps asked for by a full table run at most this often. */
    private static final long EXTRA_SWEEP_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String profile;
    private final String source;
    private final TimeMeter clock;
    private final EventSink events;
    private final Executor sweeper;

    private volatile ProfileSettings settings;
    private volatile AddressTable table;
    private final BlockList blocks = new BlockList();
    private final ConcurrentHashMap<Session, SessionState> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> endpointSessions = new ConcurrentHashMap<>();
    private final Map<RefusalReason, LongAdder> refusals = new EnumMap<>(RefusalReason.class);
    private final LogThrottle refusalLog = new LogThrottle(LOG_LINES_PER_INTERVAL);
    private final LogThrottle blockLog = new LogThrottle(LOG_LINES_PER_INTERVAL);
    private final AtomicBoolean sweepRequested = new AtomicBoolean();
    private volatile long lastSweep;

    // Touched by tick only (one thread).
    private long lastTick;
    private long lastReport;
    private final List<AddressState.DelayReport> evictedDelays = new ArrayList<>();

    RateLimitFilter(String profile, String source, ProfileSettings settings, TimeMeter clock, EventSink events,
            Executor sweeper) {
        this.profile = profile;
        this.source = source;
        this.clock = clock;
        this.events = events;
        this.sweeper = sweeper;
        this.settings = settings;
        this.table = new AddressTable(settings.ipv4Prefix(), settings.ipv6Prefix(), clock);
        for (RefusalReason r : RefusalReason.values()) {
            refusals.put(r, new LongAdder());
        }
        long now = clock.currentTimeNanos();
        lastTick = now;
        lastReport = now;
        lastSweep = now;
    }

    public String profile() {
        return profile;
    }

    /** The filter name endpoints require with {@code ratelimit=<profile>}. */
    public String filterName() {
        return FilterConstants.RATELIMIT_PREFIX + profile;
    }

    public String source() {
        return source;
    }

    ProfileSettings settings() {
        return settings;
    }

    // --- SessionFilter --------------------------------------------------------------------

    @Override
    public Admission screen(String endpoint, InetSocketAddress remote) {
        ProfileSettings s = settings;
        InetAddress address = remote.getAddress();
        if (address == null) {
            return Admission.ACCEPT;
        }
        Admission refused = addressRefusal(s, endpoint, address, clock.currentTimeNanos());
        if (refused != null) {
            return refused;
        }
        // Only what admit() would certainly refuse: nothing is taken here, admit() takes it.
        AddressState e = table.get(table.keyOf(endpoint, address));
        if (e == null) {
            return Admission.ACCEPT;
        }
        e.ensureCurrent(s);
        RefusalReason spent = e.wouldRefuse(s);
        return spent == null ? Admission.ACCEPT : refuse(spent, endpoint, address, e, s, why(spent, e.key, s));
    }

    @Override
    public Admission admit(Session session) {
        ProfileSettings s = settings;
        String endpoint = session.endpoint();
        InetAddress address = addressOf(session);
        if (address == null) {
            return Admission.ACCEPT;
        }
        long now = clock.currentTimeNanos();
        Admission refusedByAddress = addressRefusal(s, endpoint, address, now);
        if (refusedByAddress != null) {
            return refusedByAddress;
        }
        AddressTable t = table;
        AddressKey key = t.keyOf(endpoint, address);
        AtomicInteger onEndpoint = endpointSessions.computeIfAbsent(endpoint, e -> new AtomicInteger());
        while (true) {
            AddressState e = t.getOrCreate(key, s, false);
            if (e == null) {
                requestSweep();
                return refuse(RefusalReason.TABLE_FULL, endpoint, address, null, s,
                        "the profile tracks " + ProfileSettings.MAX_ADDRESSES + "=" + s.maxAddresses()
                                + " addresses already; new addresses are refused until idle ones are evicted");
            }
            e.ensureCurrent(s);
            if (!takePlace(onEndpoint, s.connectionsPerEndpoint())) {
                return refuse(RefusalReason.CONNECTIONS_PER_ENDPOINT, endpoint, address, e, s,
                        "endpoint " + endpoint + " has " + ProfileSettings.CONNECTIONS_PER_ENDPOINT + "="
                                + s.connectionsPerEndpoint() + " connections open");
            }
            RefusalReason refused;
            synchronized (e) {
                if (e.isEvicted()) {
                    onEndpoint.decrementAndGet();
                    continue;
                }
                refused = e.admit(s);
            }
            if (refused != null) {
                onEndpoint.decrementAndGet();
                return refuse(refused, endpoint, address, e, s, why(refused, key, s));
            }
            sessions.put(session, new SessionState(session, e, onEndpoint, now));
            return Admission.ACCEPT;
        }
    }

    @Override
    public long afterFrame(Session session, int length) {
        SessionState st = sessions.get(session);
        if (st == null) {
            st = adopt(session);
            if (st == null) {
                return 0;
            }
        }
        AddressState e = st.address();
        e.ensureCurrent(settings);
        return e.onFrame(st, length);
    }

    @Override
    public long afterRead(Session session, int bytes, int frames) {
        SessionState st = sessions.get(session);
        if (st != null) {
            st.address().onRead(frames, bytes);
        }
        return 0;
    }

    @Override
    public void closed(Session session) {
        SessionState st = sessions.remove(session);
        if (st != null) {
            st.release();
        }
    }

    /**
     * Starts counting a session this filter did not admit: one open before its endpoint
     * named this profile, or before this profile's filter arrived. It gets the limits from
     * its next frame on; the table's cap does not turn it away.
     */
    private SessionState adopt(Session session) {
        InetAddress address = addressOf(session);
        if (address == null || !session.isOpen()) {
            return null;
        }
        AddressTable t = table;
        ProfileSettings s = settings;
        AddressKey key = t.keyOf(session.endpoint(), address);
        AtomicInteger onEndpoint = endpointSessions.computeIfAbsent(session.endpoint(), e -> new AtomicInteger());
        while (true) {
            AddressState e = t.getOrCreate(key, s, true);
            if (!e.attach()) {
                continue;
            }
            onEndpoint.incrementAndGet();
            SessionState st = new SessionState(session, e, onEndpoint, clock.currentTimeNanos());
            SessionState raced = sessions.putIfAbsent(session, st);
            if (raced != null) {
                st.release();
                return raced;
            }
            return st;
        }
    }

    private static boolean takePlace(AtomicInteger count, int max) {
        while (true) {
            int n = count.get();
            if (max > 0 && n >= max) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Deny list, allow list and blocks: the checks that need the address alone; {@code null} to go on. */
    private Admission addressRefusal(ProfileSettings s, String endpoint, InetAddress address, long now) {
        Cidr denied = s.deny().match(address);
        if (denied != null) {
            return refuse(RefusalReason.DENIED, endpoint, address, null, s,
                    "address " + text(address) + " is denied (deny " + denied.toCidrString() + ")");
        }
        if (!s.allow().isEmpty() && s.allow().match(address) == null) {
            return refuse(RefusalReason.NOT_ALLOWED, endpoint, address, null, s,
                    "address " + text(address) + " is not in the allow list");
        }
        Block block = blocks.find(endpoint, address, now);
        if (block != null) {
            return refuse(RefusalReason.BLOCKED, endpoint, address, null, s,
                    "address " + block.key().network() + " is blocked for another "
                            + seconds(block.untilNanos() - now) + " s (" + block.reason() + ")");
        }
        return null;
    }

    private static String why(RefusalReason refused, AddressKey key, ProfileSettings s) {
        return refused == RefusalReason.CONNECTIONS_PER_ADDRESS
                ? "address " + key.network() + " has " + ProfileSettings.CONNECTIONS_PER_ADDRESS + "="
                        + s.connectionsPerAddress() + " connections open"
                : "address " + key.network() + " opens connections faster than "
                        + ProfileSettings.CONNECTIONS_PER_SECOND + "=" + ProfileSettings.rate(s.connections());
    }

    private Admission refuse(RefusalReason reason, String endpoint, InetAddress address, AddressState entry,
            ProfileSettings s, String why) {
        refusals.get(reason).increment();
        String limit = limitText(reason, s);
        events.post(Topics.RATELIMIT_REFUSED, props(endpoint, EventProperties.REMOTE, text(address),
                EventProperties.LIMIT, limit, EventProperties.REASON, why));
        if (refusalLog.tryLog(reason.limit())) {
            LOG.info("Rate limit {}: endpoint {} refused a connection from {}: {}", profile, endpoint, text(address), why);
        }
        if (entry != null) {
            int count = entry.refused(reason, s);
            if (count > 0) {
                block(entry.key, reason, count, s);
            }
        }
        return Admission.refuse(why);
    }

    private void block(AddressKey key, RefusalReason last, int count, ProfileSettings s) {
        long now = clock.currentTimeNanos();
        String reason = count + " refusals within " + ProfileSettings.BLOCK_WINDOW + "=" + s.blockWindowSeconds()
                + " s (more than " + ProfileSettings.BLOCK_THRESHOLD + "=" + s.blockThreshold() + "), the last by "
                + limitText(last, s);
        Block b = new Block(key, now, now + TimeUnit.SECONDS.toNanos(s.blockDurationSeconds()),
                System.currentTimeMillis(), reason, count);
        if (!blocks.add(b, s.maxAddresses())) {
            if (blockLog.tryLog("block list full")) {
                LOG.warn("Rate limit {}: cannot block {}: {} blocks are active already ({}); it is refused but not blocked",
                        profile, key, blocks.size(), ProfileSettings.MAX_ADDRESSES);
            }
            return;
        }
        if (blockLog.tryLog("blocked")) {
            LOG.warn("Rate limit {}: blocked {} on endpoint {} for {} s: {}", profile, key.network(), key.endpoint(),
                    s.blockDurationSeconds(), reason);
        }
        events.post(Topics.ADDRESS_BLOCKED, props(key.endpoint(), EventProperties.REMOTE, key.network().toString(),
                EventProperties.LIMIT, limitText(last, s), EventProperties.COUNT, (long) count,
                EventProperties.REASON, reason,
                EventProperties.DURATION_MS, TimeUnit.SECONDS.toMillis(s.blockDurationSeconds())));
    }

    private static String limitText(RefusalReason r, ProfileSettings s) {
        return switch (r) {
            case DENIED -> ProfileSettings.DENY + "=" + s.deny();
            case NOT_ALLOWED -> ProfileSettings.ALLOW + "=" + s.allow();
            case BLOCKED -> ProfileSettings.BLOCK_DURATION + "=" + s.blockDurationSeconds();
            case TABLE_FULL -> ProfileSettings.MAX_ADDRESSES + "=" + s.maxAddresses();
            case CONNECTIONS_PER_ENDPOINT -> ProfileSettings.CONNECTIONS_PER_ENDPOINT + "=" + s.connectionsPerEndpoint();
            case CONNECTIONS_PER_ADDRESS -> ProfileSettings.CONNECTIONS_PER_ADDRESS + "=" + s.connectionsPerAddress();
            case CONNECTION_RATE -> ProfileSettings.CONNECTIONS_PER_SECOND + "=" + ProfileSettings.rate(s.connections());
        };
    }

    // --- live changes ---------------------------------------------------------------------

    /**
     * Applies new settings at once: entries pick up new limits at their next touch (and the
     * tick touches all of them within a second), keeping the tokens their buckets hold.
     * Sessions from addresses that new allow or deny lists refuse are closed. New grouping
     * prefixes start a new table; open sessions are re-counted in it.
     */
    void update(ProfileSettings next) {
        ProfileSettings previous = settings;
        if (next.equals(previous)) {
            return;
        }
        if (next.regroups(previous)) {
            table = new AddressTable(next.ipv4Prefix(), next.ipv6Prefix(), clock);
        }
        settings = next;
        migrateSessions();
        if (!next.allow().equals(previous.allow()) || !next.deny().equals(previous.deny())) {
            closeRefusedSessions(next);
        }
    }

    private void closeRefusedSessions(ProfileSettings s) {
        int closed = 0;
        for (SessionState st : sessions.values()) {
            InetAddress a = addressOf(st.session);
            if (a != null && (s.deny().match(a) != null || (!s.allow().isEmpty() && s.allow().match(a) == null))) {
                st.session.close();
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("Rate limit {}: closing {} session(s) from addresses the new allow and deny lists refuse", profile, closed);
        }
    }

    /** Moves sessions counted in an older table into the current one. */
    private void migrateSessions() {
        AddressTable t = table;
        ProfileSettings s = settings;
        for (SessionState st : sessions.values()) {
            if (st.address().table() == t) {
                continue;
            }
            InetAddress a = addressOf(st.session);
            if (a == null) {
                continue;
            }
            AddressKey key = t.keyOf(st.session.endpoint(), a);
            while (!st.moveTo(t.getOrCreate(key, s, true))) {
                // evicted between lookup and attach: look up again
            }
        }
    }

    // --- housekeeping ---------------------------------------------------------------------

    /** Once a second, on the profile's scheduler thread. */
    void tick() {
        long now = clock.currentTimeNanos();
        ProfileSettings s = settings;
        double seconds = (now - lastTick) / 1e9;
        lastTick = now;
        releaseUnreportedCloses(now);
        migrateSessions();
        AddressTable t = table;
        for (AddressState e : t.entries()) {
            e.ensureCurrent(s);
            e.tick(seconds);
        }
        sweep(s);
        for (Block b : blocks.removeIf(b -> b.expired(now))) {
            unblocked(b, "expired after " + ProfileSettings.BLOCK_DURATION + "=" + seconds(b.untilNanos() - b.sinceNanos()) + " s");
        }
        if (now - lastReport >= TimeUnit.SECONDS.toNanos(s.reportIntervalSeconds())) {
            report(s, (now - lastReport) / 1_000_000_000L);
            lastReport = now;
        }
    }

    /** Evicts the entries at rest, keeping their unreported delays for the next report. */
    private void sweep(ProfileSettings s) {
        lastSweep = clock.currentTimeNanos();
        AddressTable t = table;
        for (AddressState e : t.entries()) {
            if (e.evictIfAtRest(s) && t.remove(e)) {
                AddressState.DelayReport r = e.takeDelayReport();
                if (r != null && evictedDelays.size() < MAX_DELAY_EVENTS_PER_REPORT) {
                    evictedDelays.add(r);
                }
            }
        }
    }

    /** A full table asks for an early sweep, at most every 250 ms, on the scheduler thread. */
    private void requestSweep() {
        if (clock.currentTimeNanos() - lastSweep < EXTRA_SWEEP_SPACING_NANOS || !sweepRequested.compareAndSet(false, true)) {
            return;
        }
        sweeper.execute(() -> {
            sweepRequested.set(false);
            sweep(settings);
        });
    }

    /**
     * Releases sessions whose close this filter was not told about: refused by a later filter
     * after this one admitted them, or closed while the endpoint's chain no longer held this
     * filter.
     */
    private void releaseUnreportedCloses(long now) {
        for (SessionState st : sessions.values()) {
            if (now - st.sinceNanos > RECONCILE_AFTER_NANOS && !st.session.isOpen() && sessions.remove(st.session, st)) {
                st.release();
            }
        }
    }

    private void report(ProfileSettings s, long intervalSeconds) {
        List<AddressState.DelayReport> delays = new ArrayList<>(evictedDelays);
        evictedDelays.clear();
        for (AddressState e : table.entries()) {
            AddressState.DelayReport r = e.takeDelayReport();
            if (r != null) {
                delays.add(r);
            }
        }
        delays.sort(Comparator.comparingLong((AddressState.DelayReport r) -> r.messageDelayNanos() + r.byteDelayNanos()).reversed());
        int posted = 0;
        for (AddressState.DelayReport r : delays) {
            if (posted >= MAX_DELAY_EVENTS_PER_REPORT) {
                break;
            }
            AddressKey key = r.address().key;
            if (r.messageDelays() > 0) {
                events.post(Topics.RATELIMIT_DELAYED, props(key.endpoint(), EventProperties.REMOTE, key.network().toString(),
                        EventProperties.LIMIT, ProfileSettings.MESSAGES_PER_SECOND + "=" + ProfileSettings.rate(s.messages()),
                        EventProperties.COUNT, r.messageDelays(),
                        EventProperties.DELAY_MS, TimeUnit.NANOSECONDS.toMillis(r.messageDelayNanos())));
            }
            if (r.byteDelays() > 0) {
                events.post(Topics.RATELIMIT_DELAYED, props(key.endpoint(), EventProperties.REMOTE, key.network().toString(),
                        EventProperties.LIMIT, ProfileSettings.BYTES_PER_SECOND + "=" + ProfileSettings.rate(s.bytes()),
                        EventProperties.COUNT, r.byteDelays(),
                        EventProperties.DELAY_MS, TimeUnit.NANOSECONDS.toMillis(r.byteDelayNanos())));
            }
            posted++;
        }
        if (!delays.isEmpty()) {
            LOG.debug("Rate limit {}: {} address(es) delayed in the last {} s; {} reported as events", profile,
                    delays.size(), intervalSeconds, posted);
        }
        LogThrottle.Suppressed refused = refusalLog.endWindow();
        if (refused != null) {
            LOG.info("Rate limit {}: {} more refused connections in the last {} s not logged one by one, by limit: {}; "
                    + "see patchbay:ratelimit-show", profile, refused.lines(), intervalSeconds, refused.byWhat());
        }
        LogThrottle.Suppressed blocked = blockLog.endWindow();
        if (blocked != null) {
            LOG.warn("Rate limit {}: {} more blocks in the last {} s not logged one by one ({}); see patchbay:blocked-list",
                    profile, blocked.lines(), intervalSeconds, blocked.byWhat());
        }
    }

    private void unblocked(Block b, String reason) {
        LOG.info("Rate limit {}: unblocked {} on endpoint {}: {}", profile, b.key().network(), b.key().endpoint(), reason);
        events.post(Topics.ADDRESS_UNBLOCKED, props(b.key().endpoint(), EventProperties.REMOTE, b.key().network().toString(),
                EventProperties.REASON, reason));
    }

    /** Stops: forgets every session and entry (the profile's configuration was deleted). */
    void shutdown() {
        sessions.clear();
        endpointSessions.clear();
    }

    // --- console ----------------------------------------------------------------------------

    /** The active blocks, soonest to end first. */
    public List<BlockInfo> blocks() {
        long now = clock.currentTimeNanos();
        return blocks.all().stream()
                .filter(b -> !b.expired(now))
                .sorted(Comparator.comparingLong(b -> b.untilNanos() - now))
                .map(b -> info(b, now))
                .toList();
    }

    /**
     * Ends the blocks of {@code address}: the blocks of that exact network, and those of any
     * network holding it when it is a single address.
     *
     * @return the blocks ended
     * @throws IllegalArgumentException if {@code address} is not an address or CIDR network
     */
    public List<BlockInfo> unblock(String address) {
        Cidr target = Cidr.parse(address);
        long now = clock.currentTimeNanos();
        List<BlockInfo> ended = new ArrayList<>();
        for (Block b : blocks.removeIf(b -> b.key().network().equals(target) || target.within(b.key().network()))) {
            ended.add(info(b, now));
            unblocked(b, "unblocked by an operator");
        }
        return ended;
    }

    private BlockInfo info(Block b, long now) {
        return new BlockInfo(profile, b.key().endpoint(), b.key().network().toString(), Instant.ofEpochMilli(b.sinceMillis()),
                Math.max(0, seconds(b.untilNanos() - now)), b.reason());
    }

    /** The profile as it applies to {@code endpoint}, with its {@code top} busiest addresses. */
    public ProfileView view(String endpoint, int top) {
        ProfileSettings s = settings;
        List<String[]> limits = new ArrayList<>();
        limits.add(new String[] {ProfileSettings.CONNECTIONS_PER_SECOND, ProfileSettings.rate(s.connections()),
            "new connections per address; over it, refused"});
        limits.add(new String[] {ProfileSettings.MESSAGES_PER_SECOND, ProfileSettings.rate(s.messages()),
            "messages per address; over it, delayed"});
        limits.add(new String[] {ProfileSettings.BYTES_PER_SECOND, ProfileSettings.rate(s.bytes()),
            "bytes of messages per address; over it, delayed"});
        limits.add(new String[] {ProfileSettings.CONNECTIONS_PER_ADDRESS, ProfileSettings.count(s.connectionsPerAddress()),
            "open connections per address; more are refused"});
        limits.add(new String[] {ProfileSettings.CONNECTIONS_PER_ENDPOINT, ProfileSettings.count(s.connectionsPerEndpoint()),
            "open connections on the endpoint; more are refused"});
        limits.add(new String[] {ProfileSettings.IPV4_PREFIX + ", " + ProfileSettings.IPV6_PREFIX,
            "/" + s.ipv4Prefix() + ", /" + s.ipv6Prefix(), "addresses sharing one set of limits"});
        limits.add(new String[] {ProfileSettings.ALLOW, s.allow().isEmpty() ? "(all)" : s.allow().toString(),
            "only these may connect"});
        limits.add(new String[] {ProfileSettings.DENY, s.deny().toString(), "never accepted; wins over allow"});
        limits.add(new String[] {"block", s.blockThreshold() == 0 ? "off"
                : "more than " + s.blockThreshold() + " refusals in " + s.blockWindowSeconds() + " s: "
                        + s.blockDurationSeconds() + " s", "block.threshold, block.window, block.duration"});
        limits.add(new String[] {ProfileSettings.MAX_ADDRESSES, Integer.toString(s.maxAddresses()),
            "addresses tracked; beyond it new addresses are refused"});
        List<TalkerInfo> talkers = table.entries().stream()
                .filter(e -> e.key.endpoint().equals(endpoint))
                .sorted(Comparator.comparingDouble(AddressState::messageRate).thenComparingLong(AddressState::messages).reversed())
                .limit(top)
                .map(AddressState::info)
                .toList();
        Map<String, Long> refused = new LinkedHashMap<>();
        refusals.forEach((r, n) -> refused.put(r.limit(), n.sum()));
        AtomicInteger open = endpointSessions.get(endpoint);
        int blocked = (int) blocks.all().stream().filter(b -> b.key().endpoint().equals(endpoint)).count();
        return new ProfileView(profile, source, limits, open == null ? 0 : open.get(), table.size(), s.maxAddresses(),
                blocked, refused, talkers);
    }

    int addressEntries() {
        return table.size();
    }

    int trackedSessions() {
        return sessions.size();
    }

    long refusals(RefusalReason reason) {
        return refusals.get(reason).sum();
    }

    // --- helpers --------------------------------------------------------------------------

    private Map<String, Object> props(String endpoint, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(EventProperties.ENDPOINT, endpoint);
        m.put(EventProperties.PROFILE, profile);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static InetAddress addressOf(Session session) {
        InetSocketAddress remote = session.remoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    private static String text(InetAddress address) {
        return Cidr.of(address).toString();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}

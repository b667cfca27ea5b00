package dev.patchbay.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounds the session lines of a connection flood while keeping exact counts. Per client
 * address and window of {@code flood.interval}: the first {@code flood.threshold} per-connection
 * events (session opened, closed, refused at accept, TLS handshake failed, AUTH failed) are written as their
 * own lines, and after that the first of each kind and cause or reason; the rest are only counted. An address that passed the threshold is flooding: every
 * window of it with events then ends with one {@code session.summary} line, with the window's
 * exact counts (by cause and reason) and the totals since the flood began, so the last summary
 * alone accounts for every connection of the flood. A window without events ends the flood.
 *
 * <p>Runs on the writer thread only: no locking. Addresses beyond {@link #MAX_ADDRESSES} at a
 * time share one entry, {@code *}, so that a flood from many addresses cannot grow it without bound.
 */
final class FloodSummarizer {

    static final int MAX_ADDRESSES = 10_000;
    static final String OTHER_ADDRESSES = "*";
    private static final int MAX_KEYS = 16;

    private final Map<String, Window> windows = new HashMap<>();
    private volatile int threshold;
    private volatile Duration interval;
    private volatile long summarised;

    FloodSummarizer(int threshold, Duration interval) {
        limits(threshold, interval);
    }

    void limits(int newThreshold, Duration newInterval) {
        threshold = newThreshold;
        interval = newInterval;
    }

    /** Events counted into summaries instead of being written, since start. */
    long summarised() {
        return summarised;
    }

    /**
     * Counts a per-connection event; summaries of windows it ends go to {@code out}.
     *
     * @return whether the event is to be written as its own line
     */
    boolean admit(PendingLine line, List<PendingLine> out) {
        if (threshold <= 0 || line.address == null) {
            return true;
        }
        String address = line.address;
        Window w = windows.get(address);
        if (w == null && windows.size() >= MAX_ADDRESSES) {
            address = OTHER_ADDRESSES;
            w = windows.get(address);
        }
        while (w != null && !line.ts.isBefore(w.end)) {
            if (close(address, w, line.ts, out)) {
                windows.remove(address);
                w = null;
            }
        }
        if (w == null) {
            w = new Window(line.ts, interval);
            windows.put(address, w);
        }
        boolean own = w.events < threshold || w.firstOfItsKind(line);
        w.count(line, own);
        if (!own) {
            summarised++;
        }
        return own;
    }

    /** Ends the windows due by {@code now}, their summaries to {@code out}. */
    void closeEnded(Instant now, List<PendingLine> out) {
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Window> e = it.next();
            if (!now.isBefore(e.getValue().end) && close(e.getKey(), e.getValue(), now, out)) {
                it.remove();
            }
        }
    }

    /** Ends every window now (the log stops or moves): the counts so far are written. */
    void closeAll(Instant now, List<PendingLine> out) {
        for (Map.Entry<String, Window> e : windows.entrySet()) {
            Window w = e.getValue();
            if (w.summarised > 0 || (w.floodSince != null && w.events > 0)) {
                w.end = now;
                close(e.getKey(), w, now, out);
            }
        }
        windows.clear();
    }

    /** The earliest moment a window ends, or null. */
    Instant nextDeadline() {
        Instant next = null;
        for (Window w : windows.values()) {
            if (next == null || w.end.isBefore(next)) {
                next = w.end;
            }
        }
        return next;
    }

    /**
     * Ends a window: a summary if the address is flooding and the window had events.
     *
     * @return true if the address is done with (remove it), false if its flood goes on in a
     *         window that follows on directly
     */
    private boolean close(String address, Window w, Instant now, List<PendingLine> out) {
        if (w.events == 0 || (w.summarised == 0 && w.floodSince == null)) {
            return true;
        }
        if (w.floodSince == null) {
            w.floodSince = w.start;
        }
        w.addToFlood();
        out.add(summary(address, w, now));
        w.next(interval);
        return false;
    }

    private static PendingLine summary(String address, Window w, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", AuditLines.format(w.start));
        details.put("to", AuditLines.format(w.end.isAfter(now) ? now : w.end));
        details.put("opened", w.opened);
        details.put("closed", w.closed);
        details.put("refused", w.refused);
        details.put("tls.failed", w.tlsFailed);
        details.put("auth.failed", w.authFailed);
        details.put("written", w.events - w.summarised);
        details.put("summarised", w.summarised);
        putIfAny(details, "closed.causes", w.causes);
        putIfAny(details, "refused.reasons", w.refusedReasons);
        putIfAny(details, "tls.failed.reasons", w.tlsReasons);
        putIfAny(details, "auth.failed.reasons", w.authReasons);
        details.put("endpoints", new TreeMap<>(w.endpoints));
        details.put("flood.since", AuditLines.format(w.floodSince));
        details.put("flood.opened", w.floodOpened);
        details.put("flood.closed", w.floodClosed);
        details.put("flood.refused", w.floodRefused);
        details.put("flood.tls.failed", w.floodTlsFailed);
        details.put("flood.auth.failed", w.floodAuthFailed);
        details.put("flood.summarised", w.floodSummarised);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "session.summary");
        if (w.endpoints.size() == 1) {
            fields.put("endpoint", w.endpoints.keySet().iterator().next());
        }
        fields.put("remote", address);
        fields.put("details", details);
        return PendingLine.line("session.summary", now, AuditLines.open(now, fields), null, null, null);
    }

    private static void putIfAny(Map<String, Object> details, String key, Map<String, Long> counts) {
        if (!counts.isEmpty()) {
            details.put(key, new TreeMap<>(counts));
        }
    }

    /** One address's counts in the current window, and since its flood began. */
    private static final class Window {
        Instant start;
        Instant end;
        long events;
        long summarised;
        long opened;
        long closed;
        long refused;
        long tlsFailed;
        long authFailed;
        final Map<String, Long> causes = new HashMap<>();
        final Map<String, Long> refusedReasons = new HashMap<>();
        final Map<String, Long> tlsReasons = new HashMap<>();
        final Map<String, Long> authReasons = new HashMap<>();
        final Map<String, Long> endpoints = new HashMap<>();
        Instant floodSince;
        long floodOpened;
        long floodClosed;
        long floodRefused;
        long floodTlsFailed;
        long floodAuthFailed;
        long floodSummarised;

        Window(Instant start, Duration interval) {
            this.start = start;
            this.end = start.plus(interval);
        }

        /**
         * Whether no event of this kind and cause or reason was seen in the window yet: the first
         * of each is written on its own, so that every kind of refusal or failure in a flood has
         * at least one full line per window (bounded: causes and reasons are at most
         * {@link #MAX_KEYS} per window).
         */
        boolean firstOfItsKind(PendingLine line) {
            String key = line.why == null ? "unknown" : line.why;
            return switch (line.event) {
                case "session.opened" -> opened == 0;
                case "session.closed" -> !causes.containsKey(key) && causes.size() < MAX_KEYS;
                case "access.denied" -> !refusedReasons.containsKey(key) && refusedReasons.size() < MAX_KEYS;
                case "tls.failed" -> !tlsReasons.containsKey(key) && tlsReasons.size() < MAX_KEYS;
                case "auth.failed" -> !authReasons.containsKey(key) && authReasons.size() < MAX_KEYS;
                default -> false;
            };
        }

        void count(PendingLine line, boolean own) {
            events++;
            if (!own) {
                summarised++;
            }
            switch (line.event) {
                case "session.opened" -> opened++;
                case "session.closed" -> {
                    closed++;
                    bump(causes, line.why);
                }
                case "access.denied" -> {
                    refused++;
                    bump(refusedReasons, line.why);
                }
                case "tls.failed" -> {
                    tlsFailed++;
                    bump(tlsReasons, line.why);
                }
                case "auth.failed" -> {
                    // With the attempts its poster did not post (over its rate), so the count stays exact.
                    authFailed += line.weight;
                    bump(authReasons, line.why, line.weight);
                }
                default -> {
                    // only per-connection events are admitted
                }
            }
            if (!"session.closed".equals(line.event) && !"auth.failed".equals(line.event)) {
                bump(endpoints, line.endpoint);
            }
        }

        private static void bump(Map<String, Long> counts, String key) {
            bump(counts, key, 1);
        }

        private static void bump(Map<String, Long> counts, String key, long n) {
            String k = key == null ? "unknown" : key;
            if (!counts.containsKey(k) && counts.size() >= MAX_KEYS) {
                k = "other";
            }
            counts.merge(k, n, Long::sum);
        }

        void addToFlood() {
            floodOpened += opened;
            floodClosed += closed;
            floodRefused += refused;
            floodTlsFailed += tlsFailed;
            floodAuthFailed += authFailed;
            floodSummarised += summarised;
        }

        /** The window that follows directly, with no events yet. */
        void next(Duration interval) {
            start = end;
            end = start.plus(interval);
            events = 0;
            summarised = 0;
            opened = 0;
            closed = 0;
            refused = 0;
            tlsFailed = 0;
            authFailed = 0;
            causes.clear();
            refusedReasons.clear();
            tlsReasons.clear();
            authReasons.clear();
            endpoints.clear();
        }
    }
}

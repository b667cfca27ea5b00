package dev.patchbay.api.event;

/**
 * Event Admin topics the transport posts, asynchronously. Properties are named in
 * {@link EventProperties}. Sessions and endpoints post per connection and per change, never
 * per message.
 */
public final class Topics {

    /** Prefix of every Patchbay topic. */
    public static final String PREFIX = "dev/patchbay/";

    /** An endpoint bound its address. Properties: endpoint, local, pid, file (its configuration file, or the PID). */
    public static final String ENDPOINT_STARTED = "dev/patchbay/endpoint/STARTED";

    /** An endpoint moved to a new address. Properties: endpoint, local, previous. */
    public static final String ENDPOINT_MOVED = "dev/patchbay/endpoint/MOVED";

    /** An endpoint stopped listening. Properties: endpoint, local, reason. */
    public static final String ENDPOINT_STOPPED = "dev/patchbay/endpoint/STOPPED";

    /** A configuration was refused. Properties: endpoint, pid, file, key, value, reason. */
    public static final String CONFIG_REFUSED = "dev/patchbay/config/REFUSED";

    /** A session was accepted. Properties: endpoint, session, remote, local. */
    public static final String SESSION_OPENED = "dev/patchbay/session/OPENED";

    /**
     * A session closed. Properties: endpoint, session, remote, local, reason, duration.ms,
     * bytes.in, bytes.out, messages.in, messages.out.
     */
    public static final String SESSION_CLOSED = "dev/patchbay/session/CLOSED";

    /** A connection was refused at accept. Properties: endpoint, remote, filter, reason. */
    public static final String SESSION_REFUSED = "dev/patchbay/session/REFUSED";

    /** A frame was refused by the codec. Properties: endpoint, session, remote, codec, reason. */
    public static final String FRAME_REJECTED = "dev/patchbay/codec/FRAME_REJECTED";

    /**
     * The handler serving new sessions of an endpoint changed. Properties: endpoint, handler,
     * from.version, to.version, policy, sessions (open sessions at the time).
     */
    public static final String HANDLER_SWAPPED = "dev/patchbay/handler/SWAPPED";

    /**
     * No matching handler is installed: new and live sessions of the endpoint are held, with
     * reads suspended. Properties: endpoint, handler, sessions.
     */
    public static final String SESSIONS_HELD = "dev/patchbay/handler/HELD";

    /** Held sessions resumed on a handler. Properties: endpoint, handler, to.version, sessions. */
    public static final String SESSIONS_RESUMED = "dev/patchbay/handler/RESUMED";

    /** An endpoint started draining. Properties: endpoint, local, sessions, reason. */
    public static final String ENDPOINT_DRAINING = "dev/patchbay/endpoint/DRAINING";

    /**
     * A connection was refused by a rate-limit or access-control profile. Properties:
     * endpoint, remote, profile, limit, reason.
     */
    public static final String RATELIMIT_REFUSED = "dev/patchbay/ratelimit/REFUSED";

    /**
     * Messages or bytes of an address were delayed by a rate limit, aggregated over a period,
     * never one event per message. Properties: endpoint, remote, profile, limit, count,
     * delay.ms.
     */
    public static final String RATELIMIT_DELAYED = "dev/patchbay/ratelimit/DELAYED";

    /** An address was blocked after repeated refusals. Properties: remote, profile, reason, duration.ms. */
    public static final String ADDRESS_BLOCKED = "dev/patchbay/ratelimit/BLOCKED";

    /** A block ended, by expiry or by an operator. Properties: remote, profile, reason. */
    public static final String ADDRESS_UNBLOCKED = "dev/patchbay/ratelimit/UNBLOCKED";

    /**
     * A TLS handshake failed or timed out; the connection was closed before any handler saw
     * it. Properties: endpoint, remote, local, profile, reason.class (protocol, cipher,
     * certificate, timeout or other, see {@code TlsConstants}), reason.
     */
    public static final String TLS_HANDSHAKE_FAILED = "dev/patchbay/tls/HANDSHAKE_FAILED";

    /**
     * A TLS profile loaded new material; handshakes from now on use it. Properties: profile,
     * subject, issuer, not.after (ISO-8601), files.
     */
    public static final String TLS_LOADED = "dev/patchbay/tls/LOADED";

    /**
     * A TLS profile refused new material (unreadable, not matching, expired, too old a
     * protocol); the previous material, if any, keeps serving. Properties: profile, file,
     * reason.
     */
    public static final String TLS_REFUSED = "dev/patchbay/tls/REFUSED";

    /**
     * The transport's memory budget changed state: {@code pressure} (reads of the sessions
     * holding the most are paused), {@code full} (new connections are refused at accept) or back
     * to {@code normal}. Properties: state, held, budget, reason.
     */
    public static final String TRANSPORT_MEMORY = "dev/patchbay/transport/MEMORY";

    /**
     * A call into a plug-in (handler, codec, filter, observer) threw, an {@code Error} too; only
     * the session it served was closed. Properties: endpoint, session, remote, plugin, reason.
     */
    public static final String PLUGIN_FAILED = "dev/patchbay/transport/PLUGIN_FAILED";

    /**
     * A client's authentication failed (a wrong password, an unknown user, or a password given
     * where none is set); the session stays open, as the protocol has it. Posted by protocol
     * handlers, per attempt, up to a rate of their choosing. Properties: endpoint, session, remote,
     * command, reason, user when the client named one, suppressed (attempts not posted before this
     * one, past that rate) when any; never the password. Since 1.3.
     */
    public static final String AUTH_FAILED = "dev/patchbay/auth/FAILED";

    private Topics() {
    }
}

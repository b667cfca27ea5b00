package dev.patchbay.api.event;

/**
 * Names of the properties of the events in {@link Topics}.
 */
public final class EventProperties {

    public static final String ENDPOINT = "endpoint";
    public static final String SESSION = "session";
    public static final String REMOTE = "remote";
    public static final String LOCAL = "local";
    public static final String PREVIOUS = "previous";
    public static final String PID = "pid";
    public static final String FILE = "file";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String REASON = "reason";
    public static final String FILTER = "filter";
    public static final String CODEC = "codec";
    public static final String HANDLER = "handler";
    public static final String FROM_VERSION = "from.version";
    public static final String TO_VERSION = "to.version";
    public static final String POLICY = "policy";
    public static final String PROFILE = "profile";
    public static final String LIMIT = "limit";
    public static final String COUNT = "count";
    public static final String DELAY_MS = "delay.ms";
    public static final String SESSIONS = "sessions";
    public static final String DURATION_MS = "duration.ms";
    public static final String BYTES_IN = "bytes.in";
    public static final String BYTES_OUT = "bytes.out";
    public static final String MESSAGES_IN = "messages.in";
    public static final String MESSAGES_OUT = "messages.out";

    public static final String REASON_CLASS = "reason.class";
    public static final String SUBJECT = "subject";
    public static final String ISSUER = "issuer";
    public static final String NOT_AFTER = "not.after";
    public static final String FILES = "files";
    /** Session events of TLS sessions: negotiated protocol, cipher suite, client subject. */
    public static final String TLS_PROTOCOL = "tls.protocol";
    public static final String TLS_CIPHER = "tls.cipher";
    public static final String TLS_PEER = "tls.peer";
    public static final String STATE = "state";
    public static final String HELD = "held";
    public static final String BUDGET = "budget";
    public static final String PLUGIN = "plugin";
    /** The user name a client gave (never its password); since 1.3. */
    public static final String USER = "user";
    /** What a client sent that was refused, such as {@code AUTH}; since 1.3. */
    public static final String COMMAND = "command";

    private EventProperties() {
    }
}

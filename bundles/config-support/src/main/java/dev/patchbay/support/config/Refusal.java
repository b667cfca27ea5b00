package dev.patchbay.support.config;

/**
 * One refused key of a configuration: the value given and what the key accepts, so that the
 * refusal reads as one line, {@code port=70000 (accepted: an integer from 1 to 65535)}. A
 * refusal by a rule across keys or outside the configuration (a file, an environment variable)
 * says why instead: {@code keystore=x.p12 (set either keystore or certificate and key, not both)}.
 *
 * @param accepted  what the key accepts, or why the value was refused when {@code explained}
 * @param explained whether {@code accepted} is a reason rather than what is accepted
 */
public record Refusal(String key, String value, String accepted, boolean explained) {

    public Refusal(String key, String value, String accepted) {
        this(key, value, accepted, false);
    }

    /** A refusal that gives its reason instead of what is accepted. */
    public static Refusal because(String key, String value, String reason) {
        return new Refusal(key, value, reason, true);
    }

    @Override
    public String toString() {
        return key + "=" + value + " (" + (explained ? "" : "accepted: ") + accepted + ")";
    }
}

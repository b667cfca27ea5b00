package dev.patchbay.tls.internal;

import java.util.Objects;

/**
 * A password, with where it came from. Its {@code toString} never shows it, so that it cannot
 * reach a log line or an event by accident through a record's generated {@code toString}.
 *
 * @see #source()
 */
final class Secret {

    private final String source;
    private final String value;

    Secret(String source, String value) {
        this.source = source;
        this.value = value;
    }

    /** Where the password came from, for messages: e.g. {@code environment variable TLS_KEY_PASSWORD}. */
    String source() {
        return source;
    }

    /** A fresh copy for an API that wants a char array (and may clear it). */
    char[] chars() {
        return value.toCharArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && source.equals(other.source) && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, value);
    }

    @Override
    public String toString() {
        return "(password from " + source + ")";
    }
}

package dev.patchbay.testkit;

/**
 * A {@link dev.patchbay.api.handler.Session} for unit tests of a handler, without a server: it
 * records what the handler writes (each write copied, as the transport copies it), keeps
 * attributes as the transport does (so a test can hand them from one handler version to the
 * next), and returns the endpoint settings the test sets. The same recording session Patchbay's
 * own unit tests use ({@code dev.patchbay.testsupport.RecordingSession}), under the kit's package.
 */
public final class RecordingSession extends dev.patchbay.testsupport.RecordingSession {

    public RecordingSession(String endpoint) {
        super(endpoint);
    }

    /** An endpoint setting {@link #endpointSetting} returns; {@code null} removes it. */
    @Override
    public RecordingSession setting(String key, String value) {
        super.setting(key, value);
        return this;
    }
}

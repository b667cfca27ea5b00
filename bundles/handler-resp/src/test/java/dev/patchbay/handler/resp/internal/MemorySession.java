package dev.patchbay.handler.resp.internal;

import java.net.InetSocketAddress;

import dev.patchbay.testsupport.RecordingSession;

/** The resp tests' session: the shared recording session, of endpoint resp, its replies read back as text. */
final class MemorySession extends RecordingSession {

    MemorySession() {
        super("resp", new InetSocketAddress("127.0.0.1", 50000));
    }

    /** What was written since the last call, as ISO-8859-1 text. */
    String take() {
        return takeText();
    }
}

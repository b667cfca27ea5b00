package dev.patchbay.handler.resp.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.rules.ExternalResource;

import dev.patchbay.keyspace.internal.KeyspaceComponent;

/**
 * A handler over a real keyspace, fed frames as the resp codec builds them. A test's rule: the
 * handler is deactivated after each test, its timer thread with it.
 */
final class RespFixture extends ExternalResource {

    final KeyspaceComponent keyspace = KeyspaceComponent.standalone(16);
    final RespHandler handler = new RespHandler(keyspace);

    @Override
    protected void after() {
        handler.deactivate();
    }

    MemorySession open() {
        return open(null);
    }

    MemorySession open(String password) {
        MemorySession s = new MemorySession();
        if (password != null) {
            s.setting(HandlerContext.REQUIREPASS, password);
        }
        handler.opened(s);
        return s;
    }

    /** The frame of the codec contract: [argc][len][bytes]..., big-endian ints. */
    static ByteBuffer frame(String... args) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(args.length);
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.ISO_8859_1);
                out.writeInt(b.length);
                out.write(b);
            }
            return ByteBuffer.wrap(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteBuffer protocolError(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer f = ByteBuffer.allocate(8 + b.length);
        f.putInt(-1).putInt(b.length).put(b).flip();
        return f;
    }

    /** Sends one command and returns the reply bytes as ISO-8859-1 text. */
    String send(MemorySession s, String... args) {
        handler.received(s, frame(args));
        return s.take();
    }
}

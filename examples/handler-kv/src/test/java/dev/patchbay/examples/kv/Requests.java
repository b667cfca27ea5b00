package dev.patchbay.examples.kv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds request frames as a client sends them. */
final class Requests {

    private Requests() {
    }

    static ByteBuffer put(int id, String key, byte[] value) {
        return keyed(KvProtocol.PUT, id, key, value);
    }

    static ByteBuffer get(int id, String key) {
        return keyed(KvProtocol.GET, id, key, new byte[0]);
    }

    static ByteBuffer delete(int id, String key) {
        return keyed(KvProtocol.DELETE, id, key, new byte[0]);
    }

    static ByteBuffer stat(int id) {
        return ByteBuffer.allocate(5).put(KvProtocol.STAT).putInt(id).flip();
    }

    static ByteBuffer keyed(byte op, int id, String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + 2 + k.length + value.length)
                .put(op).putInt(id).putShort((short) k.length).put(k).put(value).flip();
    }
}

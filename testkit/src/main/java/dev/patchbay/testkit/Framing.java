package dev.patchbay.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * How messages travel on the wire with the stock codecs: {@code line} (a message and
 * {@code \n}), {@code length-prefixed} (a 4-byte big-endian length, then the message) and
 * {@code raw} (bytes as they come; a reply is as long as the conversation says).
 */
public enum Framing {

    LINES("line"), LENGTH_PREFIXED("length-prefixed"), RAW("raw");

    private final String codec;

    Framing(String codec) {
        this.codec = codec;
    }

    /** The codec name an endpoint's {@code codec} key takes. */
    public String codec() {
        return codec;
    }

    /** The framing of a stock codec name. */
    public static Framing ofCodec(String codec) {
        for (Framing f : values()) {
            if (f.codec.equals(codec)) {
                return f;
            }
        }
        throw new IllegalArgumentException("not a stock codec: " + codec + " (line, length-prefixed, raw)");
    }

    /** The bytes on the wire for one message. */
    public byte[] encode(byte[] message) {
        switch (this) {
            case LINES:
                byte[] line = new byte[message.length + 1];
                System.arraycopy(message, 0, line, 0, message.length);
                line[message.length] = '\n';
                return line;
            case LENGTH_PREFIXED:
                return ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).array();
            default:
                return message.clone();
        }
    }

    /** Cuts replies out of the byte stream of one connection. */
    Decoder decoder() {
        return new Decoder(this);
    }

    /** Decoding state of one connection. */
    static final class Decoder {
        private final Framing framing;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private int length = -1;
        private final byte[] header = new byte[4];
        private int headerRead;

        private Decoder(Framing framing) {
            this.framing = framing;
        }

        /**
         * The next whole message from {@code in}, or null when {@code in} ends first.
         * {@code rawLength} is the length of the next raw reply (raw framing only).
         */
        byte[] next(ByteBuffer in, int rawLength) {
            switch (framing) {
                case LINES:
                    while (in.hasRemaining()) {
                        byte b = in.get();
                        if (b == '\n') {
                            return take();
                        }
                        partial.write(b);
                    }
                    return null;
                case LENGTH_PREFIXED:
                    while (length < 0 && in.hasRemaining()) {
                        header[headerRead++] = in.get();
                        if (headerRead == 4) {
                            length = ByteBuffer.wrap(header).getInt();
                            headerRead = 0;
                        }
                    }
                    return length < 0 ? null : fill(in, length);
                default:
                    return fill(in, rawLength);
            }
        }

        private byte[] fill(ByteBuffer in, int wanted) {
            int take = Math.min(in.remaining(), wanted - partial.size());
            partial.write(in.array(), in.arrayOffset() + in.position(), take);
            in.position(in.position() + take);
            if (partial.size() < wanted) {
                return null;
            }
            length = -1;
            return take();
        }

        private byte[] take() {
            byte[] message = partial.toByteArray();
            partial.reset();
            return message;
        }

        /** Whether part of a reply has arrived. */
        boolean hasPartial() {
            return partial.size() > 0 || headerRead > 0 || length >= 0;
        }

        String partialText() {
            return partial.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}

package dev.patchbay.api.codec;

/**
 * Service property names for {@link Codec} services, and the names of the stock codecs.
 */
public final class CodecConstants {

    /** The name endpoints use to pick the codec. Required. */
    public static final String CODEC_NAME = "patchbay.codec.name";

    /** Lines of UTF-8 text ended by {@code \n} or {@code \r\n}. */
    public static final String LINE = "line";

    /** Frames preceded by their length as a 4-byte big-endian integer. */
    public static final String LENGTH_PREFIXED = "length-prefixed";

    /** The bytes of each read as they arrive, with no framing. */
    public static final String RAW = "raw";

    private CodecConstants() {
    }
}

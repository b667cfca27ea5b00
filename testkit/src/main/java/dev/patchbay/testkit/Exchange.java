package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Arrays;

/**
 * What a {@link VerifiedLoad} sends and how it checks the replies: one {@link Conversation} per
 * connection, asked for request after request and shown every reply in order. A conversation
 * may keep state (a model of what its session holds on the server), since it sees everything
 * its connection sends and receives.
 */
@FunctionalInterface
public interface Exchange {

    /** The conversation of connection number {@code connection} (0, 1, ...), on the load's thread. */
    Conversation open(int connection);

    /** One connection's requests and the checks of their replies; called on the load's thread only. */
    interface Conversation {

        /** The message of request number {@code seq} (0, 1, ...), asked for in order. */
        byte[] request(long seq);

        /**
         * Checks the reply to request {@code seq} (replies arrive in request order). Returns null
         * if it is right, else what is wrong with it ("lost reply 12: got the reply to 13", ...).
         */
        String check(long seq, byte[] reply);

        /** The length of the reply to request {@code seq}; needed with {@link Framing#RAW} only. */
        default int replyLength(long seq) {
            throw new UnsupportedOperationException("a raw-codec conversation must say how long each reply is");
        }
    }

    /**
     * Echo: each request is a numbered ASCII message of varying length (see
     * {@link VerifiedLoad#message}), and its reply must be the same bytes. A reply that is
     * another request's message is reported as lost (a later one) or duplicated/reordered (an
     * earlier one).
     */
    static Exchange echo() {
        return connection -> new Conversation() {
            @Override
            public byte[] request(long seq) {
                return VerifiedLoad.message(connection, seq).getBytes(US_ASCII);
            }

            @Override
            public String check(long seq, byte[] reply) {
                byte[] expected = request(seq);
                if (Arrays.equals(expected, reply)) {
                    return null;
                }
                String got = new String(reply, US_ASCII);
                long gotSeq = VerifiedLoad.sequenceOf(connection, got);
                if (gotSeq > seq) {
                    return "lost line " + seq + " (got the echo of line " + gotSeq + " instead)";
                }
                if (gotSeq >= 0) {
                    return "duplicated or reordered: got line " + gotSeq + " again while expecting " + seq;
                }
                return "changed line: expected '" + VerifiedLoad.abbreviate(new String(expected, US_ASCII))
                        + "' got '" + VerifiedLoad.abbreviate(got) + "'";
            }

            @Override
            public int replyLength(long seq) {
                return request(seq).length;
            }
        };
    }
}

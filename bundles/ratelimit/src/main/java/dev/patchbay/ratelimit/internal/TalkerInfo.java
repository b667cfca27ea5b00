package dev.patchbay.ratelimit.internal;

/**
 * One address (or address group) of an endpoint, as the console shows it.
 *
 * @param endpoint          the endpoint
 * @param address           the address, or the network it is grouped into
 * @param sessions          open sessions
 * @param messagesPerSecond messages over the last second
 * @param messages          messages since the entry was created
 * @param bytes             bytes of messages since the entry was created
 * @param delayed           messages whose successor was delayed by a message or byte limit
 * @param delayMillis       total delay imposed, in milliseconds
 * @param refused           connections refused
 * @param messageTokens     tokens in the message bucket (negative: debt), or {@code null} when unlimited
 * @param byteTokens        tokens in the byte bucket, or {@code null} when unlimited
 */
public record TalkerInfo(String endpoint, String address, int sessions, double messagesPerSecond, long messages,
        long bytes, long delayed, long delayMillis, long refused, Long messageTokens, Long byteTokens) {
}

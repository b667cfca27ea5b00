package dev.patchbay.ratelimit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.github.bucket4j.Bandwidth;

/**
 * One rate-limit profile's validated configuration. {@link #parse} checks every key and
 * reports each bad value with the range it accepts, so that a refused configuration can be
 * explained in one log line. Every limit is optional: 0 means unlimited.
 *
 * @param connections             new connections per second per address, or {@code null}
 * @param messages                messages (frames) per second per address, or {@code null}
 * @param bytes                   bytes of messages per second per address, or {@code null}
 * @param connectionsPerAddress   concurrent connections per address; 0 unlimited
 * @param connectionsPerEndpoint  concurrent connections per endpoint using this profile; 0 unlimited
 * @param ipv4Prefix              IPv4 addresses are grouped by this many leading bits
 * @param ipv6Prefix              IPv6 addresses are grouped by this many leading bits
 * @param allow                   when not empty, only these networks may connect
 * @param deny                    these networks may never connect; wins over allow
 * @param blockThreshold          refusals within blockWindowSeconds that block an address; 0 never
 * @param blockWindowSeconds      the window refusals are counted in
 * @param blockDurationSeconds    how long a block lasts
 * @param maxAddresses            most per-address entries the profile keeps
 * @param reportIntervalSeconds   period of aggregated delay events and of log summaries
 */
record ProfileSettings(
        Rate connections,
        Rate messages,
        Rate bytes,
        int connectionsPerAddress,
        int connectionsPerEndpoint,
        int ipv4Prefix,
        int ipv6Prefix,
        CidrList allow,
        CidrList deny,
        int blockThreshold,
        int blockWindowSeconds,
        int blockDurationSeconds,
        int maxAddresses,
        int reportIntervalSeconds) {

    static final String CONNECTIONS_PER_SECOND = "connections.per.second";
    static final String CONNECTIONS_BURST = "connections.burst";
    static final String MESSAGES_PER_SECOND = "messages.per.second";
    static final String MESSAGES_BURST = "messages.burst";
    static final String BYTES_PER_SECOND = "bytes.per.second";
    static final String BYTES_BURST = "bytes.burst";
    static final String CONNECTIONS_PER_ADDRESS = "connections.per.address";
    static final String CONNECTIONS_PER_ENDPOINT = "connections.per.endpoint";
    static final String IPV4_PREFIX = "ipv4.prefix";
    static final String IPV6_PREFIX = "ipv6.prefix";
    static final String ALLOW = "allow";
    static final String DENY = "deny";
    static final String BLOCK_THRESHOLD = "block.threshold";
    static final String BLOCK_WINDOW = "block.window";
    static final String BLOCK_DURATION = "block.duration";
    static final String MAX_ADDRESSES = "max.addresses";
    static final String REPORT_INTERVAL = "report.interval";

    static final int DEFAULT_IPV4_PREFIX = 32;
    static final int DEFAULT_IPV6_PREFIX = 64;
    static final int DEFAULT_BLOCK_WINDOW = 60;
    static final int DEFAULT_BLOCK_DURATION = 300;
    static final int DEFAULT_MAX_ADDRESSES = 20_000;
    static final int DEFAULT_REPORT_INTERVAL = 10;

    static final long MAX_CONNECTION_RATE = 1_000_000;
    static final long MAX_MESSAGE_RATE = 1_000_000_000;
    // Bucket4j refuses a refill faster than one token per nanosecond, so 10^9/s is the ceiling.
    static final long MAX_BYTE_RATE = 1_000_000_000;
    static final int MAX_CONNECTIONS = 10_000_000;
    static final int MAX_BLOCK_THRESHOLD = 10_000;
    static final int MAX_ADDRESSES_LIMIT = 10_000_000;

    /**
     * A token bucket: {@code perSecond} tokens flow in each second, up to {@code burst}.
     *
     * @param perSecond the sustained rate
     * @param burst     the bucket's capacity: how many may pass at once after a quiet spell
     */
    record Rate(long perSecond, long burst) {

        Bandwidth bandwidth() {
            return Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
        }

        @Override
        public String toString() {
            return perSecond + "/s, burst " + burst;
        }
    }

    /** One refused key. */
    record Refusal(String key, String value, String accepted) {
        @Override
        public String toString() {
            return key + "=" + value + " (accepted: " + accepted + ")";
        }
    }

    /** The settings, or the reasons they were refused. */
    record Parsed(ProfileSettings settings, List<Refusal> refusals) {
        boolean ok() {
            return refusals.isEmpty();
        }
    }

    /** Whether a change from {@code previous} regroups addresses (the per-address state starts afresh). */
    boolean regroups(ProfileSettings previous) {
        return previous.ipv4Prefix != ipv4Prefix || previous.ipv6Prefix != ipv6Prefix;
    }

    /** Whether frames need counting against a bucket. */
    boolean limitsTraffic() {
        return messages != null || bytes != null;
    }

    /** A one-line summary for the log. */
    String summary() {
        StringJoiner j = new StringJoiner(", ");
        j.add(CONNECTIONS_PER_SECOND + "=" + rate(connections));
        j.add(MESSAGES_PER_SECOND + "=" + rate(messages));
        j.add(BYTES_PER_SECOND + "=" + rate(bytes));
        j.add(CONNECTIONS_PER_ADDRESS + "=" + count(connectionsPerAddress));
        j.add(CONNECTIONS_PER_ENDPOINT + "=" + count(connectionsPerEndpoint));
        j.add("per /" + ipv4Prefix + " (IPv4), /" + ipv6Prefix + " (IPv6)");
        if (!allow.isEmpty()) {
            j.add(ALLOW + "=" + allow);
        }
        if (!deny.isEmpty()) {
            j.add(DENY + "=" + deny);
        }
        j.add(blockThreshold == 0 ? "no blocking"
                : "block for " + blockDurationSeconds + " s after more than " + blockThreshold
                        + " refusals in " + blockWindowSeconds + " s");
        j.add(MAX_ADDRESSES + "=" + maxAddresses);
        return j.toString();
    }

    static String rate(Rate r) {
        return r == null ? "unlimited" : r.toString();
    }

    static String count(int n) {
        return n == 0 ? "unlimited" : Integer.toString(n);
    }

    static Parsed parse(Map<String, ?> props) {
        Reader r = new Reader(props);
        Rate connections = r.rate(CONNECTIONS_PER_SECOND, CONNECTIONS_BURST, MAX_CONNECTION_RATE);
        Rate messages = r.rate(MESSAGES_PER_SECOND, MESSAGES_BURST, MAX_MESSAGE_RATE);
        Rate bytes = r.rate(BYTES_PER_SECOND, BYTES_BURST, MAX_BYTE_RATE);
        ProfileSettings s = new ProfileSettings(connections, messages, bytes,
                (int) r.number(CONNECTIONS_PER_ADDRESS, 0, 0, MAX_CONNECTIONS),
                (int) r.number(CONNECTIONS_PER_ENDPOINT, 0, 0, MAX_CONNECTIONS),
                (int) r.number(IPV4_PREFIX, DEFAULT_IPV4_PREFIX, 0, 32),
                (int) r.number(IPV6_PREFIX, DEFAULT_IPV6_PREFIX, 0, 128),
                r.networks(ALLOW),
                r.networks(DENY),
                (int) r.number(BLOCK_THRESHOLD, 0, 0, MAX_BLOCK_THRESHOLD),
                (int) r.number(BLOCK_WINDOW, DEFAULT_BLOCK_WINDOW, 1, 86_400),
                (int) r.number(BLOCK_DURATION, DEFAULT_BLOCK_DURATION, 1, 7 * 86_400),
                (int) r.number(MAX_ADDRESSES, DEFAULT_MAX_ADDRESSES, 1, MAX_ADDRESSES_LIMIT),
                (int) r.number(REPORT_INTERVAL, DEFAULT_REPORT_INTERVAL, 1, 3600));
        return new Parsed(r.refusals.isEmpty() ? s : null, List.copyOf(r.refusals));
    }

    /** Reads raw ConfigAdmin values (strings from .cfg files, or typed values). */
    private static final class Reader {

        private final Map<String, ?> props;
        private final List<Refusal> refusals = new ArrayList<>();

        Reader(Map<String, ?> props) {
            this.props = props;
        }

        private void refuse(String key, Object value, String accepted) {
            refusals.add(new Refusal(key, String.valueOf(value), accepted));
        }

        long number(String key, long dflt, long min, long max) {
            Object v = props.get(key);
            if (v == null || v.toString().isBlank()) {
                return dflt;
            }
            String accepted = "an integer from " + min + " to " + max + (min == 0 && dflt == 0 ? " (0: unlimited)" : "");
            long value;
            if (v instanceof Number n && n.doubleValue() == n.longValue()) {
                value = n.longValue();
            } else {
                try {
                    value = Long.parseLong(v.toString().trim());
                } catch (NumberFormatException e) {
                    refuse(key, v, accepted);
                    return dflt;
                }
            }
            if (value < min || value > max) {
                refuse(key, v, accepted);
                return dflt;
            }
            return value;
        }

        Rate rate(String rateKey, String burstKey, long max) {
            long perSecond = number(rateKey, 0, 0, max);
            long burst = number(burstKey, 0, 0, max);
            if (perSecond == 0) {
                return null;
            }
            return new Rate(perSecond, burst == 0 ? perSecond : burst);
        }

        CidrList networks(String key) {
            Object v = props.get(key);
            if (v == null) {
                return CidrList.EMPTY;
            }
            Collection<?> items;
            if (v instanceof String[] a) {
                items = Arrays.asList(a);
            } else if (v instanceof Collection<?> c) {
                items = c;
            } else {
                items = Arrays.asList(v.toString().split("[,\\s]+"));
            }
            List<Cidr> networks = new ArrayList<>();
            for (Object item : items) {
                String s = item.toString().trim();
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    networks.add(Cidr.parse(s));
                } catch (IllegalArgumentException e) {
                    refuse(key, s, "IPv4 or IPv6 addresses or networks in CIDR notation, comma separated, "
                            + "e.g. 10.0.0.0/8, 192.0.2.7, 2001:db8::/32");
                }
            }
            return new CidrList(networks);
        }
    }
}

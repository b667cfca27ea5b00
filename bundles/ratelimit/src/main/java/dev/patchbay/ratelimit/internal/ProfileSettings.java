package dev.patchbay.ratelimit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.config.Refusal;

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

    /** The declaration of every key: defaults and ranges come from it, not from this class. */
    static final ConfigSchema SCHEMA = ConfigSchema.of(ProfileConfig.class);

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
        ConfigReader r = new ConfigReader(SCHEMA, props);
        ProfileSettings s = read(r);
        return new Parsed(r.refusals().isEmpty() ? s : null, r.refusals());
    }

    /** Reads every key through {@code r}: the metatype's ranges, then the address syntax of allow and deny. */
    static ProfileSettings read(ConfigReader r) {
        Rate connections = rate(r, CONNECTIONS_PER_SECOND, CONNECTIONS_BURST);
        Rate messages = rate(r, MESSAGES_PER_SECOND, MESSAGES_BURST);
        Rate bytes = rate(r, BYTES_PER_SECOND, BYTES_BURST);
        return new ProfileSettings(connections, messages, bytes,
                (int) number(r, CONNECTIONS_PER_ADDRESS),
                (int) number(r, CONNECTIONS_PER_ENDPOINT),
                (int) number(r, IPV4_PREFIX),
                (int) number(r, IPV6_PREFIX),
                networks(r, ALLOW),
                networks(r, DENY),
                (int) number(r, BLOCK_THRESHOLD),
                (int) number(r, BLOCK_WINDOW),
                (int) number(r, BLOCK_DURATION),
                (int) number(r, MAX_ADDRESSES),
                (int) number(r, REPORT_INTERVAL));
    }

    /** A number in its declared range; a limit whose 0 means "none" says so in its refusal. */
    private static long number(ConfigReader r, String key) {
        ConfigSchema.Attribute a = r.attribute(key);
        boolean zeroUnlimited = "0".equals(a.min()) && "0".equals(a.defaultValue());
        return r.number(key, zeroUnlimited ? " (0: unlimited)" : "");
    }

    private static Rate rate(ConfigReader r, String rateKey, String burstKey) {
        long perSecond = number(r, rateKey);
        long burst = number(r, burstKey);
        if (perSecond == 0) {
            return null;
        }
        return new Rate(perSecond, burst == 0 ? perSecond : burst);
    }

    /** Addresses and CIDR networks: a syntax metatype cannot check. */
    private static CidrList networks(ConfigReader r, String key) {
        List<Cidr> networks = new ArrayList<>();
        for (String s : r.items(key, "[,\\s]+")) {
            try {
                networks.add(Cidr.parse(s));
            } catch (IllegalArgumentException e) {
                r.refuse(key, s, "IPv4 or IPv6 addresses or networks in CIDR notation, comma separated, "
                        + "e.g. 10.0.0.0/8, 192.0.2.7, 2001:db8::/32");
            }
        }
        return new CidrList(networks);
    }
}

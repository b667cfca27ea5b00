package dev.patchbay.ratelimit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of a rate-limit profile, for operators and tools. The component reads the raw
 * properties through {@link ProfileSettings#parse}, so that a bad value is refused with its
 * key, value and accepted range instead of failing a type conversion.
 */
@ObjectClassDefinition(
        name = "Patchbay rate-limit profile",
        description = "Per-address rate limits and access control: one file per profile, etc/dev.patchbay.ratelimit-<profile>.cfg. "
                + "An endpoint with ratelimit=<profile> requires it and refuses new connections while it is missing. "
                + "Every value changes live, open sessions included; a bad value is refused and the last good configuration stays. "
                + "Every limit is optional: 0 means unlimited.")
@interface ProfileConfig {

    @AttributeDefinition(name = "connections.per.second",
            description = "New connections per second from one address (or address group); over it they are refused at accept. 0 to 1000000; 0 unlimited.")
    long connections_per_second() default 0;

    @AttributeDefinition(name = "connections.burst",
            description = "New connections one address may open at once after a quiet spell. 0 means connections.per.second.")
    long connections_burst() default 0;

    @AttributeDefinition(name = "messages.per.second",
            description = "Messages (frames) per second from one address, over all its sessions; over it, its next messages are delayed "
                    + "(reads pause, nothing is dropped). 0 to 1000000000; 0 unlimited.")
    long messages_per_second() default 0;

    @AttributeDefinition(name = "messages.burst",
            description = "Messages one address may send at once after a quiet spell. 0 means messages.per.second.")
    long messages_burst() default 0;

    @AttributeDefinition(name = "bytes.per.second",
            description = "Bytes of messages per second from one address (frame payloads, without framing); over it, delayed. 0 to 2^40; 0 unlimited.")
    long bytes_per_second() default 0;

    @AttributeDefinition(name = "bytes.burst",
            description = "Bytes one address may send at once after a quiet spell. 0 means bytes.per.second.")
    long bytes_burst() default 0;

    @AttributeDefinition(name = "connections.per.address",
            description = "Open connections per address; more are refused at accept. 0 to 10000000; 0 unlimited.")
    int connections_per_address() default 0;

    @AttributeDefinition(name = "connections.per.endpoint",
            description = "Open connections per endpoint using this profile; more are refused at accept. 0 to 10000000; 0 unlimited.")
    int connections_per_endpoint() default 0;

    @AttributeDefinition(name = "ipv4.prefix",
            description = "IPv4 addresses sharing the first this many bits share one set of limits. 32 (each address) by default; 0 to 32.")
    int ipv4_prefix() default ProfileSettings.DEFAULT_IPV4_PREFIX;

    @AttributeDefinition(name = "ipv6.prefix",
            description = "IPv6 addresses sharing the first this many bits share one set of limits. 64 (one subnet, usually one host) by default; 0 to 128.")
    int ipv6_prefix() default ProfileSettings.DEFAULT_IPV6_PREFIX;

    @AttributeDefinition(required = false,
            description = "Only these addresses or CIDR networks may connect, comma separated (IPv4 and IPv6). Empty: all.")
    String[] allow();

    @AttributeDefinition(required = false,
            description = "These addresses or CIDR networks are refused at accept, comma separated. Deny wins over allow.")
    String[] deny();

    @AttributeDefinition(name = "block.threshold",
            description = "An address refused more than this many times within block.window (by connections.per.second or "
                    + "connections.per.address) is blocked for block.duration. 0 to 10000; 0 never blocks.")
    int block_threshold() default 0;

    @AttributeDefinition(name = "block.window", description = "Seconds refusals are counted over. 1 to 86400.")
    int block_window() default ProfileSettings.DEFAULT_BLOCK_WINDOW;

    @AttributeDefinition(name = "block.duration",
            description = "Seconds a block lasts; patchbay:unblock ends one early. 1 to 604800.")
    int block_duration() default ProfileSettings.DEFAULT_BLOCK_DURATION;

    @AttributeDefinition(name = "max.addresses",
            description = "Most addresses the profile tracks at once (about 0.4 KB each, plus 0.3 KB for each of the three rates that is set: at most 26 MB at the default 20000). "
                    + "At the cap, connections from untracked addresses are refused until idle ones are evicted. 1 to 10000000.")
    int max_addresses() default ProfileSettings.DEFAULT_MAX_ADDRESSES;

    @AttributeDefinition(name = "report.interval",
            description = "Seconds between aggregated delay events and between summaries of refusals not logged one by one. 1 to 3600.")
    int report_interval() default ProfileSettings.DEFAULT_REPORT_INTERVAL;
}

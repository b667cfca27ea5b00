package dev.patchbay.ratelimit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The one declaration of a rate-limit profile's settings: key, type, default, range and
 * description. bnd turns it into the metatype operators and tools read; {@link ProfileSettings}
 * validates the raw properties against that same metatype, so that a bad value is refused with
 * its key, value and accepted range instead of failing a type conversion.
 */
@ObjectClassDefinition(
        name = "Patchbay rate-limit profile",
        description = "Per-address rate limits and access control: one file per profile, etc/dev.patchbay.ratelimit-<profile>.cfg. "
                + "An endpoint with ratelimit=<profile> requires it and refuses new connections while it is missing. "
                + "Every value changes live, open sessions included; a bad value is refused and the last good configuration stays. "
                + "Every limit is optional: 0 means unlimited.")
@interface ProfileConfig {

    @AttributeDefinition(name = "connections.per.second", min = "0", max = "1000000",
            description = "New connections per second from one address (or address group); over it they are refused at accept. 0 to 1000000; 0 unlimited.")
    long connections_per_second() default 0;

    @AttributeDefinition(name = "connections.burst", min = "0", max = "1000000",
            description = "New connections one address may open at once after a quiet spell. 0 to 1000000; 0 means connections.per.second.")
    long connections_burst() default 0;

    @AttributeDefinition(name = "messages.per.second", min = "0", max = "1000000000",
            description = "Messages (frames) per second from one address, over all its sessions; over it, its next messages are delayed "
                    + "(reads pause, nothing is dropped). 0 to 1000000000; 0 unlimited.")
    long messages_per_second() default 0;

    @AttributeDefinition(name = "messages.burst", min = "0", max = "1000000000",
            description = "Messages one address may send at once after a quiet spell. 0 to 1000000000; 0 means messages.per.second.")
    long messages_burst() default 0;

    @AttributeDefinition(name = "bytes.per.second", min = "0", max = "1000000000",
            description = "Bytes of messages per second from one address (frame payloads, without framing); over it, delayed. 0 to 1000000000; 0 unlimited.")
    long bytes_per_second() default 0;

    @AttributeDefinition(name = "bytes.burst", min = "0", max = "1000000000",
            description = "Bytes one address may send at once after a quiet spell. 0 to 1000000000; 0 means bytes.per.second.")
    long bytes_burst() default 0;

    @AttributeDefinition(name = "connections.per.address", min = "0", max = "10000000",
            description = "Open connections per address; more are refused at accept. 0 to 10000000; 0 unlimited.")
    int connections_per_address() default 0;

    @AttributeDefinition(name = "connections.per.endpoint", min = "0", max = "10000000",
            description = "Open connections per endpoint using this profile; more are refused at accept. 0 to 10000000; 0 unlimited.")
    int connections_per_endpoint() default 0;

    @AttributeDefinition(name = "ipv4.prefix", min = "0", max = "32",
            description = "IPv4 addresses sharing the first this many bits share one set of limits. 32 (each address) by default; 0 to 32.")
    int ipv4_prefix() default 32;

    @AttributeDefinition(name = "ipv6.prefix", min = "0", max = "128",
            description = "IPv6 addresses sharing the first this many bits share one set of limits. 64 (one subnet, usually one host) by default; 0 to 128.")
    int ipv6_prefix() default 64;

    @AttributeDefinition(required = false,
            description = "Only these addresses or CIDR networks may connect, comma separated (IPv4 and IPv6). Empty: all.")
    String[] allow();

    @AttributeDefinition(required = false,
            description = "These addresses or CIDR networks are refused at accept, comma separated. Deny wins over allow.")
    String[] deny();

    @AttributeDefinition(name = "block.threshold", min = "0", max = "10000",
            description = "An address refused more than this many times within block.window (by connections.per.second or "
                    + "connections.per.address) is blocked for block.duration. 0 to 10000; 0 never blocks.")
    int block_threshold() default 0;

    @AttributeDefinition(name = "block.window", min = "1", max = "86400", description = "Seconds refusals are counted over. 1 to 86400.")
    int block_window() default 60;

    @AttributeDefinition(name = "block.duration", min = "1", max = "604800",
            description = "Seconds a block lasts; patchbay:unblock ends one early. 1 to 604800.")
    int block_duration() default 300;

    @AttributeDefinition(name = "max.addresses", min = "1", max = "10000000",
            description = "Most addresses the profile tracks at once (about 0.4 KB each, plus 0.3 KB for each of the three rates that is set: at most 26 MB at the default 20000). "
                    + "At the cap, connections from untracked addresses are refused until idle ones are evicted. 1 to 10000000.")
    int max_addresses() default 20_000;

    @AttributeDefinition(name = "report.interval", min = "1", max = "3600",
            description = "Seconds between aggregated delay events and between summaries of refusals not logged one by one. 1 to 3600.")
    int report_interval() default 10;

    /** Felix WebConsole names each profile in its configuration list from this template; no component reads it. */
    @AttributeDefinition(name = "Name hint", description = "How the WebConsole names a rate-limit profile in its list of configurations.")
    String webconsole_configurationFactory_nameHint() default "Rate limit: {connections.per.second} connections/s, {messages.per.second} messages/s";
}

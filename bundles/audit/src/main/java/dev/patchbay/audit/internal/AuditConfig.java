package dev.patchbay.audit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The one declaration of {@code etc/dev.patchbay.audit.cfg}: key, type, default, range and
 * description. {@link AuditSettings} validates the raw properties against the metatype bnd
 * generates from it.
 */
@ObjectClassDefinition(
        name = "Patchbay audit log",
        description = "Where and how the audit log is written: one hash-chained JSON object per line, written by one "
                + "writer thread in batches (several lines per write and fsync); operations events in file, kept by "
                + "age, session and refusal events in <file>-sessions, kept by count. Every value changes live.")
@interface AuditConfig {

    @AttributeDefinition(name = "file",
            description = "The audit file. ${karaf.data}, ${karaf.base} and ${karaf.home} are expanded. "
                    + "Rotated files sit beside it, named <name>-<UTC time of rotation>.json.")
    String file() default "${karaf.data}/log/patchbay-audit.json";

    @AttributeDefinition(name = "max.size",
            description = "Rotate before a line would make the file larger than this, in bytes (suffixes KiB, MiB, GiB "
                    + "accepted). 0 never rotates by size. Default 50 MiB.")
    String max_size() default "50MiB";

    @AttributeDefinition(name = "rotate.daily",
            description = "Also rotate at the first event of each new day (UTC).")
    boolean rotate_daily() default true;

    @AttributeDefinition(name = "retention", min = "0", max = "100000",
            description = "Rotated files of session and refusal events (<file>-sessions) kept; older ones are deleted. "
                    + "0 keeps all; 0 to 100000. Default 30.")
    int retention() default 30;

    @AttributeDefinition(name = "retention.days", min = "0", max = "36500",
            description = "Days the rotated files of operations and security events (configuration, console commands, "
                    + "bundles, handler swaps, endpoints, TLS material, blocks, the audit log itself) are kept after "
                    + "their rotation, whatever the traffic. 0 keeps them all; 0 to 36500. Default 365.")
    int retention_days() default 365;

    @AttributeDefinition(name = "flood.threshold", min = "0", max = "1000000",
            description = "Per-connection events (session opened, closed, refused, TLS handshake failed) of one client "
                    + "address per flood.interval written as lines of their own (and the first of each cause or reason); beyond it they are counted into one "
                    + "session.summary line per address and interval, with exact counts. 0 never summarises; 0 to 1000000. Default 200.")
    int flood_threshold() default 200;

    @AttributeDefinition(name = "flood.interval", min = "1", max = "3600",
            description = "Seconds of the flood.threshold window, 1 to 3600. Default 10.")
    int flood_interval() default 10;

    @AttributeDefinition(name = "queue.lines", min = "100", max = "10000000",
            description = "Lines that may wait for the writer thread (a slow or stalled disk); beyond it, or beyond "
                    + "queue.size, an event is not written: counted, logged, and /health/ready turns WARN. 100 to 10000000. Default 50000.")
    int queue_lines() default 50_000;

    @AttributeDefinition(name = "queue.size",
            description = "Bytes that may wait for the writer thread (KiB, MiB, GiB), at least 64KiB. Default 16MiB.")
    String queue_size() default "16MiB";

    @AttributeDefinition(name = "fsync",
            description = "Force every batch of lines to the disk before it counts as written (survives power loss; "
                    + "costs a disk flush per batch). Without it a written line survives a killed JVM but not a power cut.")
    boolean fsync() default false;

    @AttributeDefinition(name = "redact.patterns",
            description = "Extra regular expressions (comma separated, case-insensitive, found anywhere in the key) "
                    + "for keys whose values are replaced by ***, on top of the built-in password, secret, token, "
                    + "passphrase, credential, private key and key material names.")
    String[] redact_patterns() default {};
}

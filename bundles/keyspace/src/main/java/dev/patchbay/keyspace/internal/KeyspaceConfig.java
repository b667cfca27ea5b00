package dev.patchbay.keyspace.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "Patchbay keyspace",
        description = "The in-memory keyspace served by the RESP handler: numbered databases, expiry and the memory "
                + "limit. maxmemory and maxmemory-policy change live; databases takes effect when the bundle restarts.")
@interface KeyspaceConfig {

    @AttributeDefinition(name = "databases", min = "1", max = "1024",
            description = "Number of databases (SELECT 0 .. databases-1), 1 to 1024. Default 16.")
    int databases() default 16;

    @AttributeDefinition(name = "maxmemory",
            description = "Limit on the estimated memory of keys and values, in bytes (suffixes kb, mb, gb as Redis "
                    + "reads them, 1k = 1000, 1kb = 1024). 0, the default, means half of the JVM's maximum heap (never no limit: the server must outlive a client filling it). Past it, commands that may "
                    + "add data are refused with Redis's OOM error, unless the policy can evict keys.")
    String maxmemory() default "0";

    @AttributeDefinition(name = "maxmemory-policy",
            description = "What happens past maxmemory: noeviction refuses writes; allkeys-random and volatile-random "
                    + "evict random keys (volatile-*: only keys with a time to live) until under the limit.",
            options = {
                @Option(label = "noeviction", value = "noeviction"),
                @Option(label = "allkeys-random", value = "allkeys-random"),
                @Option(label = "volatile-random", value = "volatile-random")
            })
    String maxmemory$_$policy() default "noeviction";

    @AttributeDefinition(name = "hz", min = "1", max = "500",
            description = "Active expiry cycles per second, 1 to 500, each sampling keys with a time to live in every "
                    + "database as Redis does. Default 10.")
    int hz() default 10;
}

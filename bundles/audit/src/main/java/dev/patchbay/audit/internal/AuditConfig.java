package dev.patchbay.audit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Patchbay audit log",
        description = "Where and how the audit log is written: one hash-chained JSON object per line, written "
                + "synchronously before the action it records is acknowledged. Every value changes live.")
@interface AuditConfig {

    String DEFAULT_FILE = "${karaf.data}/log/patchbay-audit.json";

    @AttributeDefinition(name = "file",
            description = "The audit file. ${karaf.data}, ${karaf.base} and ${karaf.home} are expanded. "
                    + "Rotated files sit beside it, named <name>-<UTC time of rotation>.json.")
    String file() default DEFAULT_FILE;

    @AttributeDefinition(name = "max.size",
            description = "Rotate before a line would make the file larger than this, in bytes (suffixes KiB, MiB, GiB "
                    + "accepted). 0 never rotates by size. Default 50 MiB.")
    String max_size() default "50MiB";

    @AttributeDefinition(name = "rotate.daily",
            description = "Also rotate at the first event of each new day (UTC).")
    boolean rotate_daily() default true;

    @AttributeDefinition(name = "retention",
            description = "Rotated files kept; older ones are deleted. 0 keeps all. Default 30.")
    int retention() default 30;

    @AttributeDefinition(name = "fsync",
            description = "Force every line to the disk before going on (survives power loss; costs a disk "
                    + "flush per event). Without it a written line survives a killed JVM but not a power cut.")
    boolean fsync() default false;

    @AttributeDefinition(name = "redact.patterns",
            description = "Extra regular expressions (comma separated, case-insensitive, found anywhere in the key) "
                    + "for keys whose values are replaced by ***, on top of the built-in password, secret, token, "
                    + "passphrase, credential, private key and key material names.")
    String[] redact_patterns() default {};
}

package dev.patchbay.audit.internal;

import java.nio.file.Paths;
import java.time.Clock;

/**
 * Run in a child JVM by {@link AuditWriterKillTest}: writes events, says how many on stdout
 * after each returned write, and never closes the file.
 */
public final class KillNineWriter {

    public static void main(String[] args) throws Exception {
        AuditWriter w = new AuditWriter(Paths.get(args[0]), new AuditWriter.Policy(0, false, 0, false),
                Clock.systemUTC(), null);
        for (int i = 1; ; i++) {
            w.write(AuditEvent.of("session.closed").endpoint("kill").session((long) i).fields());
            System.out.println(i);
            System.out.flush();
            if (i >= 1_000_000) {
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}

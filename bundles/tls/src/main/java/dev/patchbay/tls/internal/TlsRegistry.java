package dev.patchbay.tls.internal;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import dev.patchbay.support.event.EventSink;

/**
 * The TLS profiles of this bundle, for the console command, and the thread that watches their
 * files and the event outlet they share. Private to this bundle.
 */
public interface TlsRegistry {

    /** Every configured profile, loaded or not, by name. */
    List<ProfileStatus> profiles();

    void add(TlsProfileComponent profile);

    void remove(TlsProfileComponent profile);

    /** Posts profile events to Event Admin, when present. */
    EventSink events();

    /** Runs file polls and reloads, one at a time, off the configuration and I/O threads. */
    ScheduledExecutorService watcher();
}

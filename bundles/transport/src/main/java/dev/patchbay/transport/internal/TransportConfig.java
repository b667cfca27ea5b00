package dev.patchbay.transport.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The one declaration of {@code etc/dev.patchbay.transport.cfg}: what all endpoints share.
 * {@link TransportSettings} validates against the metatype bnd generates from it.
 */
@ObjectClassDefinition(name = "Patchbay transport",
        description = "Settings every endpoint shares: the memory budget, I/O thread watchdog, handler worker pool and TLS handshake pool.")
@interface TransportConfig {

    @AttributeDefinition(name = "memory.budget", min = "0", max = "9223372036854775807",
            description = "Bytes the transport may hold for sessions (pending replies, reply batches, partial frames, kept input, TLS buffers). "
                    + "Near it the reads of the sessions holding the most pause; at it new connections are refused. 0 = a quarter of the maximum heap.")
    long memory_budget() default 0;

    @AttributeDefinition(name = "io.stall.timeout", min = "1", max = "3600",
            description = "Seconds an I/O thread may spend in one call into a plug-in before the transport reports itself not live (/health/live 503). 1 to 3600.")
    int io_stall_timeout() default 10;

    @AttributeDefinition(name = "worker.threads", min = "1", max = "1024",
            description = "Threads of the pool that runs handlers of endpoints with handler.executor=worker. 1 to 1024.")
    int worker_threads() default 16;

    @AttributeDefinition(name = "worker.queue.bytes", min = "4096", max = "1073741824",
            description = "Input bytes queued for one session's worker before its reads pause. 4096 to 1073741824.")
    int worker_queue_bytes() default 1 << 20;

    @AttributeDefinition(name = "tls.handshake.threads", min = "0", max = "256",
            description = "Threads that run TLS handshakes (key exchange, signatures, certificate checks, the handshake's records), off the I/O threads. "
                    + "0 = half the processors, at least 1. 0 to 256.")
    int tls_handshake_threads() default 0;

    @AttributeDefinition(name = "tls.handshake.pending", min = "1", max = "1000000",
            description = "TLS handshakes under way at once over all endpoints; a TLS connection beyond this is refused at accept. 1 to 1000000.")
    int tls_handshake_pending() default 512;
}

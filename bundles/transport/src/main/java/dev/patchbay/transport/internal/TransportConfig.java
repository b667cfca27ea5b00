package dev.patchbay.transport.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of {@code etc/dev.patchbay.transport.cfg}: what all endpoints share. Validation
 * and defaults live in {@link TransportSettings}.
 */
@ObjectClassDefinition(name = "Patchbay transport",
        description = "Settings every endpoint shares: the memory budget, I/O thread watchdog, handler worker pool and TLS handshake pool.")
@interface TransportConfig {

    @AttributeDefinition(name = "memory.budget", required = false,
            description = "Bytes the transport may hold for sessions (pending replies, reply batches, partial frames, kept input, TLS buffers). "
                    + "Near it the reads of the sessions holding the most pause; at it new connections are refused. 0 = a quarter of the maximum heap.")
    long memory_budget() default 0;

    @AttributeDefinition(name = "io.stall.timeout",
            description = "Seconds an I/O thread may spend in one call into a plug-in before the transport reports itself not live (/health/live 503). 1 to 3600.")
    int io_stall_timeout() default TransportSettings.DEFAULT_IO_STALL_TIMEOUT;

    @AttributeDefinition(name = "worker.threads",
            description = "Threads of the pool that runs handlers of endpoints with handler.executor=worker. 1 to 1024.")
    int worker_threads() default TransportSettings.DEFAULT_WORKER_THREADS;

    @AttributeDefinition(name = "worker.queue.bytes",
            description = "Input bytes queued for one session's worker before its reads pause. 4096 to 1073741824.")
    int worker_queue_bytes() default TransportSettings.DEFAULT_WORKER_QUEUE_BYTES;

    @AttributeDefinition(name = "tls.handshake.threads",
            description = "Threads that run TLS handshake crypto (key exchange, signatures, certificate checks), off the I/O threads. "
                    + "0 = half the processors, at least 1. 0 to 256.")
    int tls_handshake_threads() default 0;

    @AttributeDefinition(name = "tls.handshake.pending",
            description = "TLS handshakes under way at once over all endpoints; a TLS connection beyond this is refused at accept. 1 to 1000000.")
    int tls_handshake_pending() default TransportSettings.DEFAULT_HANDSHAKES_PENDING;
}

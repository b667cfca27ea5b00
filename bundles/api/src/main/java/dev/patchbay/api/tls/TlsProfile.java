package dev.patchbay.api.tls;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.net.ssl.SSLEngine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named set of TLS material and rules, registered as a service with the property
 * {@link TlsConstants#PROFILE} while its material is loaded and valid. When the material is
 * replaced, later calls to {@link #newServerEngine} use the new material; engines already made
 * are not affected.
 */
@ProviderType
public interface TlsProfile {

    /** The profile's name, from its configuration file name. */
    String name();

    /**
     * A new server-side engine for one connection, with the profile's current key, trust
     * material, protocols, cipher suites and client-authentication rule applied.
     *
     * <p>The engine may hand out delegated tasks as any {@link SSLEngine} does; the transport
     * runs them, and the rest of the handshake, on a pool of its own, off the I/O threads.
     *
     * @param peer the client's address, for session resumption
     */
    SSLEngine newServerEngine(InetSocketAddress peer);

    /** How long a client may take to complete its handshake before it is closed. */
    Duration handshakeTimeout();

    /**
     * When the certificate chain that new handshakes present stops being valid: the earliest
     * not-after of the server certificate and the intermediates sent with it. Read by the
     * metrics bundle for {@code patchbay_tls_certificate_expiry_seconds} and its health check.
     *
     * @return that instant, or empty when the profile cannot tell (the default, for profiles
     *         written before 1.1)
     * @since 1.1
     */
    default Optional<Instant> certificateNotAfter() {
        return Optional.empty();
    }
}

package dev.patchbay.api.tls;

import java.net.InetSocketAddress;
import java.time.Duration;

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
     * <p>The engine should run its delegated tasks itself, inside {@code wrap} and
     * {@code unwrap}: MINA 2.2's TLS filter, which drives it, does not resume reading after a
     * delegated task it ran on its own executor (the TLS bundle's engines do so).
     *
     * @param peer the client's address, for session resumption
     */
    SSLEngine newServerEngine(InetSocketAddress peer);

    /** How long a client may take to complete its handshake before it is closed. */
    Duration handshakeTimeout();
}

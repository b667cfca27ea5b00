package dev.patchbay.api.runtime;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running transport's endpoints and sessions, as a service. Used by the console,
 * metrics and health checks.
 */
@ProviderType
public interface TransportRuntime {

    /** Every configured endpoint, sorted by name. */
    List<EndpointInfo> endpoints();

    /** Open sessions, of one endpoint or of all when {@code endpoint} is {@code null}, by id. */
    List<SessionInfo> sessions(String endpoint);

    /** Every installed protocol handler service, by name then version. */
    List<HandlerInfo> handlers();

    /**
     * Drains an endpoint: it stops accepting (its address is released), and its sessions are
     * closed as they finish, gracefully after their pending writes, at the latest when the
     * endpoint's {@code drain.timeout} has passed. Editing or re-creating the endpoint's
     * configuration brings it back.
     *
     * @return {@code false} if there is no such endpoint
     */
    boolean drain(String endpoint);

    /**
     * Closes a session after its pending writes.
     *
     * @return {@code false} if no open session has that id
     */
    boolean closeSession(long id);

    /** The transport's memory budget, I/O threads and failures, and whether it is live and ready. */
    TransportStatus status();
}

package dev.patchbay.api.filter;

/**
 * Service property names for {@link SessionFilter} services.
 */
public final class FilterConstants {

    /** The name endpoints list the filter by. Required. */
    public static final String FILTER_NAME = "patchbay.filter.name";

    /**
     * Position in the chain, an integer: lower runs first, nearer the network. Default 0;
     * equal orders run by name.
     */
    public static final String FILTER_ORDER = "patchbay.filter.order";

    /**
     * Suffix that marks a filter optional in an endpoint's {@code filters} list, e.g.
     * {@code filters=ratelimit,trace?}: the endpoint serves without {@code trace} when it is
     * missing, and fails closed without {@code ratelimit}.
     */
    public static final String OPTIONAL_SUFFIX = "?";

    /**
     * Prefix of the filter that an endpoint's {@code ratelimit=<profile>} key requires: such an
     * endpoint requires the filter named {@code ratelimit.<profile>}.
     */
    public static final String RATELIMIT_PREFIX = "ratelimit.";

    private FilterConstants() {
    }
}

package dev.patchbay.transport.internal;

import java.util.Comparator;

import dev.patchbay.api.filter.SessionFilter;

/**
 * A filter service with the name and order it was registered with.
 */
record FilterBinding(String name, int order, SessionFilter filter) {

    static final Comparator<FilterBinding> CHAIN_ORDER =
            Comparator.comparingInt(FilterBinding::order).thenComparing(FilterBinding::name);
}

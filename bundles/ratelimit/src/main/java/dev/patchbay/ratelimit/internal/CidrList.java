package dev.patchbay.ratelimit.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An allow or deny list of networks. Matching scans the list, once per new connection; an
 * access list of a few thousand entries costs microseconds there and nothing per message.
 */
record CidrList(List<Cidr> networks) {

    static final CidrList EMPTY = new CidrList(List.of());

    CidrList {
        networks = List.copyOf(networks);
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    /** The first network holding {@code address}, or {@code null}. */
    Cidr match(InetAddress address) {
        for (Cidr c : networks) {
            if (c.contains(address)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return networks.isEmpty() ? "(none)"
                : networks.stream().map(Cidr::toCidrString).collect(Collectors.joining(", "));
    }
}

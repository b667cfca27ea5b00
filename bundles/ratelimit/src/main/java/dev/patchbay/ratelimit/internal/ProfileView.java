package dev.patchbay.ratelimit.internal;

import java.util.List;
import java.util.Map;

/**
 * A profile as it applies to one endpoint, for {@code patchbay:ratelimit-show}.
 *
 * @param profile          the profile name
 * @param source           its configuration file, or PID
 * @param limits           each setting as key, value and meaning, in a fixed order
 * @param endpointSessions sessions of the endpoint the profile counts
 * @param addresses        entries the profile keeps, over all its endpoints
 * @param maxAddresses     the cap on those entries
 * @param blocked          active blocks on the endpoint
 * @param refusals         refused connections by limit, over all the profile's endpoints
 * @param topTalkers       the endpoint's busiest addresses, busiest first
 */
public record ProfileView(String profile, String source, List<String[]> limits, int endpointSessions, int addresses,
        int maxAddresses, int blocked, Map<String, Long> refusals, List<TalkerInfo> topTalkers) {
}

package dev.patchbay.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one installed protocol handler service.
 *
 * @param name        the handler's name
 * @param version     the version of the bundle that registered it
 * @param bundleId    that bundle's id
 * @param bundle      that bundle's symbolic name
 * @param servingNew  endpoints whose new sessions go to this handler
 * @param sessions    open sessions served by this handler, per endpoint
 */
public record HandlerInfo(String name, String version, long bundleId, String bundle,
        List<String> servingNew, Map<String, Integer> sessions) {

    public HandlerInfo {
        servingNew = List.copyOf(servingNew);
        sessions = Map.copyOf(sessions);
    }
}

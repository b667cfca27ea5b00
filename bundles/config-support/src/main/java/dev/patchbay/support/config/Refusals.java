package dev.patchbay.support.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.patchbay.api.event.EventProperties;

/**
 * How every component reports a refused configuration, so that the log line and the
 * {@code config.refused} event the audit log records read the same whichever bundle refused.
 */
public final class Refusals {

    private Refusals() {
    }

    /** The refusals as one log text: {@code port=70000 (accepted: an integer from 1 to 65535); ...}. */
    public static String line(List<Refusal> refusals) {
        return refusals.stream().map(Object::toString).collect(Collectors.joining("; "));
    }

    /**
     * The properties of a {@code config.refused} event (topic {@code Topics.CONFIG_REFUSED}): the
     * PID, the file (or PID) it came from, the refused keys and values (comma separated) and the
     * whole refusal as its reason. Mutable, for a caller that adds its own (a profile name).
     */
    public static Map<String, Object> event(String pid, String file, List<Refusal> refusals) {
        Map<String, Object> event = new HashMap<>();
        event.put(EventProperties.PID, pid);
        event.put(EventProperties.FILE, file);
        event.put(EventProperties.KEY, refusals.stream().map(Refusal::key).distinct().collect(Collectors.joining(",")));
        event.put(EventProperties.VALUE, refusals.stream().map(Refusal::value).collect(Collectors.joining(",")));
        event.put(EventProperties.REASON, line(refusals));
        return event;
    }
}

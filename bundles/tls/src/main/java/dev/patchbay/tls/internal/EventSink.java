package dev.patchbay.tls.internal;

import java.util.Map;

/** Where a profile posts its events: Event Admin when present, nowhere otherwise. */
@FunctionalInterface
interface EventSink {

    EventSink NONE = (topic, properties) -> { };

    void post(String topic, Map<String, Object> properties);
}

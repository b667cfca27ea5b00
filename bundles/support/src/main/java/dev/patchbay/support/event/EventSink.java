package dev.patchbay.support.event;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Where a component posts its events: Event Admin while one is present, nowhere otherwise.
 * Components keep their optional, dynamic {@code EventAdmin} reference and hand a reader of it
 * to {@link #to(Supplier)}, so that posting never fails or waits because Event Admin is away.
 */
@FunctionalInterface
public interface EventSink {

    /** Posts nothing: for tests, and for parts that run without a component around them. */
    EventSink NONE = (topic, properties) -> { };

    /** Posts asynchronously ({@link EventAdmin#postEvent}), never sends: the caller may be an I/O thread. */
    void post(String topic, Map<String, Object> properties);

    /** Posts to whatever {@code eventAdmin} returns at the time, or drops the event when it returns {@code null}. */
    static EventSink to(Supplier<EventAdmin> eventAdmin) {
        return (topic, properties) -> {
            EventAdmin ea = eventAdmin.get();
            if (ea != null) {
                ea.postEvent(new Event(topic, properties));
            }
        };
    }
}

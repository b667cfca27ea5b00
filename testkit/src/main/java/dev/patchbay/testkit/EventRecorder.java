package dev.patchbay.testkit;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Records the Event Admin events of some topics, inside the container. Built on reflection
 * because the itests do not compile against the Event Admin API: the probe imports it at run
 * time (DynamicImport-Package), from the eventadmin bundle the distribution runs.
 */
public final class EventRecorder implements AutoCloseable {

    private static final String HANDLER = "org.osgi.service.event.EventHandler";

    private final List<String> topics = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> properties = Collections.synchronizedList(new ArrayList<>());
    private final ServiceRegistration<?> registration;

    private EventRecorder(BundleContext context, String topicPattern) throws ClassNotFoundException {
        Class<?> handlerType = Class.forName(HANDLER, false, EventRecorder.class.getClassLoader());
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "handleEvent":
                            record(args[0]);
                            return null;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "EventRecorder(" + topicPattern + ")";
                        default:
                            return null;
                    }
                });
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("event.topics", topicPattern);
        registration = context.registerService(HANDLER, handler, props);
    }

    /** Starts recording events whose topic matches {@code topicPattern}, e.g. {@code dev/patchbay/ratelimit/*}. */
    public static EventRecorder start(BundleContext context, String topicPattern) throws ClassNotFoundException {
        return new EventRecorder(context, topicPattern);
    }

    private void record(Object event) throws ReflectiveOperationException {
        String topic = (String) event.getClass().getMethod("getTopic").invoke(event);
        String[] names = (String[]) event.getClass().getMethod("getPropertyNames").invoke(event);
        Map<String, Object> props = new HashMap<>();
        for (String name : names) {
            props.put(name, event.getClass().getMethod("getProperty", String.class).invoke(event, name));
        }
        synchronized (properties) {
            topics.add(topic);
            properties.add(props);
        }
    }

    /** The properties of each event of {@code topic} recorded so far, in order. */
    public List<Map<String, Object>> events(String topic) {
        List<Map<String, Object>> found = new ArrayList<>();
        synchronized (properties) {
            for (int i = 0; i < topics.size(); i++) {
                if (topics.get(i).equals(topic)) {
                    found.add(properties.get(i));
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the probe is stopping
        }
    }
}

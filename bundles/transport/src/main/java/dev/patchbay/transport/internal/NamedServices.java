package dev.patchbay.transport.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Services of one kind found by name: of several with the same name, the one with the highest
 * {@code service.ranking} wins, then the lowest service id (the oldest), as the OSGi service
 * registry itself orders them. A changed property (a new name or ranking) is applied by
 * putting the service again.
 */
final class NamedServices<T> {

    private record Entry<T>(String name, int ranking, long serviceId, T service) {
    }

    private static final Comparator<Entry<?>> BEST_FIRST =
            Comparator.<Entry<?>>comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId);

    private final Map<ServiceReference<?>, Entry<T>> byReference = new HashMap<>();
    private volatile Map<String, T> byName = Map.of();

    synchronized void put(ServiceReference<?> ref, String name, T service) {
        byReference.put(ref, new Entry<>(name, ranking(ref), serviceId(ref), service));
        rebuild();
    }

    /** @return whether it was known */
    synchronized boolean remove(ServiceReference<?> ref) {
        boolean known = byReference.remove(ref) != null;
        rebuild();
        return known;
    }

    T get(String name) {
        return byName.get(name);
    }

    List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    private void rebuild() {
        Map<String, Entry<T>> best = new HashMap<>();
        for (Entry<T> e : byReference.values()) {
            best.merge(e.name(), e, (a, b) -> BEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        Map<String, T> index = new HashMap<>();
        best.forEach((name, e) -> index.put(name, e.service()));
        byName = Map.copyOf(index);
    }

    static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    static long serviceId(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
    }
}

package dev.patchbay.ratelimit.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.TimeMeter;

/**
 * The per-address entries of one profile, for one way of grouping addresses
 * ({@code ipv4.prefix}, {@code ipv6.prefix}), with a size cap.
 *
 * <p>At the cap, a connection from an address that has no entry is refused (fail closed)
 * and counted; addresses that have one carry on. Entries are evicted once forgetting them
 * loses nothing (see {@link AddressState#evictIfAtRest}), so the table only holds addresses
 * that are connected, limited, or recently refused.
 */
final class AddressTable {

    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final TimeMeter clock;
    private final ConcurrentHashMap<AddressKey, AddressState> entries = new ConcurrentHashMap<>();
    /** Entries present or being created: checked against the cap before creating one. */
    private final AtomicInteger size = new AtomicInteger();

    AddressTable(int ipv4Prefix, int ipv6Prefix, TimeMeter clock) {
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
        this.clock = clock;
    }

    boolean groups(ProfileSettings s) {
        return s.ipv4Prefix() == ipv4Prefix && s.ipv6Prefix() == ipv6Prefix;
    }

    AddressKey keyOf(String endpoint, InetAddress address) {
        return new AddressKey(endpoint, Cidr.of(address, address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix));
    }

    AddressState get(AddressKey key) {
        return entries.get(key);
    }

    /**
     * The entry of {@code key}, created if missing and the table has room (or {@code force}).
     *
     * @return the entry, or {@code null} when the table is full
     */
    AddressState getOrCreate(AddressKey key, ProfileSettings s, boolean force) {
        AddressState e = entries.get(key);
        if (e != null) {
            return e;
        }
        if (!reserve(s.maxAddresses(), force)) {
            return null;
        }
        AddressState created = new AddressState(key, this, clock, s);
        AddressState existing = entries.putIfAbsent(key, created);
        if (existing != null) {
            size.decrementAndGet();
            return existing;
        }
        return created;
    }

    private boolean reserve(int max, boolean force) {
        while (true) {
            int n = size.get();
            if (n >= max && !force) {
                return false;
            }
            if (size.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Removes an entry that {@link AddressState#evictIfAtRest evicted itself}. */
    boolean remove(AddressState e) {
        if (entries.remove(e.key, e)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    Collection<AddressState> entries() {
        return entries.values();
    }

    int size() {
        return size.get();
    }
}

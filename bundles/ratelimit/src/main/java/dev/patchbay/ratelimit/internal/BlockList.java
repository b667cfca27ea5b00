package dev.patchbay.ratelimit.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The active blocks of one profile, keyed by endpoint and blocked network.
 *
 * <p>A block keeps the network it was made for even when {@code ipv4.prefix} or
 * {@code ipv6.prefix} change later: a lookup tries each prefix length that some block
 * uses (normally one per address family), so it stays one or two hash lookups per new
 * connection, and none while nothing is blocked.
 */
final class BlockList {

    private static final int[] NONE = new int[0];

    private final ConcurrentHashMap<AddressKey, Block> blocks = new ConcurrentHashMap<>();
    private volatile int[] ipv4Prefixes = NONE;
    private volatile int[] ipv6Prefixes = NONE;

    /** The block in force on {@code address} at {@code endpoint}, or {@code null}. */
    Block find(String endpoint, InetAddress address, long nowNanos) {
        int[] prefixes = address instanceof Inet4Address ? ipv4Prefixes : ipv6Prefixes;
        for (int prefix : prefixes) {
            Block b = blocks.get(new AddressKey(endpoint, Cidr.of(address, prefix)));
            if (b != null && !b.expired(nowNanos)) {
                return b;
            }
        }
        return null;
    }

    /**
     * Adds a block unless {@code max} blocks exist already.
     *
     * @return whether it was added
     */
    synchronized boolean add(Block block, int max) {
        if (blocks.size() >= max && !blocks.containsKey(block.key())) {
            return false;
        }
        blocks.put(block.key(), block);
        recomputePrefixes();
        return true;
    }

    /** Removes and returns the blocks that match. */
    synchronized List<Block> removeIf(Predicate<Block> which) {
        List<Block> removed = new ArrayList<>();
        for (Block b : blocks.values()) {
            if (which.test(b) && blocks.remove(b.key(), b)) {
                removed.add(b);
            }
        }
        if (!removed.isEmpty()) {
            recomputePrefixes();
        }
        return removed;
    }

    Collection<Block> all() {
        return blocks.values();
    }

    int size() {
        return blocks.size();
    }

    private void recomputePrefixes() {
        ipv4Prefixes = blocks.keySet().stream().filter(k -> k.network().ipv4())
                .mapToInt(k -> k.network().prefix()).distinct().sorted().toArray();
        ipv6Prefixes = blocks.keySet().stream().filter(k -> !k.network().ipv4())
                .mapToInt(k -> k.network().prefix()).distinct().sorted().toArray();
    }
}

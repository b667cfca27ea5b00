package dev.patchbay.ratelimit.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network: an address and a prefix length, with the host bits cleared.
 * IPv4 addresses sit in the low 32 bits of {@code lo}; IPv6 addresses use both halves.
 * An IPv4 network never contains an IPv6 address and the other way round.
 *
 * <p>Also used as the aggregated key of a source address ({@link #of}), so that every
 * address of one network shares one set of limits.
 */
record Cidr(boolean ipv4, long hi, long lo, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    Cidr {
        int max = ipv4 ? 32 : 128;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length " + prefix + " out of 0-" + max);
        }
        hi &= hiMask(ipv4, prefix);
        lo &= loMask(ipv4, prefix);
    }

    /** The network of {@code prefix} bits that holds {@code address}. */
    static Cidr of(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return new Cidr(true, 0, toLong(b, 0, 4), Math.min(prefix, 32));
        }
        return new Cidr(false, toLong(b, 0, 8), toLong(b, 8, 8), Math.min(prefix, 128));
    }

    /** The single-address network of {@code address}: /32 or /128. */
    static Cidr of(InetAddress address) {
        return of(address, address instanceof Inet4Address ? 32 : 128);
    }

    /**
     * Parses {@code a.b.c.d/n}, an IPv6 literal with {@code /n}, or a single address (a
     * network of one). Literals only: never a host name, never a DNS lookup.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = parseAddress(address);
        int max = a instanceof Inet4Address ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0 to " + max);
            }
            prefix = Integer.parseInt(p);
        }
        return of(a, prefix);
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal. Strict: {@code 10.1} or a host name is
     * refused, so that a typo never becomes a DNS lookup or a surprising network.
     */
    static InetAddress parseAddress(String text) {
        String t = text.trim();
        try {
            Matcher m = IPV4.matcher(t);
            if (m.matches()) {
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(m.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
                    }
                    b[i] = (byte) octet;
                }
                return InetAddress.getByAddress(b);
            }
            // With a ':' and a hex digit or ':' first, InetAddress parses a literal and never
            // asks DNS (it throws for a malformed one).
            if (t.indexOf(':') >= 0 && IPV6_CHARS.matcher(t).matches()
                    && (Character.digit(t.charAt(0), 16) >= 0 || t.charAt(0) == ':')) {
                return InetAddress.getByName(t);
            }
        } catch (UnknownHostException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
    }

    boolean contains(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return ipv4 && (toLong(b, 0, 4) & loMask(true, prefix)) == lo;
        }
        return !ipv4 && (toLong(b, 0, 8) & hiMask(false, prefix)) == hi
                && (toLong(b, 8, 8) & loMask(false, prefix)) == lo;
    }

    /** Whether this network lies within {@code other} (same family, at least as long a prefix). */
    boolean within(Cidr other) {
        return ipv4 == other.ipv4 && prefix >= other.prefix
                && (hi & hiMask(ipv4, other.prefix)) == other.hi
                && (lo & loMask(ipv4, other.prefix)) == other.lo;
    }

    /** Whether this is a single address (/32 or /128). */
    boolean isHost() {
        return prefix == (ipv4 ? 32 : 128);
    }

    /** The address alone for a single address, else {@code address/prefix}. */
    @Override
    public String toString() {
        String address = ipv4 ? formatIpv4(lo) : formatIpv6(hi, lo);
        return isHost() ? address : address + "/" + prefix;
    }

    /** Always {@code address/prefix}. */
    String toCidrString() {
        return (ipv4 ? formatIpv4(lo) : formatIpv6(hi, lo)) + "/" + prefix;
    }

    private static long hiMask(boolean ipv4, int prefix) {
        if (ipv4) {
            return 0;
        }
        return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private static long loMask(boolean ipv4, int prefix) {
        if (ipv4) {
            return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        }
        return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    private static long toLong(byte[] b, int from, int length) {
        long v = 0;
        for (int i = from; i < from + length; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    private static String formatIpv4(long v) {
        return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of zero groups as {@code ::}. */
    private static String formatIpv6(long hi, long lo) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}

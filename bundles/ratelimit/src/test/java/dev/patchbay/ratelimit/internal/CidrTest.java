package dev.patchbay.ratelimit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.Test;

public class CidrTest {

    private static InetAddress ip(String s) {
        return Cidr.parseAddress(s);
    }

    @Test
    public void ipv4NetworkContainsItsAddressesOnly() {
        Cidr net = Cidr.parse("10.1.2.0/24");
        assertTrue(net.contains(ip("10.1.2.0")));
        assertTrue(net.contains(ip("10.1.2.255")));
        assertFalse(net.contains(ip("10.1.3.0")));
        assertFalse(net.contains(ip("10.1.1.255")));
    }

    @Test
    public void hostBitsAreClearedOnParse() {
        assertEquals(Cidr.parse("10.1.2.0/24"), Cidr.parse("10.1.2.77/24"));
        assertEquals("10.1.2.0/24", Cidr.parse("10.1.2.77/24").toString());
    }

    @Test
    public void singleAddressIsAHostNetwork() {
        Cidr host = Cidr.parse("127.0.0.66");
        assertEquals(32, host.prefix());
        assertTrue(host.contains(ip("127.0.0.66")));
        assertFalse(host.contains(ip("127.0.0.67")));
        assertEquals("127.0.0.66", host.toString());
        assertEquals("127.0.0.66/32", host.toCidrString());
    }

    @Test
    public void zeroPrefixHoldsEveryAddressOfItsFamily() {
        Cidr all4 = Cidr.parse("0.0.0.0/0");
        assertTrue(all4.contains(ip("255.255.255.255")));
        assertTrue(all4.contains(ip("1.2.3.4")));
        assertFalse(all4.contains(ip("::1")));
        Cidr all6 = Cidr.parse("::/0");
        assertTrue(all6.contains(ip("2001:db8::1")));
        assertFalse(all6.contains(ip("1.2.3.4")));
    }

    @Test
    public void ipv6NetworksAcrossTheHalves() {
        Cidr net32 = Cidr.parse("2001:db8::/32");
        assertTrue(net32.contains(ip("2001:db8:ffff:1::1")));
        assertFalse(net32.contains(ip("2001:db9::1")));
        Cidr net96 = Cidr.parse("2001:db8:1:2:3:4::/96");
        assertTrue(net96.contains(ip("2001:db8:1:2:3:4:ffff:ffff")));
        assertFalse(net96.contains(ip("2001:db8:1:2:3:5::")));
        Cidr net65 = Cidr.parse("2001:db8:0:1:8000::/65");
        assertTrue(net65.contains(ip("2001:db8:0:1:ffff::1")));
        assertFalse(net65.contains(ip("2001:db8:0:1:7fff::1")));
        assertTrue(Cidr.parse("::1/128").contains(ip("::1")));
        assertFalse(Cidr.parse("::1/128").contains(ip("::2")));
    }

    @Test
    public void ipv4NeverMatchesIpv6() {
        assertFalse(Cidr.parse("0.0.0.1/32").contains(ip("::1")));
        assertFalse(Cidr.parse("::1/128").contains(ip("0.0.0.1")));
    }

    @Test
    public void aggregationByPrefixGroupsAddresses() {
        assertEquals(Cidr.of(ip("192.0.2.7"), 24), Cidr.of(ip("192.0.2.200"), 24));
        assertNotEquals(Cidr.of(ip("192.0.2.7"), 32), Cidr.of(ip("192.0.2.200"), 32));
        assertEquals(Cidr.of(ip("2001:db8:1:2::1"), 64), Cidr.of(ip("2001:db8:1:2:ffff::9"), 64));
        assertNotEquals(Cidr.of(ip("2001:db8:1:2::1"), 64), Cidr.of(ip("2001:db8:1:3::1"), 64));
        assertEquals("2001:db8:1:2::/64", Cidr.of(ip("2001:db8:1:2:aaaa::1"), 64).toString());
        // A prefix longer than the family allows is the single address.
        assertEquals(Cidr.of(ip("10.0.0.1")), Cidr.of(ip("10.0.0.1"), 64));
    }

    @Test
    public void withinComparesNetworks() {
        assertTrue(Cidr.parse("10.0.0.7").within(Cidr.parse("10.0.0.0/24")));
        assertTrue(Cidr.parse("10.0.0.0/24").within(Cidr.parse("10.0.0.0/24")));
        assertFalse(Cidr.parse("10.0.0.0/16").within(Cidr.parse("10.0.0.0/24")));
        assertFalse(Cidr.parse("10.0.1.7").within(Cidr.parse("10.0.0.0/24")));
        assertFalse(Cidr.parse("::a00:7").within(Cidr.parse("10.0.0.0/8")));
    }

    @Test
    public void ipv6IsPrintedInCanonicalForm() {
        assertEquals("::1", Cidr.parse("0:0:0:0:0:0:0:1").toString());
        assertEquals("::", Cidr.parse("::/128").toString());
        assertEquals("2001:db8::1", Cidr.parse("2001:0DB8:0000:0000:0000:0000:0000:0001").toString());
        assertEquals("2001:0:0:1::1", Cidr.parse("2001:0:0:1:0:0:0:1").toString());
        assertEquals("fe80::/10", Cidr.parse("fe80::/10").toString());
        assertEquals("2001:db8:0:1:1:1:1:1", Cidr.parse("2001:db8:0:1:1:1:1:1").toString());
    }

    @Test
    public void ipv4MappedIpv6IsIpv4() {
        Cidr mapped = Cidr.parse("::ffff:192.0.2.1");
        assertTrue(mapped.ipv4());
        assertTrue(mapped.contains(ip("192.0.2.1")));
    }

    @Test
    public void malformedInputIsRefusedWithoutAnyLookup() {
        for (String bad : List.of("localhost", "example.com", "10.1", "1.2.3.256", "1.2.3.4/33", "::1/129",
                "1.2.3.4/", "1.2.3.4/-1", "fe80::1%eth0", "2001:db8::g", "", "/24", ":::", "1.2.3.4/8/8")) {
            assertThrows(bad, IllegalArgumentException.class, () -> Cidr.parse(bad));
        }
    }

    @Test
    public void listMatchesFirstContainingNetwork() {
        CidrList list = new CidrList(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")));
        assertEquals(Cidr.parse("10.0.0.0/8"), list.match(ip("10.200.0.1")));
        assertEquals(Cidr.parse("2001:db8::/32"), list.match(ip("2001:db8::5")));
        assertEquals(null, list.match(ip("11.0.0.1")));
        assertEquals("10.0.0.0/8, 2001:db8::/32", list.toString());
        assertTrue(CidrList.EMPTY.isEmpty());
    }
}

package dev.helpline.core.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Issue J §4: one client behind a trusted proxy got a per-IP allowance per spelling of its
 * address (a new port per connection, brackets, IPv4-mapped, leading zeros, any address of
 * its IPv6 /64), and entries that were not literals could reach DNS.
 */
class ClientAddressTest {
    private final ClientAddress proxies = ClientAddress.trusting(List.of("10.0.0.0/8"));

    private String keyOf(String forwardedFor) {
        return ClientAddress.limitKey(proxies.resolve("10.0.0.5", List.of(forwardedFor)));
    }

    @Test
    void limitKey_everySpellingOfOneIpv4Client_oneKey() {
        Set<String> keys = Stream.of("203.0.113.7", "203.0.113.7:51234", "203.0.113.7:51235", "::ffff:203.0.113.7",
                        "[::ffff:203.0.113.7]:443", "203.0.113.007", "\"203.0.113.7\"", " 203.0.113.7 ")
                .map(this::keyOf).collect(Collectors.toSet());
        assertEquals(Set.of("203.0.113.7"), keys);
    }

    @Test
    void limitKey_addressesOfOneIpv6Slash64_oneKey() {
        Set<String> keys = Stream.of("2001:db8::1", "[2001:db8::1]:443", "2001:DB8:0:0:0:0:0:1", "2001:db8::ffff:1",
                        "2001:db8::1:2:3:4", "[2001:db8::abcd]", "2001:db8::1%eth0")
                .map(this::keyOf).collect(Collectors.toSet());
        assertEquals(Set.of("2001:db8:0:0:0:0:0:0/64"), keys);
        assertEquals("2001:db8:0:1:0:0:0:0/64", keyOf("2001:db8:0:1::1"), "the next /64 is another client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "fe80::1.example.com", "g::1", "1.2.3", "1.2.3.4.5", "256.1.1.1",
            "1.2.3.4:99999999", "[1.2.3.4]x", "unknown", "_hidden", ""})
    void literal_notAnAddressLiteral_nullWithoutLookingItUp(String text) {
        assertNull(ClientAddress.literal(text));
    }

    @Test
    void resolve_garbageEntry_stopsAtTheLastBelievedHop() {
        assertEquals("203.0.113.9", proxies.resolve("10.0.0.5", List.of("198.51.100.1, attacker.example, 203.0.113.9")));
        assertEquals("10.0.0.5", proxies.resolve("10.0.0.5", List.of("attacker.example")));
    }

    @Test
    void resolve_untrustedPeer_itsOwnCanonicalAddress() {
        assertEquals("198.51.100.2", proxies.resolve("198.51.100.2", List.of("203.0.113.7")));
        assertEquals("0:0:0:0:0:0:0:1", proxies.resolve("[::1]", List.of()));
    }

    @Test
    void forwardedProto_fromTrustedProxyOnly() {
        assertEquals("https", proxies.forwardedProto("10.0.0.5", List.of(), List.of("https")));
        assertEquals("https", proxies.forwardedProto("10.0.0.5", List.of("for=203.0.113.7;proto=https;host=site.example"),
                List.of("http")), "Forwarded wins over X-Forwarded-Proto");
        assertEquals("http", proxies.forwardedProto("10.0.0.5", List.of(), List.of("https, http")), "the nearest proxy's");
        assertNull(proxies.forwardedProto("198.51.100.2", List.of(), List.of("https")), "peer not trusted");
        assertNull(proxies.forwardedProto("10.0.0.5", List.of(), List.of("gopher")));
        assertNull(proxies.forwardedProto("10.0.0.5", List.of(), List.of()));
    }
}

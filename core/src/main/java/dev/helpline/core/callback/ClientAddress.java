package dev.helpline.core.callback;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the client's IP address behind trusted proxies: {@code X-Forwarded-For} is read
 * only when the direct peer is a trusted proxy, from the right, skipping trusted proxies;
 * the first address that is not one is the client. Nothing is ever looked up in DNS.
 *
 * <pre>{@code
 * ClientAddress proxies = ClientAddress.trusting(List.of("10.0.0.0/8"));
 * proxies.resolve("10.0.0.5", List.of("203.0.113.7, 10.0.0.9")); // "203.0.113.7"
 * proxies.resolve("198.51.100.2", List.of("203.0.113.7"));      // "198.51.100.2": peer not trusted
 * }</pre>
 *
 * <p>Immutable and thread safe.
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Block(BigInteger network, int bits, int length) {
        boolean contains(byte[] addr) {
            if (addr.length != length) {
                return false;
            }
            int shift = length * 8 - bits;
            return new BigInteger(1, addr).shiftRight(shift).equals(network.shiftRight(shift));
        }
    }

    private final List<Block> trusted;

    private ClientAddress(List<Block> trusted) {
        this.trusted = trusted;
    }

    /**
     * @param cidrs IP addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1})
     * @throws IllegalArgumentException for anything else
     */
    public static ClientAddress trusting(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String c : cidrs) {
            String[] parts = c.trim().split("/", -1);
            byte[] addr = literal(parts[0]);
            if (addr == null || parts.length > 2) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + c);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : addr.length * 8;
            if (bits < 0 || bits > addr.length * 8) {
                throw new IllegalArgumentException("bad prefix length: " + c);
            }
            blocks.add(new Block(new BigInteger(1, addr), bits, addr.length));
        }
        return new ClientAddress(List.copyOf(blocks));
    }

    /** The bytes of an IPv4 or IPv6 literal, or {@code null} (never a DNS lookup). */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("[") && t.contains("]")) {
            t = t.substring(1, t.indexOf(']'));
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':') && t.contains(".")) {
            t = t.substring(0, t.indexOf(':')); // 203.0.113.7:51234
        }
        if (!IPV4.matcher(t).matches() && !(t.contains(":") && t.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+"))) {
            return null; // only literals reach InetAddress: a ':' or dotted quad is never resolved by DNS
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private boolean isTrusted(byte[] addr) {
        for (Block b : trusted) {
            if (b.contains(addr)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address for a request from {@code remoteAddr} carrying these
     * {@code X-Forwarded-For} header values (in order; may be empty).
     */
    public String resolve(String remoteAddr, List<String> forwardedFor) {
        byte[] peer = literal(remoteAddr);
        if (peer == null || trusted.isEmpty() || !isTrusted(peer)) {
            return remoteAddr;
        }
        List<String> hops = new ArrayList<>();
        for (String v : forwardedFor) {
            for (String h : v.split(",")) {
                if (!h.isBlank()) {
                    hops.add(h.trim());
                }
            }
        }
        String candidate = remoteAddr;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] addr = literal(hops.get(i));
            if (addr == null) {
                return candidate; // garbage: do not believe anything left of it
            }
            candidate = hops.get(i);
            if (!isTrusted(addr)) {
                return candidate;
            }
        }
        return candidate;
    }
}

package dev.helpline.core.callback;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The bytes of an IPv4 or IPv6 address literal, or {@code null}. Never a DNS lookup:
     * only text made of digits, hex digits, dots and colons is read. A port
     * ({@code 203.0.113.7:51234}, {@code [2001:db8::1]:443}), brackets, quotes and an IPv6
     * zone are dropped; an IPv4-mapped IPv6 address ({@code ::ffff:203.0.113.7}) gives the
     * IPv4 address's 4 bytes; IPv4 parts are decimal, leading zeros allowed
     * ({@code 203.0.113.007} is {@code 203.0.113.7}).
     */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).trim(); // Forwarded: for="[2001:db8::1]:443"
        }
        if (t.isEmpty() || t.length() > 64) {
            return null;
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || !isPort(t.substring(close + 1), true)) {
                return null;
            }
            return ipv6(t.substring(1, close));
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            return ipv4(t);
        }
        if (colon == t.lastIndexOf(':')) {
            return isPort(t.substring(colon), true) ? ipv4(t.substring(0, colon)) : null; // 203.0.113.7:51234
        }
        return ipv6(t);
    }

    private static boolean isPort(String suffix, boolean withColon) {
        if (suffix.isEmpty()) {
            return true;
        }
        if (withColon && (suffix.charAt(0) != ':' || suffix.length() < 2 || suffix.length() > 6)) {
            return false;
        }
        for (int i = 1; i < suffix.length(); i++) {
            if (suffix.charAt(i) < '0' || suffix.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ipv4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6(String t) {
        int zone = t.indexOf('%');
        String a = zone < 0 ? t : t.substring(0, zone);
        if (a.indexOf(':') < 0 || a.length() > 45) {
            return null;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // In brackets InetAddress only ever parses a literal (and folds IPv4-mapped ones).
            return InetAddress.getByName("[" + a + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The canonical text of an address literal ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:1}), or {@code null}. */
    public static String canonical(String text) {
        byte[] addr = literal(text);
        return addr == null ? null : toText(addr);
    }

    private static String toText(byte[] addr) {
        try {
            return InetAddress.getByAddress(addr).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
    }

    /**
     * The key a per-client limit counts under: the IPv4 address, or the /64 network of an
     * IPv6 address (one subscriber line or host is given a whole /64, and can pick any
     * address in it), e.g. {@code 2001:db8:0:0:0:0:0:0/64}.
     */
    public static String limitKey(String clientIp) {
        byte[] addr = literal(clientIp);
        if (addr == null) {
            return clientIp;
        }
        if (addr.length == 16) {
            java.util.Arrays.fill(addr, 8, 16, (byte) 0);
            return toText(addr) + "/64";
        }
        return toText(addr);
    }

    /**
     * The client's network as a consent receipt keeps it: an IPv4 address cut to its /24,
     * an IPv6 address to its /48 ({@code 203.0.113.0/24}), enough to place a request without
     * naming the household; anything else as {@code ""}.
     */
    public static String receiptNetwork(String clientIp) {
        byte[] addr = clientIp == null ? null : literal(clientIp);
        if (addr == null) {
            return "";
        }
        int keep = addr.length == 16 ? 6 : 3;
        java.util.Arrays.fill(addr, keep, addr.length, (byte) 0);
        return toText(addr) + (addr.length == 16 ? "/48" : "/24");
    }

    /**
     * The scheme the browser used, as a trusted proxy in front of us reports it: the
     * {@code proto} of the last {@code Forwarded} element, else the last
     * {@code X-Forwarded-Proto} value; {@code null} when the peer is not a trusted proxy or
     * reports nothing usable ({@code http} or {@code https}).
     */
    public String forwardedProto(String remoteAddr, List<String> forwarded, List<String> forwardedProto) {
        byte[] peer = literal(remoteAddr);
        if (peer == null || trusted.isEmpty() || !isTrusted(peer)) {
            return null;
        }
        String proto = null;
        if (!forwarded.isEmpty()) {
            String[] elements = String.join(",", forwarded).split(",");
            for (String pair : elements[elements.length - 1].split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("proto")) {
                    proto = pair.substring(eq + 1).trim().replace("\"", "");
                }
            }
        } else if (!forwardedProto.isEmpty()) {
            String[] values = String.join(",", forwardedProto).split(",");
            proto = values[values.length - 1].trim();
        }
        if (proto == null) {
            return null;
        }
        proto = proto.toLowerCase(java.util.Locale.ROOT);
        return proto.equals("https") || proto.equals("http") ? proto : null;
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
     * The client address, in canonical form, for a request from {@code remoteAddr} carrying
     * these {@code X-Forwarded-For} header values (in order; may be empty).
     */
    public String resolve(String remoteAddr, List<String> forwardedFor) {
        byte[] peer = literal(remoteAddr);
        if (peer == null) {
            return remoteAddr;
        }
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return toText(peer);
        }
        List<String> hops = new ArrayList<>();
        for (String v : forwardedFor) {
            for (String h : v.split(",")) {
                if (!h.isBlank()) {
                    hops.add(h.trim());
                }
            }
        }
        byte[] candidate = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] addr = literal(hops.get(i));
            if (addr == null) {
                break; // garbage: do not believe anything left of it
            }
            candidate = addr;
            if (!isTrusted(addr)) {
                break;
            }
        }
        return toText(candidate);
    }
}

package dev.helpline.core.html.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a page's bytes are read: byte order marks, the HTML5 prescan for
 * {@code <meta charset>}, and which charsets the rewriter can scan without decoding.
 * Thread safe.
 */
public final class Charsets {
    /** Bytes are scanned as they are: every ASCII character is the same single byte, and no byte of a multi-byte character is markup. */
    public static final int ASCII = 1;
    public static final int UTF16BE = 2;
    public static final int UTF16LE = 3;
    public static final int UNSUPPORTED = 0;

    /** How many bytes the prescan looks at. */
    public static final int PRESCAN = 1024;

    private static final ConcurrentHashMap<Charset, Integer> KINDS = new ConcurrentHashMap<>();

    private Charsets() {
    }

    /** The charset a byte order mark at the start of {@code b} names, or null. */
    public static Charset bom(byte[] b, int len) {
        if (len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (len >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (len >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /**
     * Whether {@code b[0, len)} is too short to tell and could still become a byte order mark
     * (nothing yet, or the first bytes of one): deciding the charset now could read a UTF-16
     * page as ASCII.
     */
    public static boolean mayBeginBom(byte[] b, int len) {
        if (len == 0) {
            return true;
        }
        int first = b[0] & 0xFF;
        if (len == 1) {
            return first == 0xEF || first == 0xFE || first == 0xFF;
        }
        return len == 2 && first == 0xEF && (b[1] & 0xFF) == 0xBB;
    }

    public static int bomLength(Charset bom) {
        return bom == null ? 0 : bom == StandardCharsets.UTF_8 ? 3 : 2;
    }

    /** {@link #ASCII}, {@link #UTF16BE}, {@link #UTF16LE} or {@link #UNSUPPORTED}. */
    public static int kind(Charset cs) {
        return KINDS.computeIfAbsent(cs, Charsets::computeKind);
    }

    private static int computeKind(Charset cs) {
        String name = cs.name().toUpperCase(Locale.ROOT);
        if (name.equals("UTF-16BE")) {
            return UTF16BE;
        }
        if (name.equals("UTF-16LE")) {
            return UTF16LE;
        }
        if (name.startsWith("UTF-16") || name.startsWith("UTF-32") || name.contains("2022")
                || name.startsWith("UTF-7") || name.startsWith("HZ") || !cs.canEncode()) {
            return UNSUPPORTED;
        }
        StringBuilder ascii = new StringBuilder(128);
        for (char c = 0; c < 128; c++) {
            ascii.append(c);
        }
        byte[] bytes = ascii.toString().getBytes(cs);
        if (bytes.length != 128) {
            return UNSUPPORTED;
        }
        for (int i = 0; i < 128; i++) {
            if (bytes[i] != i) {
                return UNSUPPORTED;
            }
        }
        return ASCII;
    }

    // ---- the HTML5 "prescan a byte stream to determine its encoding" ----

    /** The charset a {@code <meta>} in {@code b[0..len)} declares, or null. */
    public static Charset prescan(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            if (matches(b, len, i, "<!--")) {
                int k = i + 4;
                while (k < len && !(b[k] == '>' && b[k - 1] == '-' && b[k - 2] == '-')) {
                    k++;
                }
                i = k + 1;
                continue;
            }
            if (matchesIgnoreCase(b, len, i, "<meta") && i + 5 < len && (space(b[i + 5]) || b[i + 5] == '/')) {
                Meta m = new Meta();
                int[] p = {i + 6};
                String[] attr;
                while ((attr = attribute(b, len, p)) != null) {
                    m.add(attr[0], attr[1]);
                }
                Charset cs = m.result();
                if (cs != null) {
                    return cs;
                }
                i = p[0];
                continue;
            }
            if (b[i] == '<' && i + 1 < len && (letter(b[i + 1]) || (b[i + 1] == '/' && i + 2 < len && letter(b[i + 2])))) {
                int k = i + 1;
                while (k < len && !space(b[k]) && b[k] != '>') {
                    k++;
                }
                int[] p = {k};
                while (attribute(b, len, p) != null) {
                    // skipped
                }
                i = p[0];
                continue;
            }
            if (b[i] == '<' && i + 1 < len && (b[i + 1] == '!' || b[i + 1] == '/' || b[i + 1] == '?')) {
                int k = i + 2;
                while (k < len && b[k] != '>') {
                    k++;
                }
                i = k + 1;
                continue;
            }
            i++;
        }
        return null;
    }

    private static final class Meta {
        final java.util.Set<String> seen = new java.util.HashSet<>();
        boolean gotPragma;
        Boolean needPragma;
        String charset;

        void add(String name, String value) {
            if (!seen.add(name)) {
                return;
            }
            switch (name) {
                case "http-equiv" -> gotPragma |= value.equals("content-type");
                case "content" -> {
                    if (charset == null) {
                        String cs = fromContent(value);
                        if (cs != null) {
                            charset = cs;
                            needPragma = Boolean.TRUE;
                        }
                    }
                }
                case "charset" -> {
                    charset = value;
                    needPragma = Boolean.FALSE;
                }
                default -> {
                }
            }
        }

        Charset result() {
            if (needPragma == null || (needPragma && !gotPragma) || charset == null) {
                return null;
            }
            Charset cs;
            try {
                cs = Charset.forName(charset.trim());
            } catch (RuntimeException e) {
                return null;
            }
            String n = cs.name().toUpperCase(Locale.ROOT);
            if (n.startsWith("UTF-16")) {
                return StandardCharsets.UTF_8;
            }
            return cs;
        }
    }

    /** The "extract a character encoding from a meta element" algorithm. */
    static String fromContent(String s) {
        int i = 0;
        while (true) {
            int at = s.indexOf("charset", i);
            if (at < 0) {
                return null;
            }
            int k = at + 7;
            while (k < s.length() && space((byte) s.charAt(k))) {
                k++;
            }
            if (k >= s.length() || s.charAt(k) != '=') {
                i = at + 7;
                continue;
            }
            k++;
            while (k < s.length() && space((byte) s.charAt(k))) {
                k++;
            }
            if (k >= s.length()) {
                return null;
            }
            char q = s.charAt(k);
            if (q == '"' || q == '\'') {
                int e = s.indexOf(q, k + 1);
                return e < 0 ? null : s.substring(k + 1, e);
            }
            int e = k;
            while (e < s.length() && !space((byte) s.charAt(e)) && s.charAt(e) != ';') {
                e++;
            }
            return s.substring(k, e);
        }
    }

    /** The prescan's "get an attribute": name and value in lower case, or null at '>' or the end. */
    private static String[] attribute(byte[] b, int len, int[] p) {
        int i = p[0];
        while (i < len && (space(b[i]) || b[i] == '/')) {
            i++;
        }
        if (i >= len || b[i] == '>') {
            p[0] = i + 1;
            return null;
        }
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean toValue = false;
        while (i < len) {
            byte c = b[i];
            if (c == '=' && name.length() > 0) {
                i++;
                toValue = true;
                break;
            }
            if (space(c)) {
                while (i < len && space(b[i])) {
                    i++;
                }
                if (i < len && b[i] == '=') {
                    i++;
                    toValue = true;
                }
                break;
            }
            if (c == '/' || c == '>') {
                break;
            }
            name.append((char) lowerByte(c));
            i++;
        }
        if (toValue) {
            while (i < len && space(b[i])) {
                i++;
            }
            if (i < len && (b[i] == '"' || b[i] == '\'')) {
                byte q = b[i++];
                while (i < len && b[i] != q) {
                    value.append((char) lowerByte(b[i++]));
                }
                i++;
            } else {
                while (i < len && !space(b[i]) && b[i] != '>') {
                    value.append((char) lowerByte(b[i++]));
                }
            }
        }
        p[0] = i;
        if (i > len) {
            return null;
        }
        return new String[] {name.toString(), value.toString()};
    }

    private static int lowerByte(byte c) {
        int u = c & 0xFF;
        return u >= 'A' && u <= 'Z' ? u + 32 : u;
    }

    private static boolean space(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean letter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean matches(byte[] b, int len, int i, String s) {
        if (i + s.length() > len) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesIgnoreCase(byte[] b, int len, int i, String s) {
        if (i + s.length() > len) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (lowerByte(b[i + k]) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}

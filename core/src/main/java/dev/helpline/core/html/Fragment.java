package dev.helpline.core.html;

import dev.helpline.core.html.internal.Charsets;

import java.util.Arrays;
import java.util.Objects;

/**
 * Markup the rewriter writes into a page, in parts: literal parts rendered once and shared
 * by every response, and short per-response values (a CSP nonce, a form token) that go
 * between them. The rewriter writes the parts one after the other, so a response never
 * assembles the whole fragment, and on byte streams it encodes each literal part once per
 * kind of charset (the {@link Template} keeps the bytes), not once per response.
 *
 * <pre>{@code
 * Fragment.Template tags = Fragment.template("<script src=\"/w.js\" nonce=\"", "\"></script>"); // once
 * Fragment f = tags.with(nonce);              // per response: nothing is copied
 * f.toString();                               // <script src="/w.js" nonce="…"></script>
 * }</pre>
 *
 * <p>Values are written as they are given: the caller escapes them for where they go (an
 * attribute value, text). Fragments and templates are immutable and thread safe.
 */
public final class Fragment {
    private static final String[] NO_VALUES = new String[0];

    /** Null for a fragment of one text. */
    private final Template template;
    /** The whole fragment when {@code template} is null. */
    private final String text;
    private final String[] values;

    private Fragment(Template template, String text, String[] values) {
        this.template = template;
        this.text = text;
        this.values = values;
    }

    /**
     * The last fragment {@link #of} made: a widget that answers the same string for every
     * page (the usual case) then gets the same fragment, and a response allocates nothing.
     */
    private static volatile Fragment lastOf;

    /** A fragment of one text, no values. */
    public static Fragment of(String text) {
        Fragment last = lastOf;
        if (last != null && last.text == text) {
            return last;
        }
        Fragment f = new Fragment(null, Objects.requireNonNull(text, "text"), NO_VALUES);
        lastOf = f;
        return f;
    }

    /**
     * A template whose literal parts are {@code parts}; it has a slot between each two of
     * them for {@link Template#with}.
     *
     * @throws IllegalArgumentException if there is no part
     */
    public static Template template(String... parts) {
        return new Template(parts);
    }

    /** Length in chars. */
    public int length() {
        if (template == null) {
            return text.length();
        }
        int n = template.length;
        for (String v : values) {
            n += v.length();
        }
        return n;
    }

    /** The fragment as one string (assembled on each call: for tests and logs, not per response). */
    @Override
    public String toString() {
        if (template == null) {
            return text;
        }
        StringBuilder b = new StringBuilder(length());
        for (int i = 0; i < values.length; i++) {
            b.append(template.parts[i]).append(values[i]);
        }
        return b.append(template.parts[values.length]).toString();
    }

    /** The template, null for a fragment of one text. */
    Template parts() {
        return template;
    }

    /** The text of a fragment without a template. */
    String text() {
        return text;
    }

    int values() {
        return values.length;
    }

    String value(int i) {
        return values[i];
    }

    /** Whether every char of the values is ASCII (the template's parts: {@link Template#ascii}). */
    boolean valuesAscii() {
        for (String v : values) {
            if (!HtmlRewriter.ascii(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Literal parts with a slot between each two. Made once (per configuration, language,
     * profile and shape), then filled per response with {@link #with}.
     */
    public static final class Template {
        private final String[] parts;
        private final int length;
        private final boolean ascii;
        /** The parts' bytes per charset kind, made on first use; a race only encodes them twice. */
        private volatile byte[][] asciiBytes;
        private volatile byte[][] utf16beBytes;
        private volatile byte[][] utf16leBytes;

        private Template(String[] parts) {
            if (parts.length == 0) {
                throw new IllegalArgumentException("a fragment template needs at least one part");
            }
            this.parts = parts.clone();
            int n = 0;
            boolean a = true;
            for (String p : this.parts) {
                Objects.requireNonNull(p, "part");
                n += p.length();
                a &= HtmlRewriter.ascii(p);
            }
            this.length = n;
            this.ascii = a;
        }

        /**
         * This template with one response's values, one per slot, in order; {@code null}
         * writes nothing.
         *
         * @throws IllegalArgumentException if there are not exactly as many values as slots
         */
        public Fragment with(String... values) {
            if (values.length != parts.length - 1) {
                throw new IllegalArgumentException("this template has " + (parts.length - 1) + " slots, got "
                        + values.length + " values");
            }
            String[] v = values;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == null) {
                    if (v == values) {
                        v = values.clone();
                    }
                    v[i] = "";
                }
            }
            return new Fragment(this, null, v);
        }

        /** How many slots {@link #with} fills. */
        public int slots() {
            return parts.length - 1;
        }

        /** Literal part {@code i}, {@code 0 <= i <= slots()}. */
        public String part(int i) {
            return parts[i];
        }

        boolean ascii() {
            return ascii;
        }

        /**
         * Part {@code i}'s bytes in a stream of this charset kind; only for all-ASCII parts in
         * ASCII-compatible streams (where the bytes do not depend on the charset) and for
         * UTF-16.
         */
        byte[] bytes(int i, int kind) {
            byte[][] all = kind == Charsets.UTF16BE ? utf16beBytes : kind == Charsets.UTF16LE ? utf16leBytes : asciiBytes;
            if (all == null) {
                all = new byte[parts.length][];
                for (int k = 0; k < parts.length; k++) {
                    all[k] = HtmlRewriter.encode(parts[k], kind);
                }
                if (kind == Charsets.UTF16BE) {
                    utf16beBytes = all;
                } else if (kind == Charsets.UTF16LE) {
                    utf16leBytes = all;
                } else {
                    asciiBytes = all;
                }
            }
            return all[i];
        }

        @Override
        public String toString() {
            return "Fragment.Template" + Arrays.toString(parts);
        }
    }
}

package dev.helpline.core.html;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * A writer's page in the byte machine ({@link RewritingStream}): the host's chars are
 * narrowed to bytes a slice at a time into one reused array, and the machine scans those;
 * what it writes of the host's units comes from the host's chars at the same index, so the
 * page goes out exactly as written (lone surrogates included).
 *
 * <p>Narrowing: a char below 0x80 is that byte; any other is a byte of 0x80 or more (its
 * low seven bits with the high bit set). The machine scans it as it scans an
 * ASCII-compatible byte stream, where everything above 0x7F is "some other character": a
 * letter of a tag name no known name has, a boundary around a number (as NBSP or a dash
 * is), text that begins the body. Nothing in the scanning reads more than that from a
 * non-ASCII unit, so narrowing loses nothing it needs; and one char is one unit, so
 * positions are char offsets.
 *
 * <p>The units held across writes are kept twice: as bytes in the machine's carry, and as
 * the host's chars at the same indices here.
 *
 * <p>Not thread safe; one per response.
 */
final class NarrowedChars extends RewritingStream {
    /** Chars narrowed per slice: small enough to stay in the first cache level, large enough that a slice's set-up is noise. */
    private static final int SLICE = 256;

    final Writer out;
    /** The current slice, narrowed; lent, null once the page passes through. */
    private byte[] slice;
    // The host's write the slice comes from: slice[k] is src[srcOff + k].
    private String srcString;
    private char[] srcChars;
    private int srcOff;
    /** The host's chars of the carry's units, index for index (null: none yet since the carry was new). */
    private char[] carryChars;
    /** An array that was the carry and is read as a write of its own, and its chars. */
    private byte[] detached;
    private char[] detachedChars;

    /** What a page written through a Writer works in, lent by its {@link HtmlRewriter} for the page. */
    static final class Buffers {
        final byte[] slice = new byte[SLICE];
        final byte[] carry = new byte[256];
        final char[] chars = new char[256];
        /** For the carry's units read again when the body begins, while the carry fills anew. */
        final byte[] carry2 = new byte[256];
        final char[] chars2 = new char[256];
    }

    /** Lent by the rewriter until the page passes through or ends; null after. */
    private Buffers lent;

    NarrowedChars(HtmlRewriter owner, Writer out, PageWidget widget) {
        this(owner, out, widget, owner.borrowBuffers());
    }

    private NarrowedChars(HtmlRewriter owner, Writer out, PageWidget widget, Buffers lent) {
        super(owner, null, widget, lent.carry);
        this.out = out;
        this.lent = lent;
        this.slice = lent.slice;
        this.carryChars = lent.chars;
        scanAsAscii();
    }

    /** Ends the page ({@link #finishPage()}) and gives the buffers back. */
    void finish() throws IOException {
        try {
            finishPage();
        } finally {
            giveBack();
        }
    }

    /** Nothing reads the lent buffers any more (the page passes through, or it ended): they go back. */
    private void giveBack() {
        Buffers b = lent;
        if (b != null && phase == PASS) {
            lent = null;
            slice = null;
            carryChars = null;
            detached = null;
            detachedChars = null;
            owner.giveBack(b);
        }
    }

    @Override
    byte[] freshCarry(int n) {
        Buffers b = lent;
        if (b != null && n <= b.carry2.length && carry != b.carry2) {
            return b.carry2;
        }
        return super.freshCarry(n);
    }

    /** Takes {@code chars[off, off + len)} or {@code string}'s (the one that is not null). */
    void take(char[] chars, String string, int off, int len) throws IOException {
        if (len > 0 && pos == 0 && (chars != null ? chars[off] : string.charAt(off)) == '\uFEFF') {
            // a byte order mark is not content
            try {
                out.write('\uFEFF');
            } finally {
                skipFirst();
            }
            off++;
            len--;
        }
        int end = off + len;
        while (off < end) {
            if (phase == PASS) {
                int n = end - off;
                if (chars != null) {
                    out.write(chars, off, n);
                } else {
                    out.write(string, off, n);
                }
                pos += n;
                written = pos;
                return;
            }
            int n = Math.min(SLICE, end - off);
            byte[] s = slice;
            if (chars != null) {
                for (int k = 0; k < n; k++) {
                    s[k] = narrow(chars[off + k]);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    s[k] = narrow(string.charAt(off + k));
                }
            }
            srcChars = chars;
            srcString = string;
            srcOff = off;
            try {
                take(s, 0, n);
            } finally {
                srcChars = null;
                srcString = null;
            }
            off += n;
        }
        if (phase == PASS) {
            giveBack();
        }
    }

    /** One char. */
    void take(char c) throws IOException {
        if (phase == PASS) {
            out.write(c);
            pos++;
            written = pos;
            return;
        }
        if (one == null) {
            one = new char[1];
        }
        one[0] = c;
        take(one, null, 0, 1);
    }

    /** A char the host wrote alone; null until one comes. */
    private char[] one;

    /** Never a byte stream to anyone: the machine is an OutputStream only for the byte side's sake. */
    @Override
    public void write(int b) {
        throw new UnsupportedOperationException("a writer's units are chars");
    }

    static byte narrow(char c) {
        return (byte) (c < 0x80 ? c : c | 0x80);
    }

    @Override
    void hostOut(byte[] b, int off, int len) throws IOException {
        if (b == slice) {
            if (srcString != null) {
                out.write(srcString, srcOff + off, len);
            } else {
                out.write(srcChars, srcOff + off, len);
            }
        } else if (b == carry) {
            out.write(carryChars, off, len);
        } else if (b == detached) {
            out.write(detachedChars, off, len);
        } else {
            throw new IllegalStateException("units from an array the writer does not know");
        }
    }

    @Override
    void carryAppended(byte[] b, int off, int at, int len) {
        if (carryChars == null || carryChars.length < carry.length) {
            carryChars = carryChars == null ? new char[carry.length] : Arrays.copyOf(carryChars, carry.length);
        }
        if (b == slice) {
            if (srcString != null) {
                srcString.getChars(srcOff + off, srcOff + off + len, carryChars, at);
            } else {
                System.arraycopy(srcChars, srcOff + off, carryChars, at, len);
            }
        } else if (b == detached) {
            System.arraycopy(detachedChars, off, carryChars, at, len);
        } else {
            throw new IllegalStateException("units from an array the writer does not know");
        }
    }

    @Override
    void carryShifted(int n) {
        System.arraycopy(carryChars, n, carryChars, 0, carryLen);
    }

    @Override
    void carryDetached(byte[] old) {
        detached = old;
        detachedChars = carryChars;
        Buffers b = lent;
        carryChars = b != null && carry == b.carry2 ? b.chars2 : null;
    }

    @Override
    Object prepare(Fragment fragment) {
        return fragment; // chars carry any fragment as it is
    }

    @Override
    void fragmentOut(Fragment fragment, Object prepared) throws IOException {
        try {
            Fragment.Template parts = fragment.parts();
            if (parts == null) {
                out.write(fragment.text());
                return;
            }
            // its parts and values one after the other: never assembled
            int n = fragment.values();
            for (int i = 0; i < n; i++) {
                out.write(parts.part(i));
                out.write(fragment.value(i));
            }
            out.write(parts.part(n));
        } catch (RuntimeException | Error e) {
            throw new HostStreamFailure(e);
        }
    }

    @Override
    void textOut(String text) throws IOException {
        try {
            out.write(text);
        } catch (RuntimeException | Error e) {
            throw new HostStreamFailure(e);
        }
    }
}

package dev.helpline.core.html;

import dev.helpline.core.html.internal.Charsets;
import dev.helpline.core.html.internal.Engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes the widget into HTML pages as they stream by, right where each page's body
 * begins. Built once, shared by every response; each response gets its own
 * {@link #rewrite(OutputStream, Charset, String)} or {@link #rewrite(Writer, String)} stream.
 *
 * <pre>{@code
 * HtmlRewriter rewriter = new HtmlRewriter();
 * try (OutputStream out = rewriter.rewrite(socketOut, UTF_8, widget.bodyStart())) {
 *     out.write(page);
 * }
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 * <li>The host's document tree never changes: parsed by an HTML5 parser (with scripting
 *     on or off), the output is the host's tree with the widget as the first thing in
 *     {@code <body>}. Where that cannot be guaranteed (framesets, a page that ends inside
 *     a tag, {@code <plaintext>} before the body, ...) the page passes through byte for
 *     byte and {@link RewritingOutputStream#outcome()} says why; so does any exception.
 * <li>Streaming: it holds back at most a small window (a tag split across writes, the
 *     first 1,024 bytes while looking for {@code <meta charset>} when the charset is not
 *     known, the start of the body until the page can no longer become a frameset
 *     document); once the widget is written, bytes pass straight through.
 * <li>Byte streams in ASCII-compatible charsets are scanned without decoding; the widget's
 *     non-ASCII characters are written as character references, so they are right in
 *     every such charset. UTF-16 (with a byte order mark, or UTF-16BE/LE) is supported too.
 * </ul>
 *
 * <p>Thread safe; the streams it answers are not.
 */
public final class HtmlRewriter {
    private static final System.Logger LOG = System.getLogger(HtmlRewriter.class.getName());
    private static final Map<Outcome, LongAdder> COUNTS = new EnumMap<>(Outcome.class);

    /** How much may be held back while making sure the page cannot become a frameset document. */
    static final int WINDOW = 16 * 1024;

    static {
        for (Outcome o : Outcome.values()) {
            COUNTS.put(o, new LongAdder());
        }
    }

    public HtmlRewriter() {
    }

    /**
     * A stream that rewrites bytes and writes them to {@code out}.
     *
     * @param charset   the page's charset from its Content-Type, or {@code null} when it
     *                  declared none (then a byte order mark or a {@code <meta charset>}
     *                  in the first 1,024 bytes decides, else it is taken to be
     *                  ASCII-compatible)
     * @param bodyStart the fragment to write where the page's body begins
     */
    public RewritingOutputStream rewrite(OutputStream out, Charset charset, String bodyStart) {
        return new RewritingOutputStream(Objects.requireNonNull(out, "out"), charset,
                Objects.requireNonNull(bodyStart, "bodyStart"));
    }

    /** A writer that rewrites characters and writes them to {@code out}. */
    public RewritingWriter rewrite(Writer out, String bodyStart) {
        return new RewritingWriter(Objects.requireNonNull(out, "out"), Objects.requireNonNull(bodyStart, "bodyStart"));
    }

    /**
     * How many pages ended with each outcome since the class was loaded (all rewriters).
     * A snapshot; {@link Outcome#PENDING} is never counted.
     */
    public static Map<Outcome, Long> stats() {
        Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
        COUNTS.forEach((k, v) -> {
            if (k != Outcome.PENDING) {
                m.put(k, v.sum());
            }
        });
        return Collections.unmodifiableMap(m);
    }

    private static void record(Outcome outcome, Throwable error) {
        COUNTS.get(outcome).increment();
        if (outcome != Outcome.INJECTED && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            if (error != null) {
                LOG.log(System.Logger.Level.DEBUG, "helpline widget not written, page passed through: " + outcome, error);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "helpline widget not written, page passed through: {0}", outcome);
            }
        }
    }

    static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether a fragment's non-ASCII characters may sit in raw text (script, style, ...), where character references do not work. */
    static boolean needsCharset(String fragment) {
        if (ascii(fragment)) {
            return false;
        }
        String lower = fragment.toLowerCase(Locale.ROOT);
        for (String raw : new String[] {"<script", "<style", "<textarea", "<title", "<xmp", "<iframe",
                "<noembed", "<noframes", "<noscript", "<plaintext"}) {
            if (lower.contains(raw)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Byte side. {@link #finish()} ends the page without closing {@code out}; writing after
     * it is an error.
     */
    public static final class RewritingOutputStream extends OutputStream {
        private static final int SNIFF = 0, SCAN = 1, PASS = 2;

        private final OutputStream out;
        private final Charset declared;
        private final String fragment;
        private int phase = SNIFF;
        private Engine engine;
        private int kind;
        private Charset charset;
        private byte[] charsetFragment;
        private boolean asciiFragment;

        /** Bytes [written, pos) that arrived in earlier writes and are not written yet. */
        private byte[] carry = new byte[256];
        private int carryLen;
        private long written;
        private long pos;
        private int partial = -1; // UTF-16: first byte of a unit the last write split

        // the write being processed
        private byte[] chunk;
        private int chunkOff;
        private long chunkPos;

        private boolean finished;
        private boolean injected;
        private Outcome outcome = Outcome.PENDING;
        private byte[] one;

        RewritingOutputStream(OutputStream out, Charset charset, String fragment) {
            this.out = out;
            this.declared = charset;
            this.fragment = fragment;
        }

        @Override
        public void write(int b) throws IOException {
            if (one == null) {
                one = new byte[1];
            }
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (finished) {
                throw new IOException("the page is finished");
            }
            if (phase == PASS) {
                out.write(b, off, len);
                pos += len;
                written = pos;
                return;
            }
            if (phase == SNIFF) {
                int need = declared == null ? Charsets.PRESCAN : 3;
                if (carryLen == 0 && len >= need) {
                    // The common case: the first write holds all the prescan needs.
                    startScan(b, off, len);
                    return;
                }
                int n = Math.min(len, need - carryLen);
                append(b, off, n);
                pos += n;
                if (carryLen >= need) {
                    startScan(null, 0, 0);
                    if (n < len) {
                        write(b, off + n, len - n);
                    }
                } else if (n < len) {
                    append(b, off + n, len - n);
                    pos += len - n;
                }
                return;
            }
            scan(b, off, len);
        }

        private void append(byte[] b, int off, int len) {
            if (carryLen + len > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + len));
            }
            System.arraycopy(b, off, carry, carryLen, len);
            carryLen += len;
        }

        /**
         * The charset is known as far as it will be: scan what was held back (in the
         * carry) or, when nothing was, the first write {@code b[off..off+len)}.
         */
        private void startScan(byte[] b, int off, int len) throws IOException {
            byte[] head = b == null ? carry : b;
            int headOff = b == null ? 0 : off;
            int headLen = b == null ? carryLen : len;
            if (headOff != 0) {
                head = Arrays.copyOfRange(head, headOff, headOff + Math.min(headLen, Charsets.PRESCAN));
                headLen = head.length;
            }
            Charset bom = Charsets.bom(head, headLen);
            charset = bom != null ? bom : declared != null ? declared : Charsets.prescan(head, Math.min(headLen, Charsets.PRESCAN));
            kind = charset == null ? Charsets.ASCII : Charsets.kind(charset);
            asciiFragment = ascii(fragment);
            if (kind == Charsets.ASCII && !asciiFragment && needsCharset(fragment)) {
                if (charset != null && charset.newEncoder().canEncode(fragment)) {
                    charsetFragment = fragment.getBytes(charset);
                } else {
                    kind = Charsets.UNSUPPORTED;
                }
            }
            if (kind == Charsets.UNSUPPORTED) {
                passThrough(Outcome.UNSUPPORTED_CHARSET, null);
                if (b != null) {
                    out.write(b, off, len);
                    pos += len;
                    written = pos;
                }
                return;
            }
            engine = new Engine(kind == Charsets.ASCII ? 1 : 2);
            phase = SCAN;
            byte[] held = b;
            int heldOff = off;
            int heldLen = len;
            if (b == null) {
                held = carry;
                heldOff = 0;
                heldLen = carryLen;
                carry = new byte[256];
                carryLen = 0;
                pos = written;
            }
            int skip = Math.min(Charsets.bomLength(bom), heldLen);
            if (skip > 0) {
                // The byte order mark is not content; write it as it is.
                out.write(held, heldOff, skip);
                written = pos = skip;
            }
            scan(held, heldOff + skip, heldLen - skip);
        }

        private void passThrough(Outcome why, Throwable error) throws IOException {
            phase = PASS;
            outcome = why;
            record(why, error);
            if (carryLen > 0) {
                out.write(carry, 0, carryLen);
            }
            carryLen = 0;
            carry = null;
            written = pos;
        }

        private void scan(byte[] b, int off, int len) throws IOException {
            chunk = b;
            chunkOff = off;
            chunkPos = pos;
            long end = pos + len;
            Throwable error = null;
            try {
                int i = off;
                int stop = off + len;
                if (kind == Charsets.ASCII) {
                    engine.run(b, i, stop, chunkPos);
                } else {
                    if (partial >= 0 && i < stop) {
                        engine.feed(unit(partial, b[i] & 0xFF), chunkPos - 1);
                        partial = -1;
                        i++;
                    }
                    for (; i + 1 < stop && engine.phase() != Engine.DONE; i += 2) {
                        engine.feed(unit(b[i] & 0xFF, b[i + 1] & 0xFF), chunkPos + (i - off));
                    }
                    if (i + 1 == stop && engine.phase() != Engine.DONE) {
                        partial = b[i] & 0xFF;
                    }
                }
            } catch (RuntimeException e) {
                engine.fail();
                error = e;
            }
            pos = end;
            if (engine.phase() != Engine.DONE) {
                long hold = engine.holdFrom();
                if (partial >= 0) {
                    hold = hold < 0 ? end - 1 : Math.min(hold, end - 1);
                }
                writeUpTo(hold < 0 ? end : hold);
                keepRest(end);
                if (carryLen > WINDOW) {
                    engine.giveUp(Outcome.WINDOW_EXCEEDED);
                }
            }
            if (engine.phase() == Engine.DONE) {
                conclude(error);
            }
            chunk = null;
        }

        private int unit(int first, int second) {
            return kind == Charsets.UTF16BE ? (first << 8) | second : (second << 8) | first;
        }

        /** Writes [written, p) from the carry and then the current write. */
        private void writeUpTo(long p) throws IOException {
            if (p <= written) {
                return;
            }
            if (carryLen > 0) {
                int n = (int) Math.min(carryLen, p - written);
                out.write(carry, 0, n);
                System.arraycopy(carry, n, carry, 0, carryLen - n);
                carryLen -= n;
                written += n;
            }
            if (p > written) {
                out.write(chunk, chunkOff + (int) (written - chunkPos), (int) (p - written));
                written = p;
            }
        }

        /** Moves the unwritten rest of the current write into the carry. */
        private void keepRest(long end) {
            if (written < end) {
                long from = Math.max(written, chunkPos);
                append(chunk, chunkOff + (int) (from - chunkPos), (int) (end - from));
            }
        }

        private void conclude(Throwable error) throws IOException {
            if (engine.inject()) {
                writeUpTo(engine.insertAt());
                writeFragment();
                injected = true;
            }
            writeUpTo(pos);
            phase = PASS;
            outcome = engine.outcome();
            carry = null;
            record(outcome, error);
        }

        @SuppressWarnings("deprecation")
        private void writeFragment() throws IOException {
            if (charsetFragment != null) {
                out.write(charsetFragment);
                return;
            }
            // Encoded through the free end of the carry when it has room, so that writing the
            // widget allocates nothing.
            byte[] buf = carry;
            int base = carryLen;
            if (buf == null || buf.length - base < 64) {
                buf = new byte[512];
                base = 0;
            }
            int n = base;
            if (asciiFragment && kind == Charsets.ASCII) {
                int room = buf.length - base;
                for (int i = 0; i < fragment.length(); i += room) {
                    int m = Math.min(room, fragment.length() - i);
                    fragment.getBytes(i, i + m, buf, base); // ASCII: the low byte is the byte
                    out.write(buf, base, m);
                }
                return;
            }
            for (int i = 0; i < fragment.length(); i++) {
                if (n > buf.length - 16) {
                    out.write(buf, base, n - base);
                    n = base;
                }
                char c = fragment.charAt(i);
                if (kind == Charsets.UTF16BE) {
                    buf[n++] = (byte) (c >> 8);
                    buf[n++] = (byte) c;
                } else if (kind == Charsets.UTF16LE) {
                    buf[n++] = (byte) c;
                    buf[n++] = (byte) (c >> 8);
                } else if (c < 0x80) {
                    buf[n++] = (byte) c;
                } else {
                    int cp = c;
                    if (Character.isHighSurrogate(c) && i + 1 < fragment.length()
                            && Character.isLowSurrogate(fragment.charAt(i + 1))) {
                        cp = Character.toCodePoint(c, fragment.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        cp = 0xFFFD;
                    }
                    buf[n++] = '&';
                    buf[n++] = '#';
                    String digits = Integer.toString(cp);
                    for (int k = 0; k < digits.length(); k++) {
                        buf[n++] = (byte) digits.charAt(k);
                    }
                    buf[n++] = ';';
                }
            }
            out.write(buf, base, n - base);
        }

        /** Writes whatever is held back; the page is over. Does not close {@code out}. Idempotent. */
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            if (phase == SNIFF) {
                startScan(null, 0, 0);
            }
            if (phase == SCAN) {
                Throwable error = null;
                try {
                    engine.eof(partial >= 0 ? pos - 1 : pos);
                } catch (RuntimeException e) {
                    engine.fail();
                    error = e;
                }
                chunkPos = pos;
                conclude(error);
            }
        }

        /** Whether the widget was written into the page. */
        public boolean injected() {
            return injected;
        }

        /** What happened to the page; {@link Outcome#PENDING} until it is decided. */
        public Outcome outcome() {
            return outcome;
        }

        /**
         * Writes everything that no longer needs to be held back, then flushes {@code out}.
         * Once the body has begun, that is everything: the widget is committed.
         */
        @Override
        public void flush() throws IOException {
            if (!finished) {
                if (phase == SNIFF) {
                    startScan(null, 0, 0);
                }
                if (phase == SCAN) {
                    chunkPos = pos;
                    if (engine.phase() == Engine.GUARD) {
                        engine.giveUp(Outcome.WINDOW_EXCEEDED);
                        conclude(null);
                    } else {
                        long hold = engine.holdFrom();
                        if (partial >= 0) {
                            hold = hold < 0 ? pos - 1 : Math.min(hold, pos - 1);
                        }
                        writeUpTo(hold < 0 ? pos : hold);
                    }
                }
            }
            out.flush();
        }

        /** {@link #finish()}, then closes {@code out}. */
        @Override
        public void close() throws IOException {
            try {
                finish();
            } finally {
                out.close();
            }
        }
    }

    /**
     * Char side. {@link #finish()} ends the page without closing {@code out}; writing after
     * it is an error.
     */
    public static final class RewritingWriter extends Writer {
        private final Writer out;
        private final String fragment;
        private Engine engine = new Engine(1);
        private boolean pass;

        private char[] carry = new char[256];
        private int carryLen;
        private long written;
        private long pos;

        private char[] chunk;
        private int chunkOff;
        private long chunkPos;

        private boolean finished;
        private boolean injected;
        private Outcome outcome = Outcome.PENDING;

        RewritingWriter(Writer out, String fragment) {
            this.out = out;
            this.fragment = fragment;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, cbuf.length);
            if (finished) {
                throw new IOException("the page is finished");
            }
            if (pass) {
                out.write(cbuf, off, len);
                pos += len;
                written = pos;
                return;
            }
            scan(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            if (pass && !finished) {
                out.write(str, off, len);
                pos += len;
                written = pos;
                return;
            }
            super.write(str, off, len);
        }

        private void scan(char[] b, int off, int len) throws IOException {
            chunk = b;
            chunkOff = off;
            chunkPos = pos;
            long end = pos + len;
            Throwable error = null;
            try {
                int stop = off + len;
                int i = off;
                if (chunkPos == 0 && len > 0 && b[off] == '\uFEFF') {
                    i++; // a byte order mark is not content
                }
                engine.run(b, i, stop, chunkPos + (i - off));
            } catch (RuntimeException e) {
                engine.fail();
                error = e;
            }
            pos = end;
            if (engine.phase() != Engine.DONE) {
                long hold = engine.holdFrom();
                writeUpTo(hold < 0 ? end : hold);
                if (written < end) {
                    long from = Math.max(written, chunkPos);
                    int n = (int) (end - from);
                    if (carryLen + n > carry.length) {
                        carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + n));
                    }
                    System.arraycopy(chunk, chunkOff + (int) (from - chunkPos), carry, carryLen, n);
                    carryLen += n;
                }
                if (carryLen > WINDOW) {
                    engine.giveUp(Outcome.WINDOW_EXCEEDED);
                }
            }
            if (engine.phase() == Engine.DONE) {
                conclude(error);
            }
            chunk = null;
        }

        private void writeUpTo(long p) throws IOException {
            if (p <= written) {
                return;
            }
            if (carryLen > 0) {
                int n = (int) Math.min(carryLen, p - written);
                out.write(carry, 0, n);
                System.arraycopy(carry, n, carry, 0, carryLen - n);
                carryLen -= n;
                written += n;
            }
            if (p > written) {
                out.write(chunk, chunkOff + (int) (written - chunkPos), (int) (p - written));
                written = p;
            }
        }

        private void conclude(Throwable error) throws IOException {
            if (engine.inject()) {
                writeUpTo(engine.insertAt());
                out.write(fragment);
                injected = true;
            }
            writeUpTo(pos);
            pass = true;
            outcome = engine.outcome();
            carry = null;
            engine = null;
            record(outcome, error);
        }

        /** Writes whatever is held back; the page is over. Does not close {@code out}. Idempotent. */
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            if (!pass) {
                Throwable error = null;
                try {
                    engine.eof(pos);
                } catch (RuntimeException e) {
                    engine.fail();
                    error = e;
                }
                chunkPos = pos;
                conclude(error);
            }
        }

        /** Whether the widget was written into the page. */
        public boolean injected() {
            return injected;
        }

        /** What happened to the page; {@link Outcome#PENDING} until it is decided. */
        public Outcome outcome() {
            return outcome;
        }

        /**
         * Writes everything that no longer needs to be held back, then flushes {@code out}.
         * Once the body has begun, that is everything: the widget is committed.
         */
        @Override
        public void flush() throws IOException {
            if (!finished && !pass) {
                chunkPos = pos;
                if (engine.phase() == Engine.GUARD) {
                    engine.giveUp(Outcome.WINDOW_EXCEEDED);
                    conclude(null);
                } else {
                    long hold = engine.holdFrom();
                    writeUpTo(hold < 0 ? pos : hold);
                }
            }
            out.flush();
        }

        /** {@link #finish()}, then closes {@code out}. */
        @Override
        public void close() throws IOException {
            try {
                finish();
            } finally {
                out.close();
            }
        }
    }
}

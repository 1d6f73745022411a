package dev.helpline.core.html;

import dev.helpline.core.html.internal.AuditedNumbers;
import dev.helpline.core.html.internal.BodyScanner;
import dev.helpline.core.html.internal.Charsets;
import dev.helpline.core.html.internal.Engine;
import dev.helpline.core.html.internal.InlineNumbers;
import dev.helpline.core.phone.PhoneNumber;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the widget into HTML pages as they stream by: its body-start fragment right where
 * each page's body begins, and, when the {@link PageWidget} asks for them, links around the
 * helpline's numbers in the text and the call-to-action box in the slots the host marked.
 * Built once, shared by every response; each response gets its own
 * {@link #rewrite(OutputStream, Charset, PageWidget)} or {@link #rewrite(Writer, PageWidget)} stream.
 *
 * <pre>{@code
 * HtmlRewriter rewriter = new HtmlRewriter();
 * try (OutputStream out = rewriter.rewrite(socketOut, UTF_8, pageWidget)) {
 *     out.write(page);
 * }
 * }</pre>
 *
 * <p>In the body (only in pages the widget went into):
 * <ul>
 * <li>Each of {@link PageWidget#inlineNumbers()} in text, in its common forms
 *     ({@code 800-601-3889}, {@code (800) 601-3889}, {@code 800.601.3889},
 *     {@code 1-800-601-3889}, {@code +1 800 601 3889}), is wrapped in
 *     {@link PageWidget#numberOpen} ... {@link PageWidget#numberClose}; never inside
 *     attributes, script, style, textarea, title, select/option, button, label, an
 *     existing {@code <a>}, svg or math, a table outside its cells and caption (their
 *     content is linked), a template or object, a subtree under an element with
 *     {@code data-helpline-skip}, nor across text split by tags, comments or
 *     character references. Digits or ASCII letters right next to it (or a '+', or a
 *     digit and separator before it) mean it is part of something else: not a match.
 * <li>Other NANP numbers found in text (inside links and skipped subtrees too; not in raw
 *     text or attributes) are told to {@link PageWidget#otherNumber}, masked, once per
 *     number and page.
 * <li>{@link PageWidget#ctaBox} goes into every {@code <div data-helpline-slot="cta">}
 *     (as its first child) and replaces every {@code <!-- helpline:cta -->} comment, where
 *     the place is plain flow content (not in a paragraph or heading for the comment, and
 *     none of the places above); with {@link Options#ctaAfterParagraph()} N &gt; 0, also
 *     once right after the N-th paragraph inside {@code <article>} or {@code <main>} (not
 *     in a table): after its {@code </p>}, or right before the tag that closes it
 *     implicitly (the next {@code <p>}, a {@code <div>}, {@code <h2>}, {@code <ul>}..., or
 *     the end tag of a block known to hold it, such as {@code </article>}).
 * <li>Where the rewriter cannot be sure a place is what it looks like (markup inside an
 *     svg {@code <title>}, nested templates, a {@code <noscript>} whose content parses
 *     differently without scripts, ...), it stops changing that page from there on, and
 *     tells the {@link Options#listener()} why and where ({@link StopReason}, logged at
 *     debug with the page's path).
 * </ul>
 * With no inline numbers and no box, bytes pass straight through once the body-start
 * fragment is written.
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
 *     document; in the body, a run of up to 40 digits, separators and spaces that may hold
 *     a number, or a comment that may be a CTA marker); once the widget is written and
 *     nothing in the body is wanted, bytes pass straight through.
 * <li>In the body, the host's tree changes only by what the widget adds: unwrap the number
 *     links, remove the triggers and boxes (and the markers they replaced), and the
 *     host's tree is left.
 * <li>Byte streams in ASCII-compatible charsets are scanned without decoding; the widget's
 *     non-ASCII characters are written as character references, so they are right in
 *     every such charset. UTF-16 (with a byte order mark, or UTF-16BE/LE) is supported too.
 * </ul>
 *
 * <p>Thread safe; the streams it answers are not.
 */
public final class HtmlRewriter {
    private static final System.Logger LOG = System.getLogger(HtmlRewriter.class.getName());

    /** How much may be held back while making sure the page cannot become a frameset document. */
    static final int WINDOW = 16 * 1024;

    private final Options options;

    /**
     * The body-start fragment last encoded by this rewriter's byte streams. The widget's text
     * repeats from page to page (per profile and language), so comparing it to the last one
     * (a memory compare) saves encoding it again, and the encoding check, on every response.
     */
    private volatile EncodedFragment lastFragment;

    /** A fragment and its bytes for one kind of charset; {@code bytes == null}: the charset cannot carry it. */
    record EncodedFragment(String text, int kind, Charset charset, byte[] bytes) {
        boolean matches(String fragment, int kind, Charset charset) {
            return this.kind == kind && Objects.equals(this.charset, charset) && text.equals(fragment);
        }
    }

    /** The fragment's bytes in a stream of {@code kind}, or an entry with null bytes when {@code charset} cannot carry it. */
    EncodedFragment encodeFragment(String fragment, int kind, Charset charset) {
        EncodedFragment last = lastFragment;
        if (last != null && last.matches(fragment, kind, charset)) {
            return last;
        }
        byte[] bytes;
        if (kind == Charsets.ASCII && !ascii(fragment) && needsCharset(fragment)) {
            bytes = charset != null && charset.newEncoder().canEncode(fragment) ? fragment.getBytes(charset) : null;
        } else {
            bytes = encode(fragment, kind);
        }
        EncodedFragment e = new EncodedFragment(fragment, kind, charset, bytes);
        lastFragment = e;
        return e;
    }

    /**
     * The fragments the body scanner last asked for (a link's opening and closing, the box),
     * with their bytes when they are all ASCII: the same few Strings come for every number
     * of every page. Entries are immutable, so the array is shared without locking: a thread
     * that misses an entry another just wrote only encodes the fragment once more.
     */
    private final EncodedFragment[] inlineFragments = new EncodedFragment[4];
    private int nextInlineFragment;

    /** {@code fragment}'s bytes in an ASCII-compatible stream when it is all ASCII, else null. */
    byte[] asciiBytes(String fragment) {
        EncodedFragment[] cache = inlineFragments;
        for (EncodedFragment e : cache) {
            if (e != null && e.text() == fragment) {
                return e.bytes();
            }
        }
        byte[] bytes = ascii(fragment) ? fragment.getBytes(StandardCharsets.ISO_8859_1) : null;
        cache[nextInlineFragment++ & (cache.length - 1)] = new EncodedFragment(fragment, Charsets.ASCII, null, bytes);
        return bytes;
    }

    /** What {@code RewritingOutputStream.writeText} writes for {@code text}. */
    static byte[] encode(String text, int kind) {
        if (kind == Charsets.ASCII && ascii(text)) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(text.length() * 2 + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (kind == Charsets.UTF16BE) {
                b.write(c >> 8);
                b.write(c);
            } else if (kind == Charsets.UTF16LE) {
                b.write(c);
                b.write(c >> 8);
            } else if (c < 0x80) {
                b.write(c);
            } else {
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, text.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    cp = 0xFFFD;
                }
                b.write('&');
                b.write('#');
                String digits = Integer.toString(cp);
                for (int k = 0; k < digits.length(); k++) {
                    b.write(digits.charAt(k));
                }
                b.write(';');
            }
        }
        return b.toByteArray();
    }

    /**
     * How the rewriter places things beyond the body start.
     *
     * @param ctaAfterParagraph 0 (the default): the box goes only into slots the host
     *                          marked; N &gt; 0: also right after the N-th paragraph of
     *                          {@code <article>} or {@code <main>} (config key
     *                          {@code helpline.cta.after-paragraph})
     * @param listener          told each page's head outcome and why its body was no
     *                          longer followed ({@link RewriteListener#NONE}: nobody)
     */
    public record Options(int ctaAfterParagraph, RewriteListener listener) {
        public static final Options DEFAULTS = new Options(0);

        /** @throws IllegalArgumentException if {@code ctaAfterParagraph} is negative */
        public Options {
            if (ctaAfterParagraph < 0) {
                throw new IllegalArgumentException("ctaAfterParagraph must be 0 (off) or more, was " + ctaAfterParagraph);
            }
            Objects.requireNonNull(listener, "listener");
        }

        /** No listener. */
        public Options(int ctaAfterParagraph) {
            this(ctaAfterParagraph, RewriteListener.NONE);
        }
    }

    public HtmlRewriter() {
        this(Options.DEFAULTS);
    }

    public HtmlRewriter(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        RewriteListener listener = options.listener();
        this.stopReporter = new RewriteListener() {
            @Override
            public void bodyStopped(String path, StopReason reason, long offset) {
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "helpline body features stopped on {0} at offset {1}: {2}",
                            path == null ? "a page" : path, offset, reason);
                }
                listener.bodyStopped(path, reason, offset);
            }
        };
    }

    /** Logs each stop in the body at debug, with the page's path, and tells the listener. */
    private final RewriteListener stopReporter;

    /** The body's scanning is over: reports where and why it stopped, if it did. */
    void bodyEnded(BodyScanner body, PageWidget widget) {
        StopReason reason = body.stopReason();
        if (reason != null) {
            stopReporter.bodyStopped(widget.pagePath(), reason, body.stopOffset());
        }
    }

    /**
     * A stream that rewrites bytes and writes them to {@code out}.
     *
     * @param charset the page's charset from its Content-Type, or {@code null} when it
     *                declared none (then a byte order mark or a {@code <meta charset>}
     *                in the first 1,024 bytes decides, else it is taken to be
     *                ASCII-compatible)
     * @param widget  what goes into this page; called on the writing thread
     */
    public RewritingOutputStream rewrite(OutputStream out, Charset charset, PageWidget widget) {
        return new RewritingOutputStream(this, Objects.requireNonNull(out, "out"), charset,
                Objects.requireNonNull(widget, "widget"));
    }

    /** A writer that rewrites characters and writes them to {@code out}. */
    public RewritingWriter rewrite(Writer out, PageWidget widget) {
        return new RewritingWriter(this, Objects.requireNonNull(out, "out"), Objects.requireNonNull(widget, "widget"));
    }

    /** {@link #rewrite(OutputStream, Charset, PageWidget)} with only a body-start fragment. */
    public RewritingOutputStream rewrite(OutputStream out, Charset charset, String bodyStart) {
        return rewrite(out, charset, PageWidget.bodyStartOnly(Objects.requireNonNull(bodyStart, "bodyStart")));
    }

    /** {@link #rewrite(Writer, PageWidget)} with only a body-start fragment. */
    public RewritingWriter rewrite(Writer out, String bodyStart) {
        return rewrite(out, PageWidget.bodyStartOnly(Objects.requireNonNull(bodyStart, "bodyStart")));
    }

    /**
     * The inline numbers last asked for by this rewriter's streams: like the fragment, they
     * repeat from page to page, and each page then allocates nothing for them.
     */
    private volatile InlineNumbers lastNumbers;
    /** What the audit found of the other numbers on this rewriter's pages: parsed once each, not once per page. */
    private final AuditedNumbers audited = new AuditedNumbers();

    /** The {@code <html lang>} of the last page this rewriter's streams saw: the next one is likely the same. */
    private volatile String lastLang;

    /** The body scanner for this page, or null when nothing in the body is wanted. */
    BodyScanner bodyScanner(PageWidget widget, String htmlLang, int width, dev.helpline.core.html.internal.Tokenizer reuse) {
        Set<PhoneNumber> numbers = widget.inlineNumbers();
        String box = widget.ctaBox(htmlLang);
        if ((numbers == null || numbers.isEmpty()) && box == null) {
            return null;
        }
        InlineNumbers ours = InlineNumbers.of(numbers == null ? Set.of() : numbers, lastNumbers, audited);
        lastNumbers = ours;
        return new BodyScanner(widget, htmlLang, ours, box, width, options.ctaAfterParagraph(), reuse);
    }

    /**
     * A page's head ended: logged at debug when it passed through, and told to this
     * rewriter's listener. Nothing is counted here: counts belong to whoever owns the
     * rewriter (a {@link RewriteCounts} given as its listener), so two filters, or two web
     * applications sharing this class through a common class loader, never mix them.
     */
    private void record(Outcome outcome, Throwable error, String path) {
        if (outcome != Outcome.INJECTED && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            String where = path == null ? "" : " (" + path + ")";
            if (error != null) {
                LOG.log(System.Logger.Level.DEBUG, "helpline widget not written, page passed through" + where + ": " + outcome, error);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "helpline widget not written, page passed through{0}: {1}", where, outcome);
            }
        }
        options.listener().headOutcome(path, outcome);
    }

    private static void bodyFailed(Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, "helpline body features stopped by an error; the rest of the page passed through", error);
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
        private static final int SNIFF = 0, SCAN = 1, PASS = 2, BODY = 3;

        private final HtmlRewriter owner;
        private final OutputStream out;
        private final Charset declared;
        private final PageWidget widget;
        private BodyScanner body;
        // phase, kind and partial are small: narrow fields keep this object, made per
        // response, one allocation step smaller.
        private byte phase = SNIFF;
        private Engine engine;
        private byte kind;
        private Charset charset;

        /** Bytes [written, pos) that arrived in earlier writes and are not written yet. */
        private byte[] carry = new byte[256];
        private int carryLen;
        private long written;
        private long pos;
        private short partial = -1; // UTF-16: first byte of a unit the last write split

        // the write being processed
        private byte[] chunk;
        private int chunkOff;
        private long chunkPos;

        private boolean finished;
        private boolean injected;
        private Outcome outcome = Outcome.PENDING;
        private byte[] one;

        RewritingOutputStream(HtmlRewriter owner, OutputStream out, Charset charset, PageWidget widget) {
            this.owner = owner;
            this.out = out;
            this.declared = charset;
            this.widget = widget;
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
            if (phase == BODY) {
                long at = pos;
                pos += len;
                bodyScan(b, off, len, at);
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
            kind = (byte) (charset == null ? Charsets.ASCII : Charsets.kind(charset));
            if (kind == Charsets.UNSUPPORTED) {
                passThrough(Outcome.UNSUPPORTED_CHARSET, null);
                if (b != null) {
                    out.write(b, off, len);
                    pos += len;
                    written = pos;
                }
                return;
            }
            engine = new Engine(kind == Charsets.ASCII ? 1 : 2, owner.lastLang);
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
            owner.record(why, error, widget.pagePath());
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
                        partial = (short) (b[i] & 0xFF);
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
            outcome = engine.outcome();
            if (engine.inject()) {
                String lang = engine.htmlLang();
                if (lang != null && lang != owner.lastLang) {
                    owner.lastLang = lang;
                }
                Fragment fragment = null;
                // The whole fragment's bytes when it goes out as one text; null when its parts do.
                byte[] fragmentBytes = null;
                try {
                    fragment = Objects.requireNonNull(widget.bodyStartFragment(lang), "bodyStartFragment");
                    Fragment.Template parts = fragment.parts();
                    if (parts == null || kind == Charsets.ASCII && !(parts.ascii() && fragment.valuesAscii())) {
                        // One text, or non-ASCII parts whose bytes may depend on the charset: as a whole.
                        String text = parts == null ? fragment.text() : fragment.toString();
                        fragmentBytes = owner.encodeFragment(text, kind, charset).bytes();
                        if (fragmentBytes == null) {
                            fragment = null;
                            outcome = Outcome.UNSUPPORTED_CHARSET;
                        }
                    }
                    if (fragment != null && error == null) {
                        body = owner.bodyScanner(widget, lang, kind == Charsets.ASCII ? 1 : 2, engine.tokenizer());
                    }
                } catch (RuntimeException e) {
                    fragment = null;
                    body = null;
                    outcome = Outcome.INTERNAL_ERROR;
                    error = e;
                }
                if (fragment != null) {
                    writeUpTo(engine.insertAt());
                    if (fragmentBytes != null) {
                        out.write(fragmentBytes);
                    } else {
                        writeParts(fragment);
                    }
                    injected = true;
                }
            }
            engine = null;
            owner.record(outcome, error, widget.pagePath());
            if (body == null) {
                writeUpTo(pos);
                phase = PASS;
                carry = null;
                return;
            }
            phase = BODY;
            // Everything from the body's start on is still held: the carry [written, chunkPos)
            // (or [written, pos) at the end), then the current write. Scanned again from there.
            long end = pos;
            byte[] held = chunk;
            int heldOff = chunkOff;
            long heldPos = chunkPos;
            partial = -1;
            if (carryLen > 0) {
                byte[] c = carry;
                int n = carryLen;
                long at = written;
                carry = new byte[Math.max(256, n)];
                carryLen = 0;
                bodyScan(c, 0, n, at);
            }
            long from = Math.max(written + carryLen, heldPos);
            if (held != null && from < end) {
                bodyScan(held, heldOff + (int) (from - heldPos), (int) (end - from), from);
            }
        }

        /** Scans {@code b[off..off+len)}, the host's units from position {@code at} on, in the body. */
        private void bodyScan(byte[] b, int off, int len, long at) throws IOException {
            if (phase != BODY) {
                // the scanner stopped while the held units were replayed
                chunk = b;
                chunkOff = off;
                chunkPos = at;
                writeUpTo(at + len);
                return;
            }
            chunk = b;
            chunkOff = off;
            chunkPos = at;
            long end = at + len;
            try {
                int i = off;
                int stop = off + len;
                if (kind == Charsets.ASCII) {
                    while (i < stop && !body.done()) {
                        i = body.run(b, i, stop, at - off);
                        applyEdits();
                    }
                } else {
                    if (partial >= 0 && i < stop) {
                        body.feed(unit(partial, b[i] & 0xFF), at - 1);
                        partial = -1;
                        i++;
                        applyEdits();
                    }
                    for (; i + 1 < stop && !body.done(); i += 2) {
                        body.feed(unit(b[i] & 0xFF, b[i + 1] & 0xFF), at + (i - off));
                        if (body.edits() > 0) {
                            applyEdits();
                        }
                    }
                    if (i + 1 == stop && !body.done()) {
                        partial = (short) (b[i] & 0xFF);
                    }
                }
            } catch (RuntimeException e) {
                body.clearEdits();
                body.poison(StopReason.INTERNAL_ERROR, pos);
                bodyFailed(e);
            }
            long hold = body.holdFrom();
            if (partial >= 0) {
                hold = hold < 0 ? end - 1 : Math.min(hold, end - 1);
            }
            if (body.done()) {
                hold = -1;
            }
            writeUpTo(hold < 0 ? end : hold);
            keepRest(end);
            if (carryLen > WINDOW) {
                body.poison(StopReason.WINDOW_EXCEEDED, written);
                writeUpTo(end);
            }
            if (body.done()) {
                writeUpTo(end);
                phase = PASS;
                owner.bodyEnded(body, widget);
                body = null;
                carry = null;
            }
            chunk = null;
        }

        private void applyEdits() throws IOException {
            int n = body.edits();
            for (int k = 0; k < n; k++) {
                writeUpTo(body.editAt(k));
                writeText(body.editText(k));
                skipUpTo(body.editResume(k));
            }
            body.clearEdits();
        }

        /** Drops the host's units [written, p): a marker the box replaced. */
        private void skipUpTo(long p) {
            if (p <= written) {
                return;
            }
            if (carryLen > 0) {
                int n = (int) Math.min(carryLen, p - written);
                System.arraycopy(carry, n, carry, 0, carryLen - n);
                carryLen -= n;
                written += n;
            }
            if (p > written) {
                written = p;
            }
        }


        private void writeText(String fragment) throws IOException {
            if (kind == Charsets.ASCII) {
                byte[] bytes = owner.asciiBytes(fragment);
                if (bytes != null) {
                    out.write(bytes);
                    return;
                }
            }
            encodeThrough(fragment);
        }

        /** A fragment's literal parts from their kept bytes, its values encoded as they go. */
        private void writeParts(Fragment fragment) throws IOException {
            Fragment.Template parts = fragment.parts();
            int n = fragment.values();
            for (int i = 0; i < n; i++) {
                out.write(parts.bytes(i, kind));
                encodeThrough(fragment.value(i));
            }
            out.write(parts.bytes(n, kind));
        }

        /** Writes {@code fragment} as {@link HtmlRewriter#encode} would, without keeping its bytes. */
        private void encodeThrough(String fragment) throws IOException {
            if (fragment.isEmpty()) {
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
                chunk = null;
                conclude(error);
            }
            if (phase == BODY) {
                chunk = null;
                chunkPos = pos;
                try {
                    body.eof();
                    applyEdits();
                } catch (RuntimeException e) {
                    body.clearEdits();
                    body.poison(StopReason.INTERNAL_ERROR, pos);
                    bodyFailed(e);
                }
                writeUpTo(pos);
                phase = PASS;
                owner.bodyEnded(body, widget);
                body = null;
                carry = null;
            }
        }

        /**
         * How many of the host's bytes went out (or were replaced by the box): what the
         * stream wrote minus what the widget added. For fail-open replays.
         */
        public long hostBytesWritten() {
            return written;
        }

        /** Whether the widget was written into the page. */
        public boolean injected() {
            return injected;
        }

        /**
         * Whether the stream holds nothing and will hold nothing more: every later write goes
         * straight to {@code out} (the page was decided and nothing in its body is wanted, or
         * the body's work is done).
         */
        public boolean passingThrough() {
            return phase == PASS && carryLen == 0;
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
                if (phase == BODY) {
                    chunkPos = pos;
                    chunk = null;
                    long hold = body.holdFrom();
                    if (partial >= 0) {
                        hold = hold < 0 ? pos - 1 : Math.min(hold, pos - 1);
                    }
                    writeUpTo(hold < 0 ? pos : hold);
                } else if (phase == SCAN) {
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
        private final HtmlRewriter owner;
        private final Writer out;
        private final PageWidget widget;
        private Engine engine;
        private BodyScanner body;
        private boolean pass;

        private char[] carry = new char[256];
        private int carryLen;
        private long written;
        private long pos;

        private char[] chunk;
        private int chunkOff;
        private long chunkPos;
        /** A host's String, a slice at a time, while the page is being read; null until needed. */
        private char[] slice;
        private static final int SLICE = 256;

        private boolean finished;
        private boolean injected;
        private Outcome outcome = Outcome.PENDING;

        RewritingWriter(HtmlRewriter owner, Writer out, PageWidget widget) {
            this.owner = owner;
            this.engine = new Engine(1, owner.lastLang);
            this.out = out;
            this.widget = widget;
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
            if (body != null) {
                long at = pos;
                pos += len;
                bodyScan(cbuf, off, len, at);
                return;
            }
            scan(cbuf, off, len);
        }

        /**
         * Passes the host's {@code String} on as it is once the page passes through; until
         * then copies it in slices into one small buffer (Writer's own would copy a large
         * string whole, and keep a 2 KB buffer per response for small ones).
         */
        @Override
        public void write(String str, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, str.length());
            int end = off + len;
            while (off < end) {
                if (pass && !finished) {
                    out.write(str, off, end - off);
                    pos += end - off;
                    written = pos;
                    return;
                }
                if (slice == null) {
                    slice = new char[SLICE];
                }
                int n = Math.min(SLICE, end - off);
                str.getChars(off, off + n, slice, 0);
                write(slice, 0, n);
                off += n;
            }
        }

        @Override
        public void write(int c) throws IOException {
            if (pass && !finished) {
                out.write(c);
                pos++;
                written = pos;
                return;
            }
            if (slice == null) {
                slice = new char[SLICE];
            }
            slice[0] = (char) c;
            write(slice, 0, 1);
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
            outcome = engine.outcome();
            if (engine.inject()) {
                String lang = engine.htmlLang();
                if (lang != null && lang != owner.lastLang) {
                    owner.lastLang = lang;
                }
                Fragment fragment = null;
                try {
                    fragment = widget.bodyStartFragment(lang);
                    if (fragment != null && error == null) {
                        body = owner.bodyScanner(widget, lang, 1, engine.tokenizer());
                    }
                } catch (RuntimeException e) {
                    fragment = null;
                    body = null;
                    outcome = Outcome.INTERNAL_ERROR;
                    error = e;
                }
                if (fragment != null) {
                    writeUpTo(engine.insertAt());
                    writeParts(fragment);
                    injected = true;
                }
            }
            engine = null;
            owner.record(outcome, error, widget.pagePath());
            if (body == null) {
                writeUpTo(pos);
                pass = true;
                carry = null;
                return;
            }
            long end = pos;
            char[] held = chunk;
            int heldOff = chunkOff;
            long heldPos = chunkPos;
            if (carryLen > 0) {
                char[] c = carry;
                int n = carryLen;
                long at = written;
                carry = new char[Math.max(256, n)];
                carryLen = 0;
                bodyScan(c, 0, n, at);
            }
            long from = Math.max(written + carryLen, heldPos);
            if (held != null && from < end) {
                bodyScan(held, heldOff + (int) (from - heldPos), (int) (end - from), from);
            }
        }

        private void bodyScan(char[] b, int off, int len, long at) throws IOException {
            chunk = b;
            chunkOff = off;
            chunkPos = at;
            long end = at + len;
            if (pass) {
                writeUpTo(end);
                chunk = null;
                return;
            }
            try {
                int i = off;
                int stop = off + len;
                while (i < stop && !body.done()) {
                    i = body.run(b, i, stop, at - off);
                    applyEdits();
                }
            } catch (RuntimeException e) {
                body.clearEdits();
                body.poison(StopReason.INTERNAL_ERROR, pos);
                bodyFailed(e);
            }
            long hold = body.done() ? -1 : body.holdFrom();
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
                body.poison(StopReason.WINDOW_EXCEEDED, written);
            }
            if (body.done()) {
                writeUpTo(end);
                pass = true;
                owner.bodyEnded(body, widget);
                body = null;
                carry = null;
            }
            chunk = null;
        }

        /** A fragment's parts and values, one after the other: never assembled. */
        private void writeParts(Fragment fragment) throws IOException {
            Fragment.Template parts = fragment.parts();
            if (parts == null) {
                out.write(fragment.text());
                return;
            }
            int n = fragment.values();
            for (int i = 0; i < n; i++) {
                out.write(parts.part(i));
                out.write(fragment.value(i));
            }
            out.write(parts.part(n));
        }

        private void applyEdits() throws IOException {
            int n = body.edits();
            for (int k = 0; k < n; k++) {
                writeUpTo(body.editAt(k));
                out.write(body.editText(k));
                long p = body.editResume(k);
                if (p > written) {
                    if (carryLen > 0) {
                        int m = (int) Math.min(carryLen, p - written);
                        System.arraycopy(carry, m, carry, 0, carryLen - m);
                        carryLen -= m;
                        written += m;
                    }
                    written = Math.max(written, p);
                }
            }
            body.clearEdits();
        }

        /** Writes whatever is held back; the page is over. Does not close {@code out}. Idempotent. */
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            if (!pass && body == null) {
                Throwable error = null;
                try {
                    engine.eof(pos);
                } catch (RuntimeException e) {
                    engine.fail();
                    error = e;
                }
                chunkPos = pos;
                chunk = null;
                conclude(error);
            }
            if (body != null) {
                chunk = null;
                chunkPos = pos;
                try {
                    body.eof();
                    applyEdits();
                } catch (RuntimeException e) {
                    body.clearEdits();
                    body.poison(StopReason.INTERNAL_ERROR, pos);
                    bodyFailed(e);
                }
                writeUpTo(pos);
                pass = true;
                owner.bodyEnded(body, widget);
                body = null;
                carry = null;
            }
        }

        /** How many of the host's chars went out (or were replaced by the box). For fail-open replays. */
        public long hostCharsWritten() {
            return written;
        }

        /**
         * Whether the writer holds nothing and will hold nothing more: every later write goes
         * straight to {@code out}. As {@link RewritingOutputStream#passingThrough()}.
         */
        public boolean passingThrough() {
            return pass && !finished && carryLen == 0;
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
            if (!finished && !pass && body != null) {
                chunkPos = pos;
                chunk = null;
                long hold = body.holdFrom();
                writeUpTo(hold < 0 ? pos : hold);
            } else if (!finished && !pass) {
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

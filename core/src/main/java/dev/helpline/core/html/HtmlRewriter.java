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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    static final System.Logger LOG = System.getLogger(HtmlRewriter.class.getName());

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
    volatile String lastLang;

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
    void record(Outcome outcome, Throwable error, String path) {
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

    /**
     * A writer's buffers, lent for one page at a time: a page written through a Writer needs
     * a slice to narrow chars into and the host's chars beside the units it holds, which a
     * byte stream does not; lent from here, the Writer path allocates no more per response
     * than the byte path. A few spare sets, taken and given back without locking; when none
     * is spare (more pages at once than sets), a page gets new ones.
     */
    private final AtomicReferenceArray<NarrowedChars.Buffers> spareBuffers = new AtomicReferenceArray<>(4);

    NarrowedChars.Buffers borrowBuffers() {
        for (int i = 0; i < spareBuffers.length(); i++) {
            NarrowedChars.Buffers b = spareBuffers.getAndSet(i, null);
            if (b != null) {
                return b;
            }
        }
        return new NarrowedChars.Buffers();
    }

    void giveBack(NarrowedChars.Buffers b) {
        for (int i = 0; i < spareBuffers.length(); i++) {
            if (spareBuffers.compareAndSet(i, null, b)) {
                return;
            }
        }
    }

    /** Whether a stream of this rewriter failed open already: the first is logged as a warning, later ones at debug. */
    private final AtomicBoolean failedOpenLogged = new AtomicBoolean();

    /**
     * A stream failed open: logs it and tells how the page ended (its head's outcome when it
     * was not decided yet, else the body's stop). Never throws: a listener or widget that
     * fails again here is only logged.
     */
    void failedOpen(Throwable error, PageWidget widget, boolean headUndecided, BodyScanner body, long at) {
        try {
            if (failedOpenLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "helpline rewriter failed; the rest of the page passed through unchanged"
                        + " (logged once per rewriter, then at debug)", error);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "helpline rewriter failed; the rest of the page passed through unchanged", error);
            }
            if (headUndecided) {
                record(Outcome.INTERNAL_ERROR, error, widget.pagePath());
            } else if (body != null) {
                body.poison(StopReason.INTERNAL_ERROR, at);
                bodyEnded(body, widget);
            }
        } catch (RuntimeException | Error again) {
            LOG.log(System.Logger.Level.DEBUG, "helpline rewriter: reporting a failure failed too", again);
        }
    }

    static void bodyFailed(Throwable error) {
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
    public static final class RewritingOutputStream extends RewritingStream {
        private final OutputStream out;
        private byte[] one;

        RewritingOutputStream(HtmlRewriter owner, OutputStream out, Charset charset, PageWidget widget) {
            super(owner, charset, widget, new byte[256]);
            this.out = out;
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
            take(b, off, len);
        }

        @Override
        void hostOut(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        /** Writes the widget's bytes; what {@code out} throws is the host stream's. */
        private void send(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (RuntimeException | Error e) {
                throw new HostStreamFailure(e);
            }
        }

        /** The whole fragment's bytes when it goes out as one text, the fragment itself when its parts do, null when the charset cannot carry it. */
        @Override
        Object prepare(Fragment fragment) {
            Fragment.Template parts = fragment.parts();
            if (parts == null || kind == Charsets.ASCII && !(parts.ascii() && fragment.valuesAscii())) {
                // One text, or non-ASCII parts whose bytes may depend on the charset: as a whole.
                String text = parts == null ? fragment.text() : fragment.toString();
                return owner.encodeFragment(text, kind, charset).bytes();
            }
            return fragment;
        }

        @Override
        void fragmentOut(Fragment fragment, Object prepared) throws IOException {
            if (prepared instanceof byte[] bytes) {
                send(bytes, 0, bytes.length);
            } else {
                writeParts(fragment);
            }
        }

        @Override
        void textOut(String text) throws IOException {
            writeText(text);
        }

        private void writeText(String fragment) throws IOException {
            if (kind == Charsets.ASCII) {
                byte[] bytes = owner.asciiBytes(fragment);
                if (bytes != null) {
                    send(bytes, 0, bytes.length);
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
                byte[] part = parts.bytes(i, kind);
                send(part, 0, part.length);
                encodeThrough(fragment.value(i));
            }
            byte[] last = parts.bytes(n, kind);
            send(last, 0, last.length);
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
                    send(buf, base, n - base);
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
            send(buf, base, n - base);
        }


        /** Writes whatever is held back; the page is over. Does not close {@code out}. Idempotent. */
        public void finish() throws IOException {
            finishPage();
        }

        /**
         * How many of the host's bytes went out (or were replaced by the box): what the
         * stream wrote minus what the widget added. For fail-open replays.
         */
        public long hostBytesWritten() {
            return hostUnitsWritten();
        }

        /** Whether the widget was written into the page. */
        public boolean injected() {
            return wasInjected();
        }

        /**
         * Whether the stream holds nothing and will hold nothing more: every later write goes
         * straight to {@code out} (the page was decided and nothing in its body is wanted, or
         * the body's work is done).
         */
        public boolean passingThrough() {
            return passing();
        }

        /**
         * What happened to the page; {@link Outcome#PENDING} until it is decided,
         * {@link Outcome#INTERNAL_ERROR} when it failed open before.
         */
        public Outcome outcome() {
            return pageOutcome();
        }

        /**
         * Writes everything that no longer needs to be held back, then flushes {@code out}.
         * Once the body has begun, that is everything: the widget is committed.
         */
        @Override
        public void flush() throws IOException {
            release();
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
     * Char side: the same machine as the byte side, on the host's chars narrowed to bytes
     * ({@link NarrowedChars}); what it writes of the page are the host's chars exactly.
     * {@link #finish()} ends the page without closing {@code out}; writing after it is an
     * error.
     */
    public static final class RewritingWriter extends Writer {
        private final NarrowedChars units;

        RewritingWriter(HtmlRewriter owner, Writer out, PageWidget widget) {
            this.units = new NarrowedChars(owner, out, widget);
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, cbuf.length);
            if (units.finished) {
                throw new IOException("the page is finished");
            }
            units.take(cbuf, null, off, len);
        }

        /** The host's {@code String} goes on as it is; only the part being scanned is narrowed, a slice at a time. */
        @Override
        public void write(String str, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, str.length());
            if (units.finished) {
                throw new IOException("the page is finished");
            }
            units.take(null, str, off, len);
        }

        @Override
        public void write(int c) throws IOException {
            if (units.finished) {
                throw new IOException("the page is finished");
            }
            units.take((char) c);
        }

        /** Writes whatever is held back; the page is over. Does not close {@code out}. Idempotent. */
        public void finish() throws IOException {
            units.finish();
        }

        /** How many of the host's chars went out (or were replaced by the box). For fail-open replays. */
        public long hostCharsWritten() {
            return units.hostUnitsWritten();
        }

        /**
         * Whether the writer holds nothing and will hold nothing more: every later write goes
         * straight to {@code out}. As {@link RewritingOutputStream#passingThrough()}.
         */
        public boolean passingThrough() {
            return !units.finished && units.passing();
        }

        /** Whether the widget was written into the page. */
        public boolean injected() {
            return units.wasInjected();
        }

        /** What happened to the page; {@link Outcome#PENDING} until it is decided. */
        public Outcome outcome() {
            return units.pageOutcome();
        }

        /**
         * Writes everything that no longer needs to be held back, then flushes {@code out}.
         * Once the body has begun, that is everything: the widget is committed.
         */
        @Override
        public void flush() throws IOException {
            units.release();
            units.out.flush();
        }

        /** {@link #finish()}, then closes {@code out}. */
        @Override
        public void close() throws IOException {
            try {
                finish();
            } finally {
                units.out.close();
            }
        }
    }
}

package dev.helpline.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A host's characters encoded in the response's charset and handed on as bytes, so that a
 * page written through {@code getWriter()} takes the byte path a page written through
 * {@code getOutputStream()} takes: one rewriter, one way to fail open, and a container that
 * is only ever given bytes.
 *
 * <p>The reason is the container: Jetty 12's writer encodes each call through one loop over
 * {@code CharSequence}, and once it has seen large strings, small strings and {@code char[]}
 * slices the JIT stops inlining it; a rewriting char side hands it all three. Here the
 * host's characters are copied (with {@code String.getChars}, never a whole-string copy) into
 * a chunk and encoded by one {@link CharsetEncoder} into a byte buffer, which goes on when it
 * is full, when the host flushes, and at the end. Chunk, buffer and encoder are lent by a
 * {@link Pool} for the response and given back when its page is complete
 * ({@link #release()}), so a response allocates none of them.
 *
 * <p>As a container's writer does: characters the charset cannot carry, and unpaired
 * surrogates, become the charset's replacement; a high surrogate at the end of one write
 * waits for the low one in the next. Not thread safe (the {@code PrintWriter} around it
 * locks).
 */
final class EncodingWriter extends Writer {
    /** Chars copied and encoded at a time (each call into the encoder costs; fewer calls, less CPU). */
    static final int CHUNK = 2048;
    /** Bytes gathered before they go on (a host's small prints become writes of about this size). */
    static final int BYTES = 8192;

    private final OutputStream out;
    private final Charset charset;
    private final Pool pool;
    /** Lent by the pool; null before the first char and after {@link #release()}. */
    private Buffers lent;

    /** A writer with a pool of its own (nothing is shared with other responses). */
    EncodingWriter(OutputStream out, Charset charset) {
        this(out, charset, new Pool());
    }

    EncodingWriter(OutputStream out, Charset charset, Pool pool) {
        this.out = out;
        this.charset = charset;
        this.pool = pool;
    }

    /** Where the bytes go. */
    OutputStream out() {
        return out;
    }

    /**
     * Chunks, buffers and encoders lent to one response's writer at a time. Kept by the
     * filter, not in a ThreadLocal: a container's threads outlive the web application.
     */
    static final class Pool {
        private static final int KEPT = 16;
        private final AtomicReferenceArray<Buffers> idle = new AtomicReferenceArray<>(KEPT);

        Buffers borrow(Charset charset) {
            Buffers b = null;
            for (int i = 0; i < KEPT && b == null; i++) {
                b = idle.getAndSet(i, null);
            }
            if (b == null) {
                b = new Buffers();
            }
            b.ready(charset);
            return b;
        }

        void giveBack(Buffers b) {
            for (int i = 0; i < KEPT; i++) {
                if (idle.compareAndSet(i, null, b)) {
                    return;
                }
            }
        }
    }

    /** One writer's chunk, byte buffer and encoder. */
    static final class Buffers {
        final char[] chars = new char[CHUNK];
        /** Chars held in the chunk, from 0: a plain field, so a small print costs a copy and no buffer bookkeeping. */
        int held;
        /** The chunk as the encoder reads it, set to the chars held just before it does. */
        final CharBuffer pending = CharBuffer.wrap(chars);
        final ByteBuffer encoded = ByteBuffer.allocate(BYTES);
        CharsetEncoder encoder;

        void ready(Charset charset) {
            if (encoder == null || !encoder.charset().equals(charset)) {
                encoder = charset.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE);
            } else {
                encoder.reset();
            }
            held = 0;
            encoded.clear();
        }
    }

    private Buffers lent() {
        Buffers b = lent;
        if (b == null) {
            b = lent = pool.borrow(charset);
        }
        return b;
    }

    @Override
    public void write(int c) throws IOException {
        Buffers b = lent();
        int at = room(b);
        b.chars[at] = (char) c;
        b.held = at + 1;
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, c.length);
        Buffers b = lent();
        while (len > 0) {
            int at = room(b);
            int n = Math.min(len, CHUNK - at);
            System.arraycopy(c, off, b.chars, at, n);
            b.held = at + n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, s.length());
        Buffers b = lent();
        while (len > 0) {
            int at = room(b);
            int n = Math.min(len, CHUNK - at);
            s.getChars(off, off + n, b.chars, at);
            b.held = at + n;
            off += n;
            len -= n;
        }
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) throws IOException {
        if (csq == null) {
            csq = "null";
        }
        if (csq instanceof String s) {
            write(s, start, end - start);
            return this;
        }
        Objects.checkFromToIndex(start, end, csq.length());
        for (int i = start; i < end; i++) {
            write(csq.charAt(i));
        }
        return this;
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        return csq == null ? append("null", 0, 4) : append(csq, 0, csq.length());
    }

    /** Where the next chars go in the chunk, after encoding it when it is full. */
    private int room(Buffers b) throws IOException {
        int at = b.held;
        if (at == CHUNK) {
            encode(b, false);
            at = b.held;
        }
        return at;
    }

    /**
     * Encodes the chunk into the byte buffer, handing the buffer on whenever it is full. What
     * cannot be encoded yet (a high surrogate whose partner has not come) moves to the
     * chunk's start.
     */
    private void encode(Buffers b, boolean endOfInput) throws IOException {
        CharBuffer pending = b.pending;
        pending.limit(b.held).position(0);
        while (b.encoder.encode(pending, b.encoded, endOfInput).isOverflow()) {
            drain(b);
        }
        int rest = pending.remaining();
        if (rest > 0) {
            System.arraycopy(b.chars, pending.position(), b.chars, 0, rest);
        }
        b.held = rest;
    }

    private void drain(Buffers b) throws IOException {
        int n = b.encoded.position();
        if (n > 0) {
            b.encoded.clear();
            out.write(b.encoded.array(), 0, n);
        }
    }

    /** Hands on every char written so far (but a high surrogate still waiting for its partner), without a flush. */
    void handOn() throws IOException {
        Buffers b = lent;
        if (b != null) {
            encode(b, false);
            drain(b);
        }
    }

    /** Sends every char written so far (but a high surrogate still waiting for its partner) and flushes. */
    @Override
    public void flush() throws IOException {
        handOn();
        out.flush();
    }

    /**
     * The page is complete: encodes what is left (a lone high surrogate becomes the
     * replacement) and hands it on, without flushing or closing what is underneath. The
     * writer can be written again after, as a new run of text.
     */
    void finish() throws IOException {
        Buffers b = lent;
        if (b == null) {
            return;
        }
        encode(b, true);
        while (b.encoder.flush(b.encoded).isOverflow()) {
            drain(b);
        }
        drain(b);
        b.encoder.reset();
    }

    /**
     * Gives chunk, buffer and encoder back to the pool; call only after {@link #finish()},
     * when they hold nothing. A later write borrows again.
     */
    void release() {
        Buffers b = lent;
        if (b != null) {
            lent = null;
            pool.giveBack(b);
        }
    }

    /** Ends the page ({@link #finish()}); what is underneath stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }
}

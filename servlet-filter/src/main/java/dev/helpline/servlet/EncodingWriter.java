package dev.helpline.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;

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
 * one small reused chunk and encoded by one reused {@link CharsetEncoder} into one reused
 * byte buffer, which goes on when it is full, when the host flushes, and at the end.
 *
 * <p>As a container's writer does: characters the charset cannot carry, and unpaired
 * surrogates, become the charset's replacement; a high surrogate at the end of one write
 * waits for the low one in the next. Not thread safe (the {@code PrintWriter} around it
 * locks).
 */
final class EncodingWriter extends Writer {
    /** Chars copied and encoded at a time. */
    static final int CHUNK = 256;
    /** Bytes gathered before they go on (a host's small prints become writes of about this size). */
    static final int BYTES = 1024;

    private final OutputStream out;
    private final CharsetEncoder encoder;
    private final char[] chars = new char[CHUNK];
    /** The chunk's chars not yet encoded: always from 0 (position) to the chars held (limit). */
    private final CharBuffer pending = CharBuffer.wrap(chars, 0, 0);
    private final ByteBuffer encoded;

    EncodingWriter(OutputStream out, Charset charset) {
        this.out = out;
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.encoded = ByteBuffer.wrap(new byte[BYTES]);
    }

    /** Where the bytes go. */
    OutputStream out() {
        return out;
    }

    @Override
    public void write(int c) throws IOException {
        int at = pending.limit();
        if (at == CHUNK) {
            encode(false);
            at = pending.limit();
        }
        chars[at] = (char) c;
        pending.limit(at + 1);
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, c.length);
        while (len > 0) {
            int at = room();
            int n = Math.min(len, CHUNK - at);
            System.arraycopy(c, off, chars, at, n);
            pending.limit(at + n);
            off += n;
            len -= n;
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, s.length());
        while (len > 0) {
            int at = room();
            int n = Math.min(len, CHUNK - at);
            s.getChars(off, off + n, chars, at);
            pending.limit(at + n);
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
    private int room() throws IOException {
        int at = pending.limit();
        if (at == CHUNK) {
            encode(false);
            at = pending.limit();
        }
        return at;
    }

    /**
     * Encodes the chunk into the byte buffer, handing the buffer on whenever it is full. What
     * cannot be encoded yet (a high surrogate whose partner has not come) moves to the
     * chunk's start.
     */
    private void encode(boolean endOfInput) throws IOException {
        while (encoder.encode(pending, encoded, endOfInput).isOverflow()) {
            drain();
        }
        int rest = pending.remaining();
        if (rest > 0) {
            System.arraycopy(chars, pending.position(), chars, 0, rest);
        }
        pending.position(0);
        pending.limit(rest);
    }

    private void drain() throws IOException {
        int n = encoded.position();
        if (n > 0) {
            encoded.clear();
            out.write(encoded.array(), 0, n);
        }
    }

    /** Hands on every char written so far (but a high surrogate still waiting for its partner), without a flush. */
    void handOn() throws IOException {
        encode(false);
        drain();
    }

    /** Sends every char written so far (but a high surrogate still waiting for its partner) and flushes. */
    @Override
    public void flush() throws IOException {
        encode(false);
        drain();
        out.flush();
    }

    /**
     * The page is complete: encodes what is left (a lone high surrogate becomes the
     * replacement) and hands it on, without flushing or closing what is underneath. The
     * writer can be written again after, as a new run of text.
     */
    void finish() throws IOException {
        encode(true);
        CoderResult r;
        while ((r = encoder.flush(encoded)).isOverflow()) {
            drain();
        }
        assert r.isUnderflow();
        drain();
        encoder.reset();
    }

    /** Ends the page ({@link #finish()}); what is underneath stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }
}

package dev.helpline.core.html;

import dev.helpline.core.html.internal.BodyScanner;
import dev.helpline.core.html.internal.Charsets;
import dev.helpline.core.html.internal.Engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * One page's way through the rewriter, the same for bytes and for chars: the phase machine
 * (sniff the charset, scan the head until the body-start is decided, follow the body, pass
 * through), the units it holds back (the carry, and the write being read), and fail-open:
 * on any exception or error from the scanning, the widget or the listener, the units held go
 * out raw and the rest of the page passes through. It scans bytes only: a byte stream's own
 * (ASCII-compatible, or UTF-16 read a unit of two bytes at a time), or a writer's chars
 * narrowed to bytes ({@link HtmlRewriter.RewritingWriter}); what it writes of the host's
 * units goes out through {@link #hostOut}, so that a writer writes the host's chars exactly.
 *
 * <p>It extends OutputStream only so that {@link HtmlRewriter.RewritingOutputStream}, which
 * a response makes once, can be this object itself rather than a wrapper around a second one:
 * each object per response counts against the allocation budget (AllocationBudgetTest).
 *
 * <p>Not thread safe; one per response.
 */
abstract class RewritingStream extends OutputStream {
    static final int SNIFF = 0, SCAN = 1, PASS = 2, BODY = 3;

    final HtmlRewriter owner;
    private final Charset declared;
    final PageWidget widget;
    private BodyScanner body;
    // phase, kind and partial are small: narrow fields keep this object, made per
    // response, one allocation step smaller.
    byte phase = SNIFF;
    private Engine engine;
    /** {@link Charsets#ASCII} (chars narrowed to bytes are too), {@link Charsets#UTF16BE} or {@link Charsets#UTF16LE}. */
    byte kind;
    Charset charset;

    /** Units [written, pos) that arrived in earlier writes and are not written yet. */
    byte[] carry;
    int carryLen;
    long written;
    long pos;
    private short partial = -1; // UTF-16: first byte of a unit the last write split

    // the write being processed
    private byte[] chunk;
    private int chunkOff;
    private long chunkPos;

    boolean finished;
    private boolean injected;
    private Outcome outcome = Outcome.PENDING;

    /**
     * @param charset the page's declared charset, or null (the byte order mark or prescan
     *                decides); {@link #scanAsAscii()} instead for units that are already
     *                known (chars)
     * @param carry   where units held across writes go (grown as needed)
     */
    RewritingStream(HtmlRewriter owner, Charset charset, PageWidget widget, byte[] carry) {
        this.owner = owner;
        this.carry = carry;
        this.declared = charset;
        this.widget = widget;
    }

    // ---- what the two sides do differently ----------------------------------------------

    /**
     * Writes the host's units {@code b[off, off + len)}: {@code b} is the carry, the units
     * handed to {@link #take}, or an array that was the carry (see {@link #carryDetached}).
     * What it throws is the host stream's.
     */
    abstract void hostOut(byte[] b, int off, int len) throws IOException;

    /** Writes a text the body scanner asked for (a link's opening or closing, the box). */
    abstract void textOut(String text) throws IOException;

    /**
     * What {@link #fragmentOut} needs to write the body-start fragment, or null when it cannot
     * be written in this page (its charset cannot carry it).
     */
    abstract Object prepare(Fragment fragment);

    /** Writes the body-start fragment as {@link #prepare} made it ready. */
    abstract void fragmentOut(Fragment fragment, Object prepared) throws IOException;

    /** {@code len} units from {@code b[off]} were appended to the carry at {@code at}. */
    void carryAppended(byte[] b, int off, int at, int len) {
    }

    /** The carry's first {@code n} units were dropped (written or skipped); the rest moved to its start. */
    void carryShifted(int n) {
    }

    /** An empty array for the carry, of at least {@code n} units, when the one it had is read as a write of its own. */
    byte[] freshCarry(int n) {
        return new byte[Math.max(256, n)];
    }

    /** {@code old} was the carry and is now read as a write of its own; the carry is a new, empty array. */
    void carryDetached(byte[] old) {
    }

    /** For units already known to be ASCII-compatible (chars narrowed to bytes): no sniffing. */
    final void scanAsAscii() {
        kind = Charsets.ASCII;
        engine = new Engine(1, owner.lastLang);
        phase = SCAN;
    }

    /** The first unit is not content (a byte order mark the caller wrote out itself). */
    final void skipFirst() {
        written = pos = 1;
    }

    /**
     * Takes the host's units {@code b[off, off + len)}: scans them and writes what need not
     * be held. Never throws for what the scanning, the widget or the listener throw: the
     * page fails open ({@link #failOpen}).
     */
    final void take(byte[] b, int off, int len) throws IOException {
        if (phase == PASS) {
            hostOut(b, off, len);
            pos += len;
            written = pos;
            return;
        }
        long start = pos;
        try {
            route(b, off, len);
        } catch (HostStreamFailure e) {
            throw e.unwrap();
        } catch (RuntimeException | Error e) {
            failOpen(e, b, off, start, start + len);
        }
    }

    private void route(byte[] b, int off, int len) throws IOException {
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
                    // its own write: what failed open in the prescan has passed b[off, off + n) already
                    take(b, off + n, len - n);
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
        carryAppended(b, off, carryLen, len);
        carryLen += len;
    }

    /** Drops the carry's first {@code n} units. */
    private void shift(int n) {
        System.arraycopy(carry, n, carry, 0, carryLen - n);
        carryLen -= n;
        carryShifted(n);
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
                emit(b, off, len);
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
            emit(held, heldOff, skip);
            written = pos = skip;
        }
        if (b != null) {
            scan(held, heldOff + skip, heldLen - skip);
            return;
        }
        // The bytes held while sniffing are no longer in the carry, nor all in the
        // caller's write: a failure from here on replays them from this array.
        try {
            scan(held, skip, heldLen - skip);
        } catch (HostStreamFailure e) {
            throw e;
        } catch (RuntimeException | Error e) {
            failOpen(e, held, 0, 0, heldLen);
        }
    }

    private void passThrough(Outcome why, Throwable error) throws IOException {
        String path = widget.pagePath();
        phase = PASS;
        outcome = why;
        owner.record(why, error, path);
        if (carryLen > 0) {
            emit(carry, 0, carryLen);
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
            if (carryLen > HtmlRewriter.WINDOW) {
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
            emit(carry, 0, n);
            shift(n);
            written += n;
        }
        if (p > written) {
            emit(chunk, chunkOff + (int) (written - chunkPos), (int) (p - written));
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
        // Not this.outcome until it is recorded: a failure before that fails the page open.
        Outcome decided = engine.outcome();
        if (engine.inject()) {
            String lang = engine.htmlLang();
            if (lang != null && lang != owner.lastLang) {
                owner.lastLang = lang;
            }
            Fragment fragment = null;
            Object prepared = null;
            try {
                fragment = Objects.requireNonNull(widget.bodyStartFragment(lang), "bodyStartFragment");
                prepared = prepare(fragment);
                if (prepared == null) {
                    fragment = null;
                    decided = Outcome.UNSUPPORTED_CHARSET;
                }
                if (fragment != null && error == null) {
                    body = owner.bodyScanner(widget, lang, kind == Charsets.ASCII ? 1 : 2, engine.tokenizer());
                }
            } catch (RuntimeException e) {
                fragment = null;
                body = null;
                decided = Outcome.INTERNAL_ERROR;
                error = e;
            }
            if (fragment != null) {
                writeUpTo(engine.insertAt());
                fragmentOut(fragment, prepared);
                injected = true;
            }
        }
        engine = null;
        String path = widget.pagePath();
        outcome = decided;
        owner.record(decided, error, path);
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
            byte[] fresh = freshCarry(n);
            // c is the current write from here on (a failure replays it from there).
            chunk = c;
            chunkOff = 0;
            chunkPos = at;
            carry = fresh;
            carryLen = 0;
            carryDetached(c);
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
            HtmlRewriter.bodyFailed(e);
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
        if (carryLen > HtmlRewriter.WINDOW) {
            body.poison(StopReason.WINDOW_EXCEEDED, written);
            writeUpTo(end);
        }
        if (body.done()) {
            writeUpTo(end);
            endBody();
        }
        chunk = null;
    }

    /** Everything the body scanner held is written: from here on the page passes through. */
    private void endBody() {
        phase = PASS;
        carry = null;
        BodyScanner ended = body;
        // null first: a listener that throws here must not hear of the page twice
        body = null;
        owner.bodyEnded(ended, widget);
    }

    private void applyEdits() throws IOException {
        int n = body.edits();
        for (int k = 0; k < n; k++) {
            writeUpTo(body.editAt(k));
            textOut(body.editText(k));
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
            shift(n);
            written += n;
        }
        if (p > written) {
            written = p;
        }
    }


    /** Writes whatever is held back; the page is over. Idempotent. */
    final void finishPage() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            end();
        } catch (HostStreamFailure e) {
            throw e.unwrap();
        } catch (RuntimeException | Error e) {
            failOpen(e, null, 0, pos, pos);
        }
    }

    private void end() throws IOException {
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
                HtmlRewriter.bodyFailed(e);
            }
            writeUpTo(pos);
            endBody();
        }
    }

    /** How many of the host's units went out (or were replaced by the box): what was written minus what the widget added. */
    final long hostUnitsWritten() {
        return written;
    }

    final boolean wasInjected() {
        return injected;
    }

    /** Whether nothing is held and nothing will be: every later write goes straight through. */
    final boolean passing() {
        return phase == PASS && carryLen == 0;
    }

    final Outcome pageOutcome() {
        return outcome;
    }

    /**
     * Writes everything that no longer needs to be held back (once the body has begun, that
     * is everything: the widget is committed); the caller flushes its target.
     */
    final void release() throws IOException {
        if (finished || phase == PASS) {
            return;
        }
        try {
            releaseHeld();
        } catch (HostStreamFailure e) {
            throw e.unwrap();
        } catch (RuntimeException | Error e) {
            failOpen(e, null, 0, pos, pos);
        }
    }

    private void releaseHeld() throws IOException {
        if (phase == SNIFF && !Charsets.mayBeginBom(carry, carryLen)) {
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

    /** Writes host units through {@link #hostOut}; what that throws is the host stream's and passes to the host as it is. */
    private void emit(byte[] b, int off, int len) throws IOException {
        try {
            hostOut(b, off, len);
        } catch (RuntimeException | Error e) {
            throw new HostStreamFailure(e);
        }
    }

    /**
     * The scanning or the widget failed (any exception or error but the host stream's):
     * the host's units still held go out raw, in order, and everything after passes
     * straight through. What is held is {@code [written, end)}: the carry's units first,
     * then (when the carry was being scanned as a write of its own) that array, then
     * {@code src} from position {@code srcPos} on. A page whose head was not decided yet
     * counts as {@link Outcome#INTERNAL_ERROR}; a body being followed stops with
     * {@link StopReason#INTERNAL_ERROR}.
     */
    private void failOpen(Throwable error, byte[] src, int srcOff, long srcPos, long end) throws IOException {
        phase = PASS;
        boolean headUndecided = outcome == Outcome.PENDING;
        BodyScanner followed = body;
        byte[] held = carry;
        int heldLen = carryLen;
        byte[] replay = chunk;
        int replayOff = chunkOff;
        long replayPos = chunkPos;
        chunk = null;
        engine = null;
        body = null;
        if (headUndecided) {
            outcome = Outcome.INTERNAL_ERROR;
        }
        owner.failedOpen(error, widget, headUndecided, followed, written);
        long p = written;
        // Positions move on before anything is written: if the host's stream fails, nothing goes out twice.
        written = pos = Math.max(end, pos);
        carryLen = 0;
        if (heldLen > 0) {
            int n = (int) Math.min(heldLen, end - p);
            p += n;
            hostOut(held, 0, n);
        }
        carry = null;
        if (p < srcPos && replay != null && replay != src && p >= replayPos) {
            int n = (int) (srcPos - p);
            hostOut(replay, replayOff + (int) (p - replayPos), n);
            p = srcPos;
        }
        if (p < srcPos) {
            HtmlRewriter.LOG.log(System.Logger.Level.ERROR, "helpline rewriter failed open holding units it could not find"
                    + " again (" + (srcPos - p) + " from offset " + p + "); the page is cut");
            p = srcPos;
        }
        if (p < end) {
            hostOut(src, srcOff + (int) (p - srcPos), (int) (end - p));
        }
    }

    /** What the host's stream threw, carried past the fail-open handlers to the host. */
    static final class HostStreamFailure extends RuntimeException {
        HostStreamFailure(Throwable cause) {
            super(null, cause, false, false);
        }

        RuntimeException unwrap() {
            Throwable c = getCause();
            if (c instanceof Error e) {
                throw e;
            }
            return (RuntimeException) c;
        }
    }
}

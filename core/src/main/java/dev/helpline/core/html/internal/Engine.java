package dev.helpline.core.html.internal;

import dev.helpline.core.html.Outcome;

/**
 * Decides where the widget goes in one page, fed one code unit at a time. It follows the
 * page twice, as a browser with scripting on and one with scripting off would parse it
 * (they differ on {@code <noscript>}), and places the widget only where both agree it is
 * at the start of the body.
 *
 * <p>Once it has a place ({@link #GUARD}), it keeps reading until the host's own page can
 * no longer turn into a frameset document (a {@code <frameset>} after a body is honoured
 * only while no text or certain elements have been seen); only then is the widget
 * committed ({@link #DONE} with {@link #inject()}). The caller holds back the bytes from
 * {@link #holdFrom()} on.
 *
 * <p>Not thread safe; one per response.
 */
public final class Engine {
    /** Where the engine is in the page. */
    public enum Phase {
        /** Reading the head (and any early body) until the body's start is certain. */
        SCAN,
        /** The body began: held until nothing can undo that (a frameset, a second reading). */
        GUARD,
        /** Decided: the widget goes at {@link #inject()}, or the page passes through. */
        DONE
    }

    // The phases under the names callers compare with (engine.phase() == Engine.DONE).
    public static final Phase SCAN = Phase.SCAN, GUARD = Phase.GUARD, DONE = Phase.DONE;

    private final Tracker on;
    /** Null until the page has a noscript start tag: before that, both modes are the same. */
    private Tracker off;
    private Phase phase = Phase.SCAN;
    private long insertAt = -1;
    private Outcome outcome = Outcome.PENDING;

    /** @param width how many positions one unit takes (1 for bytes and chars, 2 for UTF-16 bytes) */
    public Engine(int width) {
        this(width, null);
    }

    /**
     * @param langHint the {@code <html lang>} of the last page (pages of a site share it):
     *                 when this page's is the same, it is answered without a new String
     */
    public Engine(int width, String langHint) {
        on = new Tracker(true, width);
        on.langHint = langHint;
    }

    public Phase phase() {
        return phase;
    }

    public long insertAt() {
        return insertAt;
    }

    public boolean inject() {
        return outcome == Outcome.INJECTED;
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * The scripting-on tokenizer, for a {@link BodyScanner} to take over once this engine is
     * done with the page (it must not be used after).
     */
    public Tokenizer tokenizer() {
        return on.tok;
    }

    /** The page's {@code <html lang>} as written, or null. */
    public String htmlLang() {
        return on.htmlLang;
    }

    private long next;

    public void feed(int c, long pos) {
        feed(c, pos, pos + on.tok.width());
    }

    /** Feeds the unit {@code c} at {@code [pos, after)}. */
    private void feed(int c, long pos, long after) {
        on.feed(c, pos);
        if (off != null) {
            off.feed(c, pos);
        } else if (on.sawNoscript) {
            fork();
        }
        next = after;
        decide();
    }

    private void fork() {
        on.forgetRuns();
        off = on.forkScriptingOff();
    }

    private Tracker off() {
        return off == null ? on : off;
    }

    /**
     * Where the next unit that matters is, from {@code b[i]} on (before {@code end}): in
     * raw text, comments, attribute values and the like, most units cannot change either
     * mode's state, so they need not be fed.
     */
    public int skip(byte[] b, int i, int end) {
        if (phase == DONE) {
            return i;
        }
        long lo = on.tok.stopsLow();
        if (lo == -1) {
            return i;
        }
        long hi = on.tok.stopsHigh();
        if (off != null) {
            long l2 = off.tok.stopsLow();
            if (l2 == -1) {
                return i;
            }
            lo |= l2;
            hi |= off.tok.stopsHigh();
        }
        return Tokenizer.skipTo(b, i, end, lo, hi);
    }

    /**
     * Feeds {@code b[i..end)} (unit width 1), {@code b[i]} being at position {@code pos},
     * skipping what no state cares about, until the end or until {@link #DONE}. Answers
     * the index of the first unit not consumed.
     */
    public int run(byte[] b, int i, int end, long pos) {
        long base = pos - i;
        while (i < end && phase != DONE) {
            if (off == null) {
                // One mode only: let the tracker run until something happens.
                i = on.run(b, i, end, base);
                next = base + i;
                if (on.sawNoscript) {
                    fork();
                }
                decide();
                continue;
            }
            i = skip(b, i, end);
            if (i < end) {
                feed(b[i] & 0xFF, base + i, base + i + 1);
                i++;
            }
        }
        return i;
    }

    /** The first position that must not be written yet, or -1 when everything may go. */
    public long holdFrom() {
        if (phase == GUARD) {
            return insertAt;
        }
        if (phase != SCAN) {
            return -1;
        }
        Tracker off = off();
        long a = on.scanning() ? on.tok.pendingStart() : -1;
        long b = off.scanning() ? off.tok.pendingStart() : -1;
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private int seenEvents = -1;

    private void decide() {
        Tracker off = off();
        int events = on.events + off.events;
        if (events == seenEvents) {
            return; // nothing that matters here changed
        }
        seenEvents = events;
        if (phase == SCAN) {
            Outcome f = on.failure != null ? on.failure : off.failure;
            if (f != null) {
                done(f);
                return;
            }
            if (on.bodyPos < 0 || off.bodyPos < 0) {
                return;
            }
            long at = Math.max(on.bodyPos, off.bodyPos);
            // With one tracker, its body start is a token boundary by construction; with
            // two, each must have been in the data state there (runs are tracked from the fork).
            if ((on.nonBenignPos >= 0 && on.nonBenignPos < at) || (off.nonBenignPos >= 0 && off.nonBenignPos < at)
                    || off.openBefore(at)
                    || (this.off != null && (!on.dataAt(at, next) || !off.dataAt(at, next)))) {
                done(Outcome.SCRIPTING_DEPENDENT);
                return;
            }
            insertAt = at;
            phase = GUARD;
            off.stopFollowingOpen();
        }
        if (phase == GUARD) {
            Outcome f = on.failure != null ? on.failure : off.failure;
            if (f != null) {
                done(f);
            } else if (on.flipped && off.flipped) {
                done(Outcome.INJECTED);
            }
        }
    }

    /** Decided: the widget goes in when {@code why} is {@link Outcome#INJECTED}. */
    private void done(Outcome why) {
        this.outcome = why;
        this.phase = DONE;
    }

    /** End of the page at {@code end}. Afterwards the phase is {@link #DONE}. */
    public void eof(long end) {
        if (phase == DONE) {
            return;
        }
        on.eof(end);
        if (off != null) {
            off.eof(end);
        }
        next = end;
        decide();
        if (phase == GUARD) {
            done(Outcome.INJECTED);
        } else if (phase == SCAN) {
            done(Outcome.NO_BODY_FOUND);
        }
    }

    /**
     * The caller cannot hold back more (window full, or the host flushed). While guarding,
     * the widget is committed: a frameset after that much body content is not worth
     * delaying the page for. While scanning, the page passes through.
     */
    public void giveUp(Outcome whenScanning) {
        if (phase == GUARD) {
            done(Outcome.INJECTED);
        } else if (phase == SCAN) {
            done(whenScanning);
        }
    }

    public void fail() {
        if (phase != DONE) {
            done(Outcome.INTERNAL_ERROR);
        }
    }
}

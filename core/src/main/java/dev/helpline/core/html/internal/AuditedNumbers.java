package dev.helpline.core.html.internal;

import dev.helpline.core.phone.PhoneNumber;
import dev.helpline.core.phone.PublicLines;

import java.util.Arrays;

/**
 * The audit's verdict on numbers that are not the helpline's, kept per rewriter: the masked
 * form of each valid one, or that it is not a valid number. A site's pages show the same
 * few (a clinic's, a national line) again and again, and asking libphonenumber costs its
 * regular expressions and about 10 KB of garbage a number; here each is asked about once,
 * not once per page.
 *
 * <p>Thread safe: reads search an immutable sorted snapshot without locking; a new number
 * replaces the snapshot under a lock. At most {@link #MAX} numbers are kept, so that a
 * site listing endless numbers cannot grow memory; past that, new ones are asked about
 * each time.
 */
public final class AuditedNumbers {
    static final int MAX = 1024;
    /** The verdict on a number that is not valid or not reported (no masked form is empty). */
    private static final String NOT_VALID = "";

    private static final class Snapshot {
        final long[] national;
        final String[] masked;

        Snapshot(long[] national, String[] masked) {
            this.national = national;
            this.masked = masked;
        }
    }

    private volatile Snapshot known = new Snapshot(new long[0], new String[0]);

    /**
     * The masked form of the NANP number with these ten national digits, or null if it is
     * not a valid number or is a public crisis line ({@link PublicLines}). Validity and the masked form depend on the national digits alone,
     * however the page wrote the number.
     */
    public String masked(long national) {
        Snapshot s = known;
        int at = Arrays.binarySearch(s.national, national);
        String verdict = at >= 0 ? s.masked[at] : remember(national);
        return verdict.isEmpty() ? null : verdict;
    }

    private String remember(long national) {
        PhoneNumber n = PhoneNumber.tryParse(Long.toString(national));
        // A public crisis line (SAMHSA's) is another party's number with its own disclosure:
        // not a hard-coded helpline number, so never reported.
        String verdict = n == null || PublicLines.isPublicLine(national) ? NOT_VALID : n.masked();
        synchronized (this) {
            Snapshot s = known;
            int at = Arrays.binarySearch(s.national, national);
            if (at >= 0 || s.national.length >= MAX) {
                return verdict;
            }
            int insert = -at - 1;
            long[] keys = new long[s.national.length + 1];
            String[] values = new String[keys.length];
            System.arraycopy(s.national, 0, keys, 0, insert);
            System.arraycopy(s.masked, 0, values, 0, insert);
            keys[insert] = national;
            values[insert] = verdict;
            System.arraycopy(s.national, insert, keys, insert + 1, s.national.length - insert);
            System.arraycopy(s.masked, insert, values, insert + 1, s.national.length - insert);
            known = new Snapshot(keys, values);
        }
        return verdict;
    }

    /** How many numbers are kept (for tests). */
    int size() {
        return known.national.length;
    }
}

package dev.helpline.core.html.internal;

/**
 * Finds NANP numbers in runs of text, unit by unit or a slice at a time, and reports each
 * one's national digits and where it begins and ends. It knows nothing of markup: the body
 * scanner tells it where a run of text ends ({@link #endRun()}: markup, a comment or a
 * character reference), and decides what a number found means.
 *
 * <p>What is a number: {@code 800-601-3889}, {@code (800) 601-3889}, {@code 800.601.3889},
 * {@code 800 601 3889}, {@code 1-800-601-3889}, {@code +1 800 601 3889} (separators '-', '.',
 * ' '; the area code in parentheses may be followed by one space or none; "+1" by one
 * separator or none). Not a match when the text right before it is an ASCII letter or digit,
 * '+', '(' or ')', or a digit and a separator ({@code 555-800-601-3889},
 * {@code +44 800 601 3889}) unless that digit ends a number found just before (a list); or
 * right after it an ASCII letter or digit, or '-'/'.' and a digit ({@code 1800-601-38890},
 * {@code 800-601-3889x}). Non-ASCII units count as boundaries. Ten digits without separators
 * are not matched, nor area codes beginning with 0 or 1.
 *
 * <p>Units that may be part of a number are held in a region of {@link #REGION_MAX} units;
 * a longer run slides, keeping the last units, so a run of digits and spaces never holds
 * more. Positions are {@code base + index * width}: a unit is one byte, or two (UTF-16).
 *
 * <p>An abstract class that the body scanner extends, not an object it holds: the scanner is
 * made once per response, and a second object would cost every response 16 to 32 bytes
 * against an allocation budget that has 8 to spare (AllocationBudgetTest). Its state is
 * private here, and the scanner sees only the methods below.
 *
 * <p>Not thread safe; one per response.
 */
abstract class NumberMatcher {
    static final int REGION_MAX = 40;
    /** The shortest number: 800-601-3889. */
    private static final int NUMBER_MIN = 12;
    private static final int NO_MATCH = Integer.MIN_VALUE;

    /** Can begin a number: digits, '(' and '+' (indexed by a unit below 256). */
    static final boolean[] START = new boolean[256];
    /** Can be part of a number's region: those, ')', '-', '.' and ' '. */
    static final boolean[] REGION = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            START[c] = true;
        }
        START['('] = START['+'] = true;
        for (int c = 0; c < 128; c++) {
            REGION[c] = START[c] || c == ')' || c == '-' || c == '.' || c == ' ';
        }
    }

    /** How many positions a unit takes: 1 or 2. */
    private final byte width;

    private final byte[] region = new byte[REGION_MAX];
    private byte regionLen; // at most REGION_MAX
    private long regionPos;
    /**
     * The two text units right before the region (0 at the start of a run of text). Chars,
     * to keep the scanner within its allocation budget: a non-ASCII unit (a negative byte
     * too) stays non-ASCII, which is all the matcher asks of them.
     */
    private char before;
    private char before2;
    /**
     * Where the last number found before the region slid ended, in the region's units: 0 right
     * at its start, -1 one unit before (then the region begins with the number after a space);
     * {@link #NO_MATCH} if none is that close.
     */
    private int matchEnd;
    /** The last text unit taken outside a region (0 at the start of a run); a char as {@link #before}. */
    private char last;

    NumberMatcher(int width) {
        this.width = (byte) width;
    }

    /**
     * A number of {@code national} digits (area code first, no leading 1) at
     * {@code [start, end)}; answers true when the caller must act before more units are
     * taken (it queued edits).
     */
    abstract boolean number(long national, long start, long end);

    /** Whether a region is open: the units taken since it began may still be a number. */
    final boolean inRegion() {
        return regionLen > 0;
    }

    /** Where the open region begins (nothing before it can be part of a number), or -1. */
    final long heldFrom() {
        return regionLen > 0 ? regionPos : -1;
    }

    /** The last text unit was {@code c}, which neither begins nor continues a region. */
    final void last(int c) {
        last = (char) c;
    }

    /** Forgets the open region without reporting it (the caller stopped following the page). */
    final void drop() {
        regionLen = 0;
    }

    /** One unit of text at {@code pos}. */
    final void unit(int c, long pos) {
        if (regionLen > 0) {
            if (c < 128 && REGION[c]) {
                add(c);
                return;
            }
            endRegion(c);
            last = (char) c;
            return;
        }
        if (c < 128 && START[c]) {
            start(c, pos);
            return;
        }
        last = (char) c;
    }

    /** A unit that begins a region ({@link #START}), at {@code pos}. */
    final void start(int c, long pos) {
        before2 = 0;
        before = last;
        matchEnd = NO_MATCH;
        regionPos = pos;
        region[0] = (byte) c;
        regionLen = 1;
    }

    /** Adds a region unit ({@link #REGION}) to the open region. */
    final void add(int c) {
        if (regionLen == REGION_MAX) {
            slide();
        }
        region[regionLen++] = (byte) c;
    }

    /**
     * Takes {@code b[from..to)}, region units, into the open region; answers where it
     * stopped: at {@code to}, or after a slide that found a number the caller must act on.
     */
    final int add(byte[] b, int from, int to) {
        int k = from;
        while (k < to) {
            if (regionLen == REGION_MAX && slide()) {
                region[regionLen++] = b[k]; // the unit that found the region full, as one at a time would
                return k + 1;
            }
            int n = Math.min(to - k, REGION_MAX - regionLen);
            System.arraycopy(b, k, region, regionLen, n);
            regionLen += n;
            k += n;
        }
        return to;
    }

    /** Markup, a comment or a character reference ends the run of text. */
    final void endRun() {
        if (regionLen > 0) {
            endRegion(0);
        }
        regionLen = 0;
        last = 0;
    }

    /** The region ended before the text unit {@code after} (0: the run ended). */
    final void endRegion(int after) {
        int n = regionLen;
        regionLen = 0;
        if (n >= NUMBER_MIN) {
            scan(n, n, after);
        }
    }

    /**
     * The region is full: finds the numbers that begin early enough to be decided now
     * (a number is at most 17 units, and 2 more decide its end), then keeps only the last
     * units. Answers whether a number found asks the caller to act.
     */
    private boolean slide() {
        int n = regionLen;
        int keep = 20;
        stop = false;
        int end = scan(n, n - keep, -1);
        int drop = Math.max(n - keep, end);
        before2 = (char) (drop >= 2 ? region[drop - 2] : drop == 1 ? before : before2);
        before = (char) region[drop - 1];
        matchEnd = end > 0 ? end - drop : NO_MATCH;
        System.arraycopy(region, drop, region, 0, n - drop);
        regionLen = (byte) (n - drop);
        regionPos += (long) drop * width;
        return stop;
    }

    /** Whether a number reported since the last slide asked the caller to act. */
    private boolean stop;

    /**
     * Finds the numbers in {@code region[0..n)} that begin before {@code startLimit},
     * followed by {@code after} (-1: more of the region follows). Answers where the last
     * one found ends, or 0.
     */
    private int scan(int n, int startLimit, int after) {
        byte[] r = region;
        int lastEnd = 0;
        int i = 0;
        while (i < startLimit) {
            int c = r[i];
            if (c != '+' && c != '(' && !digit(c)) {
                i++;
                continue;
            }
            int prev = i > 0 ? r[i - 1] : before;
            int prev2 = i > 1 ? r[i - 2] : i == 1 ? before : before2;
            // A number right after another one and a space is a list, not a longer number.
            boolean afterMatch = prev == ' ' && (i > 1 ? lastEnd == i - 1 && lastEnd > 0 : matchEnd == i - 1);
            if (alnum(prev) || prev == '+' || prev == '(' || prev == ')' || (sep(prev) && digit(prev2) && !afterMatch)) {
                i++;
                continue;
            }
            int j = parse(r, i, n);
            if (j < 0) {
                i++;
                continue;
            }
            int next = j < n ? r[j] : after;
            int next2 = j + 1 < n ? r[j + 1] : j + 1 == n ? after : 0;
            if (alnum(next) || ((next == '-' || next == '.') && digit(next2))) {
                i++;
                continue;
            }
            found(r, i, j);
            lastEnd = j;
            i = j;
        }
        return lastEnd;
    }

    /** The end of a number that begins at {@code r[i]}, or -1. */
    private static int parse(byte[] r, int i, int n) {
        if (r[i] == '+') {
            if (i + 1 >= n || r[i + 1] != '1') {
                return -1;
            }
            i += 2;
            if (i < n && sep(r[i])) {
                i++;
            }
        } else if (r[i] == '1') {
            if (i + 1 >= n || !sep(r[i + 1])) {
                return -1;
            }
            i += 2;
        }
        if (i >= n) {
            return -1;
        }
        if (r[i] == '(') {
            if (i + 4 >= n || !digits(r, i + 1, 3) || r[i + 4] != ')') {
                return -1;
            }
            i += 5;
            if (i < n && r[i] == ' ') {
                i++;
            }
        } else {
            if (i + 3 >= n || !digits(r, i, 3) || !sep(r[i + 3])) {
                return -1;
            }
            i += 4;
        }
        if (i + 3 >= n || !digits(r, i, 3) || !sep(r[i + 3])) {
            return -1;
        }
        i += 4;
        if (i + 4 > n || !digits(r, i, 4)) {
            return -1;
        }
        return i + 4;
    }

    private static boolean digits(byte[] r, int i, int k) {
        for (int m = 0; m < k; m++) {
            if (!digit(r[i + m])) {
                return false;
            }
        }
        return true;
    }

    private void found(byte[] r, int from, int to) {
        long national = 0;
        int count = 0;
        for (int k = from; k < to; k++) {
            int d = r[k] - '0';
            boolean isDigit = d >= 0 && d <= 9;
            national = isDigit ? national * 10 + d : national; // no branch on the pattern of digits and separators
            count += isDigit ? 1 : 0;
        }
        if (count == 11) {
            national -= 10_000_000_000L; // the leading 1
        }
        if (national < 2_000_000_000L) {
            return; // area codes begin with 2..9
        }
        stop |= number(national, regionPos + (long) from * width, regionPos + (long) to * width);
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean alnum(int c) {
        return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean sep(int c) {
        return c == '-' || c == '.' || c == ' ';
    }
}

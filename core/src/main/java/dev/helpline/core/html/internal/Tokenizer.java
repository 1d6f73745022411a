package dev.helpline.core.html.internal;

/**
 * The HTML5 tokenizer's states, as far as they decide where tokens begin and end, fed one
 * code unit at a time. It never builds tokens: it reports where they are to a {@link Sink}
 * and leaves tree decisions (which state a start tag switches to) to its owner, as the
 * HTML5 tree builder does.
 *
 * <p>Units are ASCII-compatible bytes, UTF-16 code units or chars; anything above 0x7F
 * is "some other character", which is all the tokenizer needs to know about it, so the
 * bytes of UTF-8, windows-1252, Shift_JIS, etc. never have to be decoded. Positions are
 * opaque longs chosen by the caller (the byte or char offset of the unit); each unit is
 * {@code width} positions long.
 *
 * <p>About 1,050 lines, over the package's ~800-line guide: one switch over the spec's
 * states, which reads best whole, state after state, as the spec lists them. The states are
 * int constants rather than an enum (range predicates such as {@link #inTag} depend on
 * their order, which TokenizerStatesTest pins), because an enum measurably cost speed: with
 * the same switch over a private enum (javac compiles a switch on an enum to a lookup in a
 * synthetic ordinal table, one more load and bounds check for every unit fed), the
 * benchmark dominated by this class (RewriterBenchmark.rewriterOnly, a head fed unit by
 * unit) took 8 to 16 % longer on 10 KB and 100 KB pages in two interleaved rounds (10 KB:
 * 4.01 ± 0.10 against 4.47 ± 0.27 µs), allocation unchanged. The html5lib tokenizer suites
 * drive it directly (Html5libTokenizerTest).
 *
 * <p>Not thread safe; one per response (per scripting mode).
 */
public final class Tokenizer {

    /** What the tokenizer reports. Names are lower case, from {@link Names}. */
    public interface Sink {
        /**
         * A character in the data state; for a character reference, {@code c} is its value
         * when whitespace, else '&'. {@code runStart}: the character begins a run of text
         * (it follows markup or a character reference, or is one).
         */
        void character(long pos, int c, boolean runStart);

        /** A start tag's name is known; {@code pos} is where its '<' is. */
        void startTag(long pos, String name);

        /** An end tag's name is known; {@code pos} is where its '<' is. */
        void endTag(long pos, String name);

        /** The tag whose name was last reported ends at {@code end} (just after its '>'). */
        void tagEnd(long end, boolean selfClosing);

        /** A comment, bogus comment or CDATA section begins at {@code pos}. */
        void comment(long pos);

        /** A DOCTYPE begins at {@code pos}. */
        void doctype(long pos);

        /**
         * An attribute of the current start tag, reported only while the owner asked for
         * them ({@link #captureAttributes(boolean)}); the name is lower case and at most
         * {@link #ATTR_NAME_MAX} units (longer names are cut), the value as written, without
         * quotes and undecoded, at most {@link #ATTR_VALUE_MAX} units ({@code valueLen} is the
         * full length; so is {@code nameLen}, of which the buffer holds the first {@link #ATTR_NAME_MAX}).
         * The value holds one byte a unit: units up to U+00FF as themselves (Latin-1, so a byte
         * stream's bytes as they came), any other as 0xFF, which no ASCII comparison matches.
         * The buffers are reused.
         */
        default void attribute(char[] name, int nameLen, byte[] value, int valueLen) {
        }
    }

    public static final int ATTR_NAME_MAX = 16, ATTR_VALUE_MAX = 16;

    public static final int DATA = 0, CHAR_REF = 1, TAG_OPEN = 2, END_TAG_OPEN = 3, TAG_NAME = 4,
            BEFORE_ATTR_NAME = 5, ATTR_NAME = 6, AFTER_ATTR_NAME = 7, BEFORE_ATTR_VALUE = 8,
            ATTR_VALUE_DQ = 9, ATTR_VALUE_SQ = 10, ATTR_VALUE_UQ = 11, AFTER_ATTR_VALUE_Q = 12,
            SELF_CLOSING = 13, MARKUP_DECL = 14, BOGUS_COMMENT = 15, COMMENT_START = 16,
            COMMENT_START_DASH = 17, COMMENT = 18, COMMENT_END_DASH = 19, COMMENT_END = 20,
            COMMENT_END_BANG = 21, DOCTYPE = 22, CDATA = 23, CDATA_BRACKET = 24, CDATA_END = 25,
            RCDATA = 26, RAWTEXT = 27, PLAINTEXT = 28, RAW_LT = 29, RAW_END_NAME = 30,
            SCRIPT = 31, SCRIPT_LT = 32, SCRIPT_ESC_START = 33, SCRIPT_ESC_START_DASH = 34,
            SCRIPT_ESC = 35, SCRIPT_ESC_DASH = 36, SCRIPT_ESC_DASH_DASH = 37, SCRIPT_ESC_LT = 38,
            SCRIPT_DESC_START = 39, SCRIPT_DESC = 40, SCRIPT_DESC_DASH = 41,
            SCRIPT_DESC_DASH_DASH = 42, SCRIPT_DESC_LT = 43, SCRIPT_DESC_END = 44;

    private static final int NAME_MAX = 16;
    private static final char[] DOCTYPE_WORD = "doctype".toCharArray();
    private static final char[] CDATA_WORD = "[CDATA[".toCharArray();

    private Sink sink;
    private final int width;
    private int state = DATA;
    private long tokenStart = -1;
    private boolean runStart = true;

    // tag name
    // One buffer for what the states below look at; they never overlap in time: the tag
    // name (until reported), "<!" lookahead, script double-escape name, character reference,
    // attribute name.
    private final char[] buf = new char[NAME_MAX];
    private int nameLen;
    private boolean nameReported;
    private boolean endTag;

    // markup declaration open: what "<!" is followed by so far (in buf)
    private byte declLen; // at most 7
    /** Whether "<![CDATA[" opens a CDATA section (the adjusted current node is foreign). */
    private boolean cdataAllowed;

    // raw text end tag ("appropriate end tag") matching
    private String rawName = "";
    private byte rawIdx; // within rawName
    private byte rawReturn; // a state
    /** The script double-escape name so far (in buf). */
    private byte tempLen; // at most 7

    // attributes of the current start tag, when the owner asks for them
    private boolean attrs;
    private boolean values;
    /** Only attributes whose name begins with this (lower case) are reported; 0: all. */
    private char attrFirst;
    /** Whether the attribute being read is reported. */
    private boolean attrOn;
    // The attribute's name goes into buf: the tag's name is reported before any attribute.
    private int attrNameLen;
    // Bytes, not chars: the only values asked for (lang, a slot's name) are ASCII, and a
    // byte buffer keeps a response's allocation 16 bytes smaller.
    private byte[] attrValue;
    private static final byte[] EMPTY = new byte[0];
    private int attrValueLen;

    // character reference in data
    private boolean refNumeric, refHex, refTooLong;
    private int refDigits;
    private int refValue;
    /** The reference name so far (in buf). */
    private int refNameLen;

    public Tokenizer(Sink sink, int width) {
        this.sink = sink;
        this.width = width;
    }

    public int state() {
        return state;
    }

    /** How many positions one unit takes. */
    public int width() {
        return width;
    }

    /** A tokenizer in exactly this one's state, reporting to {@code sink}. */
    public Tokenizer copy(Sink sink) {
        Tokenizer t = new Tokenizer(sink, width);
        t.state = state;
        t.tokenStart = tokenStart;
        t.runStart = runStart;
        System.arraycopy(buf, 0, t.buf, 0, buf.length);
        t.nameLen = nameLen;
        t.nameReported = nameReported;
        t.endTag = endTag;
        t.declLen = declLen;
        t.cdataAllowed = cdataAllowed;
        t.rawName = rawName;
        t.rawIdx = rawIdx;
        t.rawReturn = rawReturn;
        t.tempLen = tempLen;
        t.refNumeric = refNumeric;
        t.refHex = refHex;
        t.refTooLong = refTooLong;
        t.refDigits = refDigits;
        t.refValue = refValue;
        t.refNameLen = refNameLen;
        t.attrs = attrs;
        t.values = values;
        t.attrFirst = attrFirst;
        t.attrOn = attrOn;
        t.attrNameLen = attrNameLen;
        t.attrValue = attrValue == null || !attrs ? null : attrValue.clone();
        t.attrValueLen = attrValueLen;
        return t;
    }

    /** Where the token that may still turn out to be an insertion point began, or -1. */
    public long pendingStart() {
        switch (state) {
            case TAG_OPEN, END_TAG_OPEN, CHAR_REF:
                return tokenStart;
            case TAG_NAME:
                return nameReported ? -1 : tokenStart;
            default:
                return -1;
        }
    }

    /** Switches to RCDATA, RAWTEXT, SCRIPT or PLAINTEXT after the start tag {@code tag}. */
    public void switchTo(int newState, String tag) {
        state = newState;
        rawName = tag;
    }

    public void cdataAllowed(boolean allowed) {
        cdataAllowed = allowed;
    }

    /**
     * Whether the attributes of the start tag whose name was just reported are reported
     * to the sink. Reset at every tag.
     */
    public void captureAttributes(boolean on) {
        attrs = on && !endTag;
        attrFirst = 0;
    }

    /**
     * {@link #captureAttributes(boolean)}, only for attribute names that begin with
     * {@code first} (lower case): the others are skipped at full speed.
     */
    public void captureAttributesStartingWith(char first) {
        attrs = !endTag;
        attrFirst = first;
    }

    /** Whether, with {@link #captureAttributes(boolean)}, the values are captured too (else they are reported empty). */
    public void captureValues(boolean on) {
        values = on && attrs;
    }

    /**
     * Starts this tokenizer over in the data state, reporting to {@code sink}: a new owner
     * takes it at a token boundary (saves allocating another one per response).
     */
    public void restart(Sink newSink) {
        sink = newSink;
        state = DATA;
        tokenStart = -1;
        runStart = true;
        nameLen = 0;
        nameReported = false;
        endTag = false;
        cdataAllowed = false;
        rawName = "";
        attrs = false;
        values = false;
        attrFirst = 0;
        attrOn = false;
        attrNameLen = 0;
        attrValueLen = 0;
    }

    /** Where the current token (tag, comment, character reference) began. */
    public long tokenStart() {
        return tokenStart;
    }

    /**
     * The current (or last) tag's name, lower case, as a long: the same for the same name,
     * allocation free, for names the {@link Names} table does not know. Names longer than
     * 16 units are told apart by their first 16 only; others get the same key by chance
     * only (about 2^-64 a pair). Svg/math content is followed by these keys: with 31 for
     * the multiplier, "su\u0086" had the key of "svg" (and "xc-" that of "xak"), so that
     * such an end tag was taken to close an element it does not.
     */
    public long nameKey() {
        long k = nameLen;
        int n = Math.min(nameLen, NAME_MAX);
        for (int i = 0; i < n; i++) {
            k = nameKeyStep(k, buf[i]);
        }
        return k;
    }

    /** {@link #nameKey()} after one more unit {@code c} (lower case); it begins as the length, at most 17. */
    static long nameKeyStep(long key, int c) {
        return key * 0x9E3779B97F4A7C15L + c;
    }

    private void attrStart(int c) {
        attrNameLen = 0;
        attrValueLen = 0;
        attrOn = attrFirst == 0 || lower(c) == attrFirst;
        attrChar(c);
    }

    private void attrChar(int c) {
        if (!attrOn) {
            return;
        }
        if (attrNameLen < ATTR_NAME_MAX) {
            buf[attrNameLen] = (char) lower(c);
        }
        attrNameLen++;
    }

    private void valueChar(int c) {
        if (!values || !attrOn) {
            return;
        }
        if (attrValueLen < ATTR_VALUE_MAX) {
            if (attrValue == null || attrValue.length == 0) {
                attrValue = new byte[ATTR_VALUE_MAX];
            }
            attrValue[attrValueLen] = (byte) (c <= 0xFF ? c : 0xFF);
        }
        attrValueLen++;
    }

    private void attrDone() {
        if (attrs && attrOn && attrNameLen > 0) {
            if (attrValue == null) {
                attrValue = EMPTY;
            }
            sink.attribute(buf, attrNameLen, attrValue, attrValueLen);
        }
        attrNameLen = 0;
        attrValueLen = 0;
    }

    private static boolean ws(int c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    }

    private static boolean alpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private void reportName() {
        nameReported = true;
        String n = nameLen > NAME_MAX ? "" : Names.lookup(buf, nameLen);
        if (endTag) {
            sink.endTag(tokenStart, n);
        } else {
            sink.startTag(tokenStart, n);
        }
    }

    private void emitTag(long pos, boolean selfClosing) {
        state = DATA;
        sink.tagEnd(pos + width, selfClosing);
    }

    private static final long WS = bit(' ') | bit('\t') | bit('\n') | bit('\f') | bit('\r');

    private static long bit(char c) {
        return 1L << (c & 63);
    }

    /**
     * The ASCII units below 64 that can change the current state, as a bit mask, with
     * {@link #stopsHigh()} for 64..127 (no unit above 127 ever does); -1 when every unit
     * matters. Units outside the masks are consumed without any effect, so callers may
     * skip them.
     */
    public long stopsLow() {
        long m = STOPS[state];
        if (attrs && inAttributes(state)
                && (state == ATTR_NAME ? attrOn : values ? attrOn || !inAttributeValue(state)
                        : !inAttributeValue(state))) {
            return -1;
        }
        return state == TAG_NAME && !nameReported ? -1 : m;
    }

    private static final long[] STOPS = new long[SCRIPT_DESC_END + 1];

    static {
        java.util.Arrays.fill(STOPS, -1);
        STOPS[RCDATA] = STOPS[RAWTEXT] = STOPS[SCRIPT] = bit('<');
        STOPS[SCRIPT_ESC] = STOPS[SCRIPT_DESC] = bit('<') | bit('-');
        STOPS[ATTR_VALUE_DQ] = bit('"');
        STOPS[ATTR_VALUE_SQ] = bit('\'');
        STOPS[ATTR_VALUE_UQ] = WS | bit('>');
        STOPS[ATTR_NAME] = WS | bit('/') | bit('>') | bit('=');
        STOPS[TAG_NAME] = WS | bit('/') | bit('>'); // once the name is reported
        STOPS[COMMENT] = bit('-');
        STOPS[BOGUS_COMMENT] = STOPS[DOCTYPE] = bit('>');
        STOPS[CDATA] = STOPS[PLAINTEXT] = 0;
    }

    /** See {@link #stopsLow()}: the units 64..127 (only ']' for CDATA). */
    public long stopsHigh() {
        return state == CDATA ? bit(']') : 0;
    }

    /**
     * The first index from {@code i} (up to {@code end}) of a unit that can change the
     * current state; the units before it may be skipped without feeding them.
     */
    public int skipIgnored(byte[] b, int i, int end) {
        long lo = stopsLow();
        return lo == -1 ? i : skipTo(b, i, end, lo, stopsHigh());
    }

    /**
     * The first index from {@code i} (up to {@code end}) of a unit in the masks, as
     * {@link #stopsLow()} and {@link #stopsHigh()} give them (or several tokenizers' masks
     * combined); units above 127 are never in them.
     */
    static int skipTo(byte[] b, int i, int end, long lo, long hi) {
        if (hi == 0 && Long.bitCount(lo) == 1) {
            byte stop = (byte) Long.numberOfTrailingZeros(lo);
            while (i < end && b[i] != stop) {
                i++;
            }
            return i;
        }
        while (i < end) {
            int c = b[i];
            if (c >= 0 && ((c < 64 ? lo >>> c : hi >>> (c - 64)) & 1) != 0) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** Feeds the unit {@code c} that starts at {@code pos}. */
    public void feed(int c, long pos) {
        while (true) {
            switch (state) {
                case DATA:
                    if (c == '<') {
                        state = TAG_OPEN;
                        tokenStart = pos;
                        runStart = true;
                    } else if (c == '&') {
                        state = CHAR_REF;
                        tokenStart = pos;
                        runStart = true;
                        refNumeric = refHex = refTooLong = false;
                        refDigits = refValue = refNameLen = 0;
                        declLen = 0;
                    } else {
                        sink.character(pos, c, runStart);
                        runStart = false;
                    }
                    return;
                case CHAR_REF:
                    if (charRef(c)) {
                        return;
                    }
                    continue;
                case TAG_OPEN:
                    if (c == '!') {
                        state = MARKUP_DECL;
                        declLen = 0;
                        return;
                    }
                    if (c == '/') {
                        state = END_TAG_OPEN;
                        return;
                    }
                    if (alpha(c)) {
                        startName(false);
                        continue;
                    }
                    if (c == '?') {
                        state = BOGUS_COMMENT;
                        sink.comment(tokenStart);
                        return;
                    }
                    state = DATA;
                    sink.character(tokenStart, '<', true);
                    continue;
                case END_TAG_OPEN:
                    if (alpha(c)) {
                        startName(true);
                        continue;
                    }
                    if (c == '>') {
                        state = DATA;
                        return;
                    }
                    state = BOGUS_COMMENT;
                    sink.comment(tokenStart);
                    continue;
                case TAG_NAME:
                    if (ws(c)) {
                        if (!nameReported) reportName();
                        state = BEFORE_ATTR_NAME;
                    } else if (c == '/') {
                        if (!nameReported) reportName();
                        state = SELF_CLOSING;
                    } else if (c == '>') {
                        if (!nameReported) reportName();
                        emitTag(pos, false);
                    } else if (!nameReported) {
                        if (nameLen < NAME_MAX) {
                            buf[nameLen] = (char) lower(c);
                        }
                        nameLen++;
                        if (nameLen > NAME_MAX) {
                            reportName();
                        }
                    }
                    return;
                case BEFORE_ATTR_NAME:
                    if (ws(c)) {
                        return;
                    }
                    if (c == '/' || c == '>') {
                        state = AFTER_ATTR_NAME;
                        continue;
                    }
                    state = ATTR_NAME;
                    if (attrs) {
                        attrStart(c);
                    }
                    return; // '=' or any other: first character of the name
                case ATTR_NAME:
                    if (ws(c) || c == '/' || c == '>') {
                        state = AFTER_ATTR_NAME;
                        continue;
                    }
                    if (c == '=') {
                        state = BEFORE_ATTR_VALUE;
                    } else if (attrs) {
                        attrChar(c);
                    }
                    return;
                case AFTER_ATTR_NAME:
                    if (ws(c)) {
                        return;
                    }
                    if (c == '=') {
                        state = BEFORE_ATTR_VALUE;
                        return;
                    }
                    if (attrs) {
                        attrDone();
                    }
                    if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (c == '>') {
                        emitTag(pos, false);
                    } else {
                        state = ATTR_NAME;
                        if (attrs) {
                            attrStart(c);
                        }
                    }
                    return;
                case BEFORE_ATTR_VALUE:
                    if (ws(c)) {
                        return;
                    }
                    if (c == '"') {
                        state = ATTR_VALUE_DQ;
                    } else if (c == '\'') {
                        state = ATTR_VALUE_SQ;
                    } else if (c == '>') {
                        if (attrs) {
                            attrDone();
                        }
                        emitTag(pos, false);
                    } else {
                        state = ATTR_VALUE_UQ;
                        if (attrs) {
                            valueChar(c);
                        }
                    }
                    return;
                case ATTR_VALUE_DQ:
                    if (c == '"') {
                        state = AFTER_ATTR_VALUE_Q;
                        if (attrs) {
                            attrDone();
                        }
                    } else if (attrs) {
                        valueChar(c);
                    }
                    return;
                case ATTR_VALUE_SQ:
                    if (c == '\'') {
                        state = AFTER_ATTR_VALUE_Q;
                        if (attrs) {
                            attrDone();
                        }
                    } else if (attrs) {
                        valueChar(c);
                    }
                    return;
                case ATTR_VALUE_UQ:
                    if (ws(c)) {
                        state = BEFORE_ATTR_NAME;
                        if (attrs) {
                            attrDone();
                        }
                    } else if (c == '>') {
                        if (attrs) {
                            attrDone();
                        }
                        emitTag(pos, false);
                    } else if (attrs) {
                        valueChar(c);
                    }
                    return;
                case AFTER_ATTR_VALUE_Q:
                    if (ws(c)) {
                        state = BEFORE_ATTR_NAME;
                    } else if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (c == '>') {
                        emitTag(pos, false);
                    } else {
                        state = BEFORE_ATTR_NAME;
                        continue;
                    }
                    return;
                case SELF_CLOSING:
                    if (c == '>') {
                        emitTag(pos, true);
                        return;
                    }
                    state = BEFORE_ATTR_NAME;
                    continue;
                case MARKUP_DECL:
                    if (markupDecl(c)) {
                        return;
                    }
                    continue;
                case BOGUS_COMMENT:
                    if (c == '>') {
                        state = DATA;
                    }
                    return;
                case COMMENT_START:
                    if (c == '-') {
                        state = COMMENT_START_DASH;
                    } else if (c == '>') {
                        state = DATA; // <!-->
                    } else {
                        state = COMMENT;
                        continue;
                    }
                    return;
                case COMMENT_START_DASH:
                    if (c == '-') {
                        state = COMMENT_END;
                    } else if (c == '>') {
                        state = DATA; // <!--->
                    } else {
                        state = COMMENT;
                        continue;
                    }
                    return;
                case COMMENT:
                    if (c == '-') {
                        state = COMMENT_END_DASH;
                    }
                    return;
                case COMMENT_END_DASH:
                    state = c == '-' ? COMMENT_END : COMMENT;
                    return;
                case COMMENT_END:
                    if (c == '>') {
                        state = DATA;
                    } else if (c == '!') {
                        state = COMMENT_END_BANG;
                    } else if (c != '-') {
                        state = COMMENT;
                    }
                    return;
                case COMMENT_END_BANG:
                    if (c == '-') {
                        state = COMMENT_END_DASH;
                    } else if (c == '>') {
                        state = DATA;
                    } else {
                        state = COMMENT;
                    }
                    return;
                case DOCTYPE:
                    // Every DOCTYPE state, quoted identifiers included, ends the token at '>'.
                    if (c == '>') {
                        state = DATA;
                    }
                    return;
                case CDATA:
                    if (c == ']') {
                        state = CDATA_BRACKET;
                    }
                    return;
                case CDATA_BRACKET:
                    state = c == ']' ? CDATA_END : CDATA;
                    return;
                case CDATA_END:
                    if (c == '>') {
                        state = DATA;
                    } else if (c != ']') {
                        state = CDATA;
                    }
                    return;
                case PLAINTEXT:
                    return;
                case RCDATA:
                case RAWTEXT:
                    if (c == '<') {
                        rawReturn = (byte) state;
                        state = RAW_LT;
                        tokenStart = pos;
                    }
                    return;
                case RAW_LT:
                    if (c == '/') {
                        state = RAW_END_NAME;
                        rawIdx = 0;
                        return;
                    }
                    state = rawReturn;
                    continue;
                case RAW_END_NAME:
                    if (rawIdx < rawName.length() && lower(c) == rawName.charAt(rawIdx)) {
                        rawIdx++;
                        return;
                    }
                    if (rawIdx == rawName.length() && rawIdx > 0 && (ws(c) || c == '/' || c == '>')) {
                        endTag = true;
                        nameReported = true;
                        attrs = false;
                        values = false;
                        sink.endTag(tokenStart, rawName);
                        if (c == '>') {
                            emitTag(pos, false);
                        } else {
                            state = c == '/' ? SELF_CLOSING : BEFORE_ATTR_NAME;
                        }
                        return;
                    }
                    state = rawReturn;
                    continue;
                case SCRIPT:
                    if (c == '<') {
                        state = SCRIPT_LT;
                        tokenStart = pos;
                    }
                    return;
                case SCRIPT_LT:
                    if (c == '/') {
                        rawReturn = SCRIPT;
                        rawIdx = 0;
                        state = RAW_END_NAME;
                    } else if (c == '!') {
                        state = SCRIPT_ESC_START;
                    } else {
                        state = SCRIPT;
                        continue;
                    }
                    return;
                case SCRIPT_ESC_START:
                    if (c == '-') {
                        state = SCRIPT_ESC_START_DASH;
                        return;
                    }
                    state = SCRIPT;
                    continue;
                case SCRIPT_ESC_START_DASH:
                    if (c == '-') {
                        state = SCRIPT_ESC_DASH_DASH;
                        return;
                    }
                    state = SCRIPT;
                    continue;
                case SCRIPT_ESC:
                    if (c == '-') {
                        state = SCRIPT_ESC_DASH;
                    } else if (c == '<') {
                        state = SCRIPT_ESC_LT;
                        tokenStart = pos;
                    }
                    return;
                case SCRIPT_ESC_DASH:
                    if (c == '-') {
                        state = SCRIPT_ESC_DASH_DASH;
                    } else if (c == '<') {
                        state = SCRIPT_ESC_LT;
                        tokenStart = pos;
                    } else {
                        state = SCRIPT_ESC;
                    }
                    return;
                case SCRIPT_ESC_DASH_DASH:
                    if (c == '<') {
                        state = SCRIPT_ESC_LT;
                        tokenStart = pos;
                    } else if (c == '>') {
                        state = SCRIPT;
                    } else if (c != '-') {
                        state = SCRIPT_ESC;
                    }
                    return;
                case SCRIPT_ESC_LT:
                    if (c == '/') {
                        rawReturn = SCRIPT_ESC;
                        rawIdx = 0;
                        state = RAW_END_NAME;
                        return;
                    }
                    if (alpha(c)) {
                        tempLen = 0;
                        state = SCRIPT_DESC_START;
                        continue;
                    }
                    state = SCRIPT_ESC;
                    continue;
                case SCRIPT_DESC_START:
                case SCRIPT_DESC_END:
                    if (ws(c) || c == '/' || c == '>') {
                        boolean script = tempLen == 6 && buf[0] == 's' && buf[1] == 'c' && buf[2] == 'r'
                                && buf[3] == 'i' && buf[4] == 'p' && buf[5] == 't';
                        if (state == SCRIPT_DESC_START) {
                            state = script ? SCRIPT_DESC : SCRIPT_ESC;
                        } else {
                            state = script ? SCRIPT_ESC : SCRIPT_DESC;
                        }
                        return;
                    }
                    if (alpha(c)) {
                        if (tempLen < 6) {
                            buf[tempLen] = (char) lower(c);
                        }
                        tempLen = (byte) (tempLen < 6 ? tempLen + 1 : 7);
                        return;
                    }
                    state = state == SCRIPT_DESC_START ? SCRIPT_ESC : SCRIPT_DESC;
                    continue;
                case SCRIPT_DESC:
                    if (c == '-') {
                        state = SCRIPT_DESC_DASH;
                    } else if (c == '<') {
                        state = SCRIPT_DESC_LT;
                    }
                    return;
                case SCRIPT_DESC_DASH:
                    if (c == '-') {
                        state = SCRIPT_DESC_DASH_DASH;
                    } else {
                        state = c == '<' ? SCRIPT_DESC_LT : SCRIPT_DESC;
                    }
                    return;
                case SCRIPT_DESC_DASH_DASH:
                    if (c == '<') {
                        state = SCRIPT_DESC_LT;
                    } else if (c == '>') {
                        state = SCRIPT;
                    } else if (c != '-') {
                        state = SCRIPT_DESC;
                    }
                    return;
                case SCRIPT_DESC_LT:
                    if (c == '/') {
                        tempLen = 0;
                        state = SCRIPT_DESC_END;
                        return;
                    }
                    state = SCRIPT_DESC;
                    continue;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    private void startName(boolean end) {
        state = TAG_NAME;
        endTag = end;
        nameLen = 0;
        nameReported = false;
        attrs = false;
        values = false;
        attrNameLen = 0;
        attrValueLen = 0;
    }

    /** Returns true when {@code c} was consumed, false to reconsume it in the new state. */
    private boolean markupDecl(int c) {
        buf[declLen++] = (char) c;
        if (buf[0] == '-') {
            if (declLen == 1) {
                return true;
            }
            if (c == '-') {
                state = COMMENT_START;
                sink.comment(tokenStart);
                return true;
            }
        } else {
            boolean doctype = true;
            boolean cdata = cdataAllowed;
            for (int i = 0; i < declLen; i++) {
                doctype &= lower(buf[i]) == DOCTYPE_WORD[i];
                cdata &= buf[i] == CDATA_WORD[i];
            }
            if (doctype && declLen == 7) {
                state = DOCTYPE;
                sink.doctype(tokenStart);
                return true;
            }
            if (cdata && declLen == 7) {
                state = CDATA;
                sink.comment(tokenStart);
                return true;
            }
            if (doctype || cdata) {
                return true;
            }
        }
        // Not "--", DOCTYPE or [CDATA[: a bogus comment holding what we looked at (none of
        // which can be '>'); the current unit is reconsumed there.
        state = BOGUS_COMMENT;
        sink.comment(tokenStart);
        return false;
    }

    /** Returns true when {@code c} was consumed, false to reconsume it in the new state. */
    private boolean charRef(int c) {
        if (!refNumeric && refNameLen == 0 && !refTooLong) {
            if (c == '#') {
                refNumeric = true;
                return true;
            }
            if (alpha(c) || (c >= '0' && c <= '9')) {
                buf[refNameLen++] = (char) c;
                return true;
            }
            endRef('&');
            return false;
        }
        if (refNumeric) {
            int d = digit(c, refHex);
            if (d >= 0) {
                refDigits++;
                refValue = refValue > 0x10FFFF ? refValue : refValue * (refHex ? 16 : 10) + d;
                return true;
            }
            if ((c == 'x' || c == 'X') && !refHex && refDigits == 0) {
                refHex = true;
                return true;
            }
            int v = refValue;
            boolean white = refDigits > 0 && (v == 9 || v == 10 || v == 12 || v == 13 || v == 32);
            endRef(white ? v : '&');
            return c == ';' && refDigits > 0;
        }
        if (alpha(c) || (c >= '0' && c <= '9')) {
            if (refNameLen < 8) {
                buf[refNameLen++] = (char) c;
            } else {
                refTooLong = true;
            }
            return true;
        }
        int v = '&';
        if (c == ';' && !refTooLong) {
            if (Names.lookupRef(buf, refNameLen, "Tab")) {
                v = '\t';
            } else if (Names.lookupRef(buf, refNameLen, "NewLine")) {
                v = '\n';
            }
        }
        endRef(v);
        return c == ';';
    }

    private void endRef(int value) {
        state = DATA;
        sink.character(tokenStart, value, true);
    }

    private static int digit(int c, boolean hex) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (hex && c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (hex && c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * End of input: reports what the tokenizer would still emit ("<", "</", a character
     * reference) and leaves {@link #state()} saying where the input ended.
     */
    public void eof() {
        switch (state) {
            case TAG_OPEN -> {
                state = DATA;
                sink.character(tokenStart, '<', true);
            }
            case END_TAG_OPEN -> {
                state = DATA;
                sink.character(tokenStart, '<', true);
            }
            case CHAR_REF -> {
                if (refNumeric) {
                    int v = refValue;
                    boolean white = refDigits > 0 && (v == 9 || v == 10 || v == 12 || v == 13 || v == 32);
                    endRef(white ? v : '&');
                } else {
                    endRef('&');
                }
            }
            case MARKUP_DECL -> {
                // "<!", "<!-", "<!DOC"... cut by the end: the spec makes them a bogus comment.
                state = BOGUS_COMMENT;
                sink.comment(tokenStart);
            }
            case RAW_LT, RAW_END_NAME -> state = rawReturn;
            case SCRIPT_LT, SCRIPT_ESC_START, SCRIPT_ESC_START_DASH -> state = SCRIPT;
            default -> {
            }
        }
    }

    // The states are ints, not an enum, and these predicates test ranges of them: they
    // depend on the order of the constants above, which TokenizerStatesTest pins state by
    // state. Add a state inside the range it belongs to, or change the predicate.

    /** Whether {@code state} is inside a tag, past its '<' (and '/'): its name or its attributes. */
    public static boolean inTag(int state) {
        return state >= TAG_NAME && state <= SELF_CLOSING;
    }

    /** Whether {@code state} is past a tag's name: its attributes, up to its "/" before '>'. */
    static boolean inAttributes(int state) {
        return state >= BEFORE_ATTR_NAME && state <= SELF_CLOSING;
    }

    /** Whether {@code state} reads an attribute's value (quoted either way, or not). */
    static boolean inAttributeValue(int state) {
        return state >= ATTR_VALUE_DQ && state <= ATTR_VALUE_UQ;
    }

    /** Whether {@code state} is in a tag begun with "&lt;/" or "&lt;" and a letter (not at the '&lt;' alone). */
    static boolean pastTagOpen(int state) {
        return state >= END_TAG_OPEN && state <= SELF_CLOSING;
    }

    /** Whether {@code state} is in a comment, bogus comment, CDATA section, or "&lt;!" before it is known which. */
    public static boolean inComment(int state) {
        return (state >= MARKUP_DECL && state <= COMMENT_END_BANG) || (state >= CDATA && state <= CDATA_END);
    }

    /** Whether {@code state} is in RCDATA, RAWTEXT or script data, or their end tag states (not plaintext, which has none). */
    public static boolean inRawText(int state) {
        return state == RCDATA || state == RAWTEXT || state >= RAW_LT;
    }
}

package dev.helpline.core.html.internal;

import dev.helpline.core.html.Outcome;

import java.nio.charset.StandardCharsets;

/**
 * The HTML5 tree builder's insertion modes up to the body, for one scripting mode, on top
 * of its own {@link Tokenizer}. It finds {@link #bodyPos}: where the body begins (just
 * after an explicit {@code <body>} tag, or just before the first token that implies it).
 *
 * <p>After that it keeps following the page as "in body" just far enough to answer two
 * questions for {@link Engine}: has the frameset-ok flag become "not ok" ({@link #flipped}:
 * no later {@code <frameset>} can replace the body), and did anything happen that a
 * widget written later than {@code bodyPos} could disturb ({@link #nonBenignPos})? The
 * first needs svg and MathML followed: a {@code <frameset>} in them is theirs, and most
 * tags there set nothing, until they end.
 *
 * <p>About 950 lines, over the package's ~800-line guide: the insertion modes before the
 * body and the early body's plain elements are one state machine whose cases read the same
 * fields; svg/MathML following is shared with the body scanner ({@link ForeignStack}).
 */
final class Tracker implements Tokenizer.Sink {
    /** The tree builder's insertion modes up to "in body", the only ones followed. */
    enum Mode {
        INITIAL, BEFORE_HTML, BEFORE_HEAD, IN_HEAD, IN_HEAD_NOSCRIPT, AFTER_HEAD, BODY
    }

    private static final Mode INITIAL = Mode.INITIAL, BEFORE_HTML = Mode.BEFORE_HTML, BEFORE_HEAD = Mode.BEFORE_HEAD,
            IN_HEAD = Mode.IN_HEAD, IN_HEAD_NOSCRIPT = Mode.IN_HEAD_NOSCRIPT, AFTER_HEAD = Mode.AFTER_HEAD,
            BODY = Mode.BODY;

    final boolean scripting;
    final Tokenizer tok;
    /**
     * Set (scripting on only) when a noscript start tag was handled: until then the two
     * scripting modes cannot differ, so the Engine follows one and forks the other here.
     */
    boolean sawNoscript;
    /** The mode the first noscript start tag was read in: IN_HEAD or BODY; null: none yet, or in a template. */
    private Mode noscriptAs;
    Mode mode = Mode.INITIAL;
    int templateDepth;

    /** Counts changes the Engine decides on (body found, failure, frameset-ok). */
    byte events; // at most 3: flipped, failed, body found
    /** Where the body begins, once known; else -1. */
    long bodyPos = -1;
    /** Why the widget cannot be placed, or null. */
    Outcome failure;
    /** The first token in the body that a widget written after it could interact with, or -1. */
    long nonBenignPos = -1;
    /** Whether the original page's frameset-ok flag is "not ok" (or no frameset can follow). */
    boolean flipped;
    private boolean sawMarkup;

    private boolean inRaw;
    private boolean curStart;
    private String curName = "";
    /** The current tag's {@link Tokenizer#nameKey()}, taken with its name (attributes reuse the buffer). */
    private long curKey;
    private long curPos;
    private byte pendingSwitch = -1;
    private boolean pendingBody;
    /** An svg or math start tag under the HTML rules: it opens foreign content unless self-closing. */
    private boolean pendingForeign;
    /** A start tag in foreign content, decided at its end: by its attributes (font) and "/>". */
    private boolean pendingForeignStart;
    /** The current start tag is a font with color, face or size: it breaks out of foreign content. */
    private boolean fontBreaks;
    /**
     * Template contents before the body opened a formatting element (see {@link #templateStartTag}).
     * Reset when the outermost template closes.
     */
    private boolean formattingInTemplate;

    // The svg and MathML elements open in the body, outermost first: their name keys and
    // kinds. Empty while the tree builder's current node is an HTML element.
    private ForeignStack foreign;
    /** Where svg/math content, or its end, is no longer known (see {@link #loseTrack}). */
    private boolean lost;

    Tracker(boolean scripting, int width) {
        this.scripting = scripting;
        this.tok = new Tokenizer(this, width);
    }

    private Tracker(Tracker from, boolean scripting) {
        this.scripting = scripting;
        this.tok = from.tok.copy(this);
        mode = from.mode;
        templateDepth = from.templateDepth;
        bodyPos = from.bodyPos;
        failure = from.failure;
        nonBenignPos = from.nonBenignPos;
        flipped = from.flipped;
        sawMarkup = from.sawMarkup;
        inRaw = from.inRaw;
        curStart = from.curStart;
        curName = from.curName;
        curKey = from.curKey;
        curPos = from.curPos;
        pendingSwitch = from.pendingSwitch;
        pendingBody = from.pendingBody;
        pendingForeign = from.pendingForeign;
        pendingForeignStart = from.pendingForeignStart;
        fontBreaks = from.fontBreaks;
        open = from.open; // null: a fork happens before the body
        formattingInTemplate = from.formattingInTemplate;
        if (from.foreign != null) {
            foreign = from.foreign.copy();
        }
        lost = from.lost;
        runStart = from.runStart;
        runEnd = from.runEnd;
        prevRunStart = from.prevRunStart;
        prevRunEnd = from.prevRunEnd;
        inRun = from.inRun;
        htmlLang = from.htmlLang;
        htmlTagSeen = from.htmlTagSeen;
        langSeen = from.langSeen;
    }

    /**
     * The scripting-off twin of this (scripting on) tracker, which has just handled its
     * first noscript start tag: the same state, except for how that tag was handled.
     */
    Tracker forkScriptingOff() {
        Tracker t = new Tracker(this, false);
        if (pendingSwitch < 0 && inRaw && curName.equals("noscript") && tok.state() == Tokenizer.RAWTEXT) {
            // The tag ended in the same unit ("<noscript>"): undo the switch to raw text.
            t.tok.switchTo(Tokenizer.DATA, "");
            t.inRaw = false;
        }
        switch (noscriptAs == null ? Mode.INITIAL : noscriptAs) {
            case IN_HEAD -> {
                t.pendingSwitch = -1;
                t.mode = IN_HEAD_NOSCRIPT;
            }
            case BODY -> {
                t.pendingSwitch = -1;
                t.openInBody(t.curPos, "noscript"); // an element, with scripting off
            }
            default -> t.pendingSwitch = -1; // in a template
        }
        return t;
    }

    // The last two runs of units the tokenizer read in the data state, so that the Engine
    // can ask whether a position was a token boundary in the data state for this mode.
    private long runStart = -1, runEnd = -2, prevRunStart = -1, prevRunEnd = -2;
    private boolean inRun;

    void feed(int c, long pos) {
        if (tok.state() == Tokenizer.DATA) {
            if (!inRun) {
                prevRunStart = runStart;
                prevRunEnd = runEnd;
                runStart = pos;
                inRun = true;
            }
            runEnd = pos;
        } else {
            inRun = false;
        }
        tok.feed(c, pos);
    }

    /**
     * Feeds {@code b[i..end)} (unit width 1; {@code b[k]} is at {@code base + k}) while this
     * is the only tracker, skipping units no state cares about, and returns after the
     * first unit that changed anything the Engine decides on (or forks on), or at the end.
     * The data-state runs are not tracked here: they matter only once there are two.
     */
    int run(byte[] b, int i, int end, long base) {
        int seen = events;
        while (i < end) {
            i = tok.skipIgnored(b, i, end);
            if (i == end) {
                return i;
            }
            tok.feed(b[i] & 0xFF, base + i);
            i++;
            if (events != seen || sawNoscript) {
                return i;
            }
        }
        return i;
    }

    /** Data-state runs are tracked from here on (they matter only for positions after it). */
    void forgetRuns() {
        runStart = -1;
        runEnd = -2;
        prevRunStart = -1;
        prevRunEnd = -2;
        inRun = false;
    }

    /**
     * Whether the tokenizer was in the data state just before position {@code p}, where
     * {@code next} is the position of the next unit to be fed.
     */
    boolean dataAt(long p, long next) {
        if (p >= next) {
            return tok.state() == Tokenizer.DATA;
        }
        return (p >= runStart && p <= runEnd) || (p >= prevRunStart && p <= prevRunEnd);
    }

    boolean scanning() {
        return mode != BODY && failure == null;
    }

    private void flip() {
        if (!flipped) {
            flipped = true;
            events++;
        }
    }

    private void noscript(Mode where) {
        if (!sawNoscript) {
            sawNoscript = true;
            noscriptAs = where;
        }
    }

    private void fail(Outcome why) {
        if (failure == null) {
            failure = why;
            events++;
        }
    }

    private void nonBenign(long pos) {
        if (nonBenignPos < 0) {
            nonBenignPos = pos;
        }
    }

    // Scripting off, a noscript in the head often begins the body early, with a tracking
    // pixel or a notice ("<noscript><div><img></div></noscript>"), and the body the widget
    // goes into begins later, at the page's <body>. The elements opened in that early body
    // are followed while they close in order, so that a widget written after them finds
    // nothing of theirs open. Anything less plain counts as non-benign.
    private static final int OPEN_MAX = 16;
    /** The elements open in the body (scripting off), outermost first: their names ("h1" for any heading) and where each began. */
    private OpenInBody open;

    /** Made only for pages whose body begins early without scripts. */
    private static final class OpenInBody {
        final String[] names = new String[OPEN_MAX];
        final long[] pos = new long[OPEN_MAX];
        int len;
    }

    /** Whether an element opened in the body before {@code at} is still open (scripting off). */
    boolean openBefore(long at) {
        return open != null && open.len > 0 && open.pos[0] < at;
    }

    /** In {@link #open} once the Engine decided where the widget goes: what opens from then on is after it. */
    private static final OpenInBody DECIDED = new OpenInBody();

    /** The Engine decided where the widget goes: what opens from here on is after it. */
    void stopFollowingOpen() {
        open = DECIDED;
    }

    /** A start tag "in body" that leaves an element open (scripting off, no svg/math open). */
    private void openInBody(long pos, String name) {
        if (open == DECIDED) {
            return;
        }
        if (open == null) {
            open = new OpenInBody();
        }
        if (!plainOpen(name) || open.len == OPEN_MAX || inForeign() || lost) {
            nonBenign(pos);
            return;
        }
        boolean phrasing = phrasing(name);
        String n = heading(name);
        for (int k = 0; k < open.len; k++) {
            String o = open.names[k];
            // What this tag may close or reopen: a p, li, dd, dt or heading open (closed by a
            // block), a formatting element of the same name (the list of active formatting
            // elements, the adoption agency).
            if (o.equals(n) || !phrasing && (o.equals("p") || o.equals("li") || o.equals("dd")
                    || o.equals("dt") || o.equals("h1"))) {
                nonBenign(pos);
                return;
            }
        }
        open.names[open.len] = n;
        open.pos[open.len] = pos;
        open.len++;
    }

    /** An end tag "in body" (scripting off): pops the innermost element open if it is of that name. */
    private void closeInBody(long pos, String name) {
        if (open == null || open.len == 0 || open == DECIDED) {
            return;
        }
        String n = heading(name);
        if (open.names[open.len - 1].equals(n)) {
            open.len--;
            return;
        }
        for (int k = 0; k < open.len; k++) {
            if (open.names[k].equals(n)) {
                nonBenign(pos); // closes more than the innermost: implied ends, the adoption agency
                return;
            }
        }
    }

    /** "h1" for any heading (one heading's end tag closes another), else the name. */
    private static String heading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6' ? "h1" : name;
    }

    /** Elements whose start and end in body do nothing but open and close them (when nothing odd is open). */
    private static boolean plainOpen(String name) {
        switch (name) {
            case "noscript", "div", "section", "header", "footer", "nav", "aside", "article", "main", "ul", "ol", "li", "dl", "dt",
                    "dd", "figure", "figcaption", "picture", "center", "blockquote", "address", "p", "h1", "h2", "h3",
                    "h4", "h5", "h6" -> {
                return true;
            }
            default -> {
                return phrasing(name);
            }
        }
    }

    private static boolean phrasing(String name) {
        switch (name) {
            case "span", "a", "b", "i", "em", "strong", "small", "u", "s", "font", "code", "abbr", "cite", "q", "sub",
                    "sup", "time", "mark", "label" -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void enterBody(long pos) {
        mode = BODY;
        bodyPos = pos;
        events++;
    }

    private static boolean white(int c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    }

    @Override
    public void character(long pos, int c, boolean runStart) {
        if (mode != BODY) {
            if (templateDepth > 0 || white(c)) {
                return;
            }
            if (c == 0) {
                // Parsers disagree: html5lib and Blink start the body at a NUL before it,
                // nu.validator and Gecko drop the NUL.
                fail(Outcome.NUL_BEFORE_BODY);
                return;
            }
            // Non-whitespace text implies the body in every mode before it (in head
            // noscript it pops the noscript first, then the head).
            enterBody(pos);
            flip();
            return;
        }
        // Non-whitespace text sets frameset-ok to "not ok". nu.validator (and so Gecko)
        // does that only for a run of text that begins with it ("<p> x<frameset>" is a
        // frameset document there): counted only where both agree.
        if (c != 0 && !white(c) && runStart) {
            flip();
        }
    }

    @Override
    public void comment(long pos) {
        if (lost && tok.state() == Tokenizer.CDATA) {
            // text in foreign content, a bogus comment in HTML
            unsure();
        }
    }

    @Override
    public void doctype(long pos) {
        sawMarkup = true;
        if (mode == INITIAL) {
            mode = BEFORE_HTML;
        }
    }

    /** The first {@code <html>} start tag's {@code lang} attribute as written, or null. */
    String htmlLang;
    /** A likely value of {@link #htmlLang}, or null. */
    String langHint;
    private boolean htmlTagSeen;
    private boolean langSeen;

    @Override
    public void attribute(char[] name, int nameLen, byte[] value, int valueLen) {
        if (pendingForeignStart) {
            // only a font's are asked for in foreign content
            if (spells("color", name, nameLen) || spells("face", name, nameLen) || spells("size", name, nameLen)) {
                fontBreaks = true;
            }
            return;
        }
        if (!langSeen && nameLen == 4 && name[0] == 'l' && name[1] == 'a' && name[2] == 'n' && name[3] == 'g') {
            langSeen = true;
            int n = Math.min(valueLen, value.length);
            htmlLang = spells(langHint, value, n) ? langHint : new String(value, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean spells(String s, byte[] value, int n) {
        if (s == null || s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != (value[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean spells(String s, char[] value, int n) {
        if (s == null || s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != value[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void startTag(long pos, String name) {
        sawMarkup = true;
        curStart = true;
        curName = name;
        curKey = tok.nameKey();
        curPos = pos;
        if (!htmlTagSeen && name.equals("html") && mode != BODY) {
            htmlTagSeen = true;
            tok.captureAttributesStartingWith('l');
            tok.captureValues(true);
        }
        if (mode == BODY) {
            if (lost) {
                lostStartTag(name);
                return;
            }
            if (inForeign()) {
                pendingForeignStart = true;
                fontBreaks = false;
                if (name.equals("font")) {
                    tok.captureAttributes(true);
                }
                return;
            }
            bodyStartTag(pos, name);
            return;
        }
        if (templateDepth > 0) {
            templateStartTag(name);
            return;
        }
        while (true) {
            switch (mode) {
                case INITIAL:
                    mode = BEFORE_HTML;
                    continue;
                case BEFORE_HTML:
                    mode = BEFORE_HEAD;
                    if (name.equals("html")) {
                        return;
                    }
                    continue;
                case BEFORE_HEAD:
                    if (name.equals("html")) {
                        return;
                    }
                    mode = IN_HEAD;
                    if (name.equals("head")) {
                        return;
                    }
                    continue;
                case IN_HEAD:
                    if (name.equals("noscript")) {
                        if (scripting) {
                            pendingSwitch = Tokenizer.RAWTEXT;
                            noscript(IN_HEAD);
                        } else {
                            mode = IN_HEAD_NOSCRIPT;
                        }
                        return;
                    }
                    if (inHeadStartTag(name)) {
                        return;
                    }
                    mode = AFTER_HEAD;
                    continue;
                case IN_HEAD_NOSCRIPT:
                    switch (name) {
                        case "html", "basefont", "bgsound", "link", "meta", "head", "noscript":
                            return;
                        case "noframes", "style":
                            pendingSwitch = Tokenizer.RAWTEXT;
                            return;
                        default:
                            mode = IN_HEAD;
                            continue;
                    }
                case AFTER_HEAD:
                    switch (name) {
                        case "html", "head":
                            return;
                        case "body":
                            pendingBody = true;
                            return;
                        case "frameset":
                            fail(Outcome.FRAMESET);
                            return;
                        case "base", "basefont", "bgsound", "link", "meta", "noframes", "script",
                                "style", "template", "title":
                            inHeadStartTag(name);
                            return;
                        default:
                            enterBody(pos);
                            bodyStartTag(pos, name);
                            return;
                    }
                default:
                    throw new IllegalStateException("mode " + mode);
            }
        }
    }

    /** The "in head" rules for start tags; false for "anything else". */
    private boolean inHeadStartTag(String name) {
        switch (name) {
            case "html", "head", "base", "basefont", "bgsound", "link", "meta":
                return true;
            case "title":
                pendingSwitch = Tokenizer.RCDATA;
                return true;
            case "noframes", "style":
                pendingSwitch = Tokenizer.RAWTEXT;
                return true;
            case "script":
                pendingSwitch = Tokenizer.SCRIPT;
                return true;
            case "template":
                templateDepth++;
                return true;
            default:
                return false;
        }
    }

    /** Template contents: nothing implies the body; only the tokenizer's states matter. */
    private void templateStartTag(String name) {
        switch (name) {
            case "template" -> templateDepth++;
            case "title", "textarea" -> pendingSwitch = Tokenizer.RCDATA;
            case "style", "xmp", "iframe", "noembed", "noframes" -> pendingSwitch = Tokenizer.RAWTEXT;
            case "noscript" -> {
                if (scripting) {
                    pendingSwitch = Tokenizer.RAWTEXT;
                    noscript(null);
                }
            }
            case "script" -> pendingSwitch = Tokenizer.SCRIPT;
            case "plaintext" -> fail(Outcome.PLAINTEXT_BEFORE_BODY);
            case "svg", "math", "select" -> fail(Outcome.TEMPLATE_CONTENT);
            case "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u" ->
                    formattingInTemplate = true;
            case "applet", "marquee", "object", "td", "th", "caption" -> {
                // They put a marker on the list of active formatting elements, and "</template>"
                // clears the list only up to the last marker: a formatting element opened
                // before one left open stays on it, and the body's first text (the widget's)
                // reopens it ("<template><font color=red><marquee></template>" wraps the
                // widget in a red font). Not followed past the first formatting element.
                if (formattingInTemplate) {
                    fail(Outcome.TEMPLATE_CONTENT);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void endTag(long pos, String name) {
        curStart = false;
        curKey = tok.nameKey();
        if (inRaw) {
            inRaw = false; // the end of the raw text element we switched into
            return;
        }
        sawMarkup = true;
        if (mode == BODY) {
            bodyEndTag(pos, name);
            return;
        }
        if (templateDepth > 0) {
            if (name.equals("template") && --templateDepth == 0) {
                formattingInTemplate = false;
            }
            return;
        }
        boolean implied = name.equals("body") || name.equals("html") || name.equals("br");
        while (true) {
            switch (mode) {
                case INITIAL:
                    mode = BEFORE_HTML;
                    continue;
                case BEFORE_HTML:
                    if (!implied && !name.equals("head")) {
                        return;
                    }
                    mode = BEFORE_HEAD;
                    continue;
                case BEFORE_HEAD:
                    if (!implied && !name.equals("head")) {
                        return;
                    }
                    mode = IN_HEAD;
                    continue;
                case IN_HEAD:
                    if (name.equals("head")) {
                        mode = AFTER_HEAD;
                        return;
                    }
                    if (!implied) {
                        return;
                    }
                    mode = AFTER_HEAD;
                    continue;
                case IN_HEAD_NOSCRIPT:
                    if (name.equals("noscript")) {
                        mode = IN_HEAD;
                        return;
                    }
                    if (!name.equals("br")) {
                        return;
                    }
                    mode = IN_HEAD;
                    continue;
                case AFTER_HEAD:
                    if (!implied) {
                        return;
                    }
                    enterBody(pos);
                    bodyEndTag(pos, name);
                    return;
                default:
                    throw new IllegalStateException("mode " + mode);
            }
        }
    }

    @Override
    public void tagEnd(long end, boolean selfClosing) {
        if (!curStart) {
            return;
        }
        if (pendingBody) {
            pendingBody = false;
            enterBody(end);
        }
        if (pendingForeignStart) {
            pendingForeignStart = false;
            foreignStartTag(curName, selfClosing);
        }
        if (pendingSwitch >= 0) {
            tok.switchTo(pendingSwitch, curName);
            inRaw = pendingSwitch != Tokenizer.PLAINTEXT;
            pendingSwitch = -1;
        }
        if (pendingForeign) {
            pendingForeign = false;
            if (!selfClosing) {
                boolean svg = curName.equals("svg");
                pushForeign(svg ? ForeignStack.SVG : ForeignStack.MATH);
            }
        }
    }

    // ---- in body: frameset-ok and whether a later widget could be disturbed ----

    /**
     * The "in body" rules for a start tag, as far as they matter here: frameset-ok, the
     * tokenizer's state, foreign content. Answers whether the element stays open as an
     * HTML element (it is not void, not raw text its own end tag closes, not ignored in the
     * body, not svg or math).
     */
    private boolean bodyStartTag(long pos, String name) {
        switch (name) {
            case "area", "base", "basefont", "bgsound", "br", "embed", "hr", "img", "image",
                    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
                    "head", "body", "html" -> {
            }
            case "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes" -> {
            }
            default -> {
                if (scripting && !name.equals("noscript")) {
                    nonBenign(pos);
                } else {
                    openInBody(pos, name);
                }
            }
        }
        switch (name) {
            case "frameset" -> {
                if (!flipped) {
                    fail(Outcome.FRAMESET);
                }
            }
            case "title" -> pendingSwitch = Tokenizer.RCDATA;
            case "textarea" -> {
                pendingSwitch = Tokenizer.RCDATA;
                flip();
            }
            case "style", "noframes", "noembed" -> pendingSwitch = Tokenizer.RAWTEXT;
            case "xmp", "iframe" -> {
                pendingSwitch = Tokenizer.RAWTEXT;
                flip();
            }
            case "noscript" -> {
                if (!scripting) {
                    return true;
                }
                pendingSwitch = Tokenizer.RAWTEXT;
                noscript(BODY);
            }
            case "script" -> pendingSwitch = Tokenizer.SCRIPT;
            case "plaintext" -> {
                pendingSwitch = Tokenizer.PLAINTEXT;
                flip();
            }
            case "svg", "math" -> pendingForeign = true;
            case "area", "br", "embed", "img", "image", "keygen", "wbr", "hr" -> flip();
            case "pre", "listing", "li", "dd", "dt", "button", "applet", "marquee", "object",
                    "table", "select" -> {
                flip();
                return true;
            }
            case "input", "param", "source", "track", "base", "basefont", "bgsound", "link", "meta",
                    "frame", "head", "html", "body", "caption", "col", "colgroup", "tbody", "td",
                    "tfoot", "th", "thead", "tr" -> {
                // void, or ignored in the body ("<input>" sets frameset-ok to "not ok" unless
                // its type is hidden: not counted, keep guarding)
            }
            default -> {
                return true;
            }
        }
        return false;
    }

    /**
     * A start tag while svg or MathML is open, at its end: the "in foreign content" rules,
     * or at an integration point the "in body" ones. Followed exactly as long as no HTML
     * element stays open inside an integration point (what closes that, and what the
     * parser reopens there, would need the whole tree): then {@link #loseTrack}.
     */
    private void foreignStartTag(String name, boolean selfClosing) {
        byte top = foreign.top();
        boolean bodyRules = top == ForeignStack.SVG_HTML_POINT
                || top == ForeignStack.MATH_TEXT_POINT && !name.equals("mglyph") && !name.equals("malignmark");
        if (!bodyRules) {
            if (Names.breaksOutOfForeignContent(name) || name.equals("font") && fontBreaks) {
                popToIntegrationPoint();
                if (!inForeign()) {
                    bodyStartTag(curPos, name);
                    return;
                }
            } else if (name.equals("annotation-xml")) {
                // an HTML integration point or not by its encoding attribute
                loseTrack();
                return;
            } else {
                if (!selfClosing) {
                    pushForeign(ForeignStack.kind(ForeignStack.isSvg(top), name));
                }
                return;
            }
        }
        // At an integration point. A noscript's content is markup with scripting off.
        if (name.equals("noscript")) {
            unsure();
        } else if (bodyStartTag(curPos, name)) {
            loseTrack();
        }
    }

    /** Whether svg or MathML is open (the current node is foreign, or an integration point). */
    private boolean inForeign() {
        return foreign != null && foreign.size() > 0;
    }

    private void pushForeign(byte kind) {
        if (foreign == null) {
            foreign = new ForeignStack(); // bounded by what the rewriter holds back while guarding
        }
        foreign.push(curKey, kind);
        tok.cdataAllowed(true);
    }

    private boolean integrationPointOpen() {
        return inForeign() && foreign.integrationPointOpen();
    }

    /** Pops foreign elements until the current node is an integration point or HTML. */
    private void popToIntegrationPoint() {
        if (foreign != null) {
            foreign.popToIntegrationPoint();
        }
        if (!inForeign()) {
            tok.cdataAllowed(false);
        }
    }

    /**
     * Foreign content did what is not followed here: while a frameset could still replace the
     * body, the page passes through.
     */
    private void unsure() {
        if (!flipped) {
            fail(Outcome.FOREIGN_CONTENT);
        }
    }

    /**
     * From here on, whether the tree builder's current node is svg/MathML or HTML (and
     * which) is not known. Followed still, for what means the same under every reading:
     * text, and the start tags that break out of foreign content and set frameset-ok to
     * "not ok" in the body, set it; a frameset may be honoured; a tag that would switch the
     * tokenizer in HTML, or a CDATA section, would be read differently, and stops it.
     */
    private void loseTrack() {
        lost = true;
        if (foreign != null) {
            foreign.truncate(0);
        }
        // so that "<![CDATA[" is seen as such (see comment)
        tok.cdataAllowed(true);
    }

    private void lostStartTag(String name) {
        switch (name) {
            case "frameset" -> {
                if (!flipped) {
                    fail(Outcome.FRAMESET);
                }
            }
            case "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
                    "noscript", "plaintext" -> unsure();
            case "img", "br", "li", "dd", "dt", "table", "pre", "listing", "hr", "embed" -> flip();
            default -> {
            }
        }
    }

    private void bodyEndTag(long pos, String name) {
        if (lost) {
            return;
        }
        if (inForeign()) {
            if (name.equals("br") || name.equals("p")) {
                // They break out like the start tags above; then, at an integration point,
                // the body rules make an empty p or a br of them, neither left open.
                popToIntegrationPoint();
                return;
            }
            int k = foreign.lastIndexOf(curKey);
            if (k >= 0) {
                foreign.truncate(k);
                if (k == 0) {
                    tok.cdataAllowed(false);
                }
                return;
            }
            // No open svg/math element of that name: the body rules take the end tag. With an
            // integration point open they stop there (it is special, and a scope boundary),
            // but for "</template>", which closes a template below whatever is open. Without
            // one they may close an HTML element below the foreign ones ("<ul><math></ul>"
            // ends the math) or not. "</body>" and "</html>" only change the insertion mode,
            // to one whose tokens come back to these rules.
            if (name.equals("template") || !name.equals("body") && !name.equals("html") && !integrationPointOpen()) {
                loseTrack();
            }
            return;
        }
        switch (name) {
            // "</br>" acts as "<br>", which per the spec sets frameset-ok to "not ok";
            // nu.validator (and Gecko) do not, so it is not counted: keep guarding.
            case "body", "html", "template" -> nonBenign(pos);
            default -> {
                if (!scripting) {
                    closeInBody(pos, name);
                }
            }
        }
    }

    /** End of input; {@code end} is the position just after the last unit. */
    void eof(long end) {
        tok.eof();
        if (mode == BODY || failure != null) {
            return;
        }
        int st = tok.state();
        if (st == Tokenizer.DATA) {
            if (templateDepth > 0) {
                fail(Outcome.EOF_IN_TEMPLATE);
            } else if (!sawMarkup) {
                fail(Outcome.NO_BODY_FOUND);
            } else {
                enterBody(end);
            }
        } else if (Tokenizer.inTag(st)) {
            fail(Outcome.EOF_IN_TAG);
        } else if (st == Tokenizer.DOCTYPE) {
            fail(Outcome.EOF_IN_DOCTYPE);
        } else if (Tokenizer.inComment(st)) {
            fail(Outcome.EOF_IN_COMMENT);
        } else if (st == Tokenizer.PLAINTEXT) {
            fail(Outcome.PLAINTEXT_BEFORE_BODY);
        } else {
            fail(Outcome.EOF_IN_RAWTEXT);
        }
    }
}

package dev.helpline.core.html.internal;

import dev.helpline.core.html.PageWidget;
import dev.helpline.core.html.StopReason;
import dev.helpline.core.phone.PhoneNumber;

import static dev.helpline.core.html.internal.TagFlags.FLAGS;
import static dev.helpline.core.html.internal.TagFlags.ID_A;
import static dev.helpline.core.html.internal.TagFlags.ID_FONT;
import static dev.helpline.core.html.internal.TagFlags.ID_P;
import static dev.helpline.core.html.internal.TagFlags.PLAIN;


/**
 * Follows a page's body after the widget went in, for what goes into the body itself: the
 * helpline's numbers in text become links (followed by the disclosure trigger), other NANP
 * numbers are reported for the audit, and slots receive their fragment (the call-to-action
 * box, also placed after the N-th paragraph of article/main).
 *
 * <p>It runs the HTML5 tokenizer's states from the body's start (a token boundary in the
 * data state, as {@link Engine} guarantees), reading text and whole tags a write at a time
 * where it can ({@link #run}), and tag by tag through the {@link Tokenizer} where it must. It
 * coordinates the pieces that each do one job:
 * <ul>
 * <li>{@link BodyTree} (which it extends): where a place is in the tree, as far as linking
 *     and the box need it: the elements whose subtree is left alone, tables
 *     ({@link TableStack}), the blocks known open ({@link BlockStack}), paragraphs;</li>
 * <li>{@link NumberMatcher}: numbers in runs of text;</li>
 * <li>{@link Edits}: the queue of changes for the caller, in position order; {@code run}
 *     returns as soon as there is one, so that the caller writes them before going on;</li>
 * <li>{@link TagReader} and {@link TagFlags}: a whole tag in one write, and what its name
 *     means to the body rules;</li>
 * <li>{@link SlotRule}: the kinds of slot, their attribute and marker comment;</li>
 * <li>{@link ForeignStack}: svg and MathML;</li>
 * <li>a second scanner, the scripting-off twin, for a {@code <noscript>}'s second reading.</li>
 * </ul>
 *
 * <p>Where it cannot be sure (nested templates, {@code <plaintext>}, markup inside an svg
 * {@code <title>}/{@code <desc>}/{@code <foreignObject>} or a MathML text integration point, a
 * {@code <noscript>} whose content parses differently with scripting off, tables nested
 * deeper than followed), it stops changing the page for good ("poisoned"), with the
 * {@link StopReason} and offset of the construct ({@link #stopReason()}): every doubt costs
 * recall, never the host's tree.
 *
 * <p>The pieces with state are layers of this one object (BodyScanner extends BodyTree
 * extends NumberMatcher extends Edits), not objects it holds: it is made once per response,
 * and each object more would cost every response 16 to 32 bytes against an allocation budget
 * with 8 to spare, and an indirection on the checks every tag makes. The stacks are values
 * in its fields ({@link TableStack}, {@link BlockStack}: a {@code long} each).
 *
 * <p>About 770 lines: the coordinator's byte loop and its short way through whole tags, the
 * tokenizer's callbacks, the noscript's second reading, foreign content, slots and the edits
 * they queue. There are no char twins: a writer's chars reach it narrowed to bytes.
 *
 * <p>Not thread safe; one per response.
 */
public final class BodyScanner extends BodyTree implements Tokenizer.Sink {
    private static final int COMMENT_MAX = SlotRule.MARKER_MAX;
    private static final int FOREIGN_MAX = 64;

    private final Tokenizer tok;
    private final PageWidget widget;
    private final String htmlLang;
    /** The numbers to link. */
    private final InlineNumbers ours;
    private final String box;

    private boolean poisoned;

    /** Where the current tag begins. */
    private long tagPos;
    // the current start tag
    private String tagName = "";
    private boolean tagStart;
    private boolean tagSkip;
    /** The slot kind the current start tag's {@code data-helpline-slot} names, or null. */
    private SlotRule tagSlot;
    private boolean inRaw;

    // noscript: its content is raw text with scripting on and markup with it off
    private BodyScanner offMode;

    /** Whether a comment is being read to see whether it marks a slot ({@code <!-- helpline:cta -->}; {@link Rare#comment}). */
    private boolean commentCapture;

    // What a unit is to the loops that read text and tags (indexed by a byte; chars above 127
    // are none of these).
    /** Cannot be skipped in text: what can begin a number, '<' and '&'. */
    private static final boolean[] TEXT_STOP = new boolean[256];

    static {
        for (int c = 0; c < 128; c++) {
            TEXT_STOP[c] = NumberMatcher.START[c] || c == '<' || c == '&';
        }
    }

    /**
     * @param numbers the numbers to link ({@code widget.inlineNumbers()})
     * @param box the call-to-action box ({@code widget.ctaBox(htmlLang)}), or null
     * @param afterParagraph 0, or place the box after this many paragraphs of article/main
     * @param reuse a tokenizer no one uses any more (the engine's), taken over; or null
     */
    public BodyScanner(PageWidget widget, String htmlLang, InlineNumbers numbers, String box, int width,
                       int afterParagraph, Tokenizer reuse) {
        super(reuse != null ? reuse.width() : width, box == null ? 0 : afterParagraph);
        if (reuse != null) {
            reuse.restart(this);
            this.tok = reuse;
        } else {
            this.tok = new Tokenizer(this, width);
        }
        this.widget = widget;
        this.htmlLang = htmlLang;
        this.ours = numbers;
        this.box = box;
    }

    /** The scripting-off twin of {@code on}, which has just opened a noscript: observes only. */
    private BodyScanner(BodyScanner on) {
        super(on.tok.width(), on);
        this.tok = new Tokenizer(this, on.tok.width());
        this.widget = null;
        this.htmlLang = null;
        this.ours = InlineNumbers.NONE;
        this.box = null;
        if (on.foreignLen > 0) {
            poison(StopReason.NOSCRIPT_IN_FOREIGN_CONTENT, on.tagPos);
        }
    }

    /** Whether this is the scripting-off twin of a scanner in a noscript, which only observes. */
    private boolean twin() {
        return widget == null;
    }

    @Override
    boolean following() {
        return !poisoned && !twin();
    }

    @Override
    void boxAt(long at) {
        edit(at, box, at);
    }

    // ---- the caller's side ---------------------------------------------------------------

    /** Whether nothing more will be changed: the rest of the page can pass straight through. */
    public boolean done() {
        return poisoned && edits == 0;
    }

    /** Queues an edit ({@link Edits}), and tells the widget when it is the box. */
    private void edit(long at, String text, long resume) {
        if (queue(at, text, resume) && text == box) {
            widget.boxPlaced(); // the twin never edits: its box is null
        }
    }

    /** The first position that must not be written yet, or -1. */
    public long holdFrom() {
        if (poisoned) {
            return -1;
        }
        long h = -1;
        if (inRegion()) {
            h = heldFrom();
        }
        if (commentCapture) {
            h = h < 0 ? rare.commentPos : Math.min(h, rare.commentPos);
        } else if (slotsWanted()) {
            // a comment may be a slot's marker; a tag may close the paragraph the box goes after
            int s = tok.state();
            if (s == Tokenizer.TAG_OPEN || s == Tokenizer.MARKUP_DECL
                    || Tokenizer.pastTagOpen(s) && boxMayPrecedeTag()) {
                long t = tok.tokenStart();
                h = h < 0 ? t : Math.min(h, t);
            }
        }
        return h;
    }

    /** Why it stopped following the page, or null while it follows it. */
    public StopReason stopReason() {
        return rare == null || rare.stop == null ? null : rare.stop.reason();
    }

    /** Where the construct it stopped at begins (units from the page's start), or -1. */
    public long stopOffset() {
        return rare == null || rare.stop == null ? -1 : rare.stop.at();
    }

    /** Stops at the tag being read. */
    @Override
    void poison(StopReason reason) {
        poison(reason, tagPos);
    }

    /**
     * Stops changing the page, for {@code reason}, at the construct that begins at {@code at};
     * what is held may be written as it is. Only the first stop is reported.
     */
    public void poison(StopReason reason, long at) {
        Rare r = rare();
        if (r.stop == null) {
            r.stop = new Stop(reason, at);
        }
        poisoned = true;
        drop();
        commentCapture = false;
        offMode = null;
    }

    // ---- feeding ----------------------------------------------------------------------------

    /**
     * Feeds {@code b[i..end)} (unit width 1, {@code b[k]} at {@code base + k}); returns the
     * index of the first unit not consumed: at the end, or right after a unit that queued
     * edits.
     */
    public int run(byte[] b, int i, int end, long base) {
        while (i < end && edits == 0 && !poisoned) {
            if (offMode != null || commentCapture || tok.state() != Tokenizer.DATA) {
                i = markup(b, i, end, base);
                continue;
            }
            int c;
            if (inRegion()) {
                int j = i;
                while (j < end && NumberMatcher.REGION[b[j] & 0xFF]) {
                    j++;
                }
                i = add(b, i, j);
                if (i == end || edits > 0) {
                    break;
                }
                c = b[i] & 0xFF;
                if (c != '<' && c != '&') {
                    endRegion(c);
                    last(c);
                    i++;
                    continue;
                }
            } else {
                // Text: one look at each unit that can neither begin a number nor end the run.
                int j = i;
                while (j < end && !TEXT_STOP[b[j] & 0xFF]) {
                    j++;
                }
                if (j > i) {
                    last(b[j - 1]);
                    i = j;
                    if (i == end) {
                        break;
                    }
                }
                c = b[i] & 0xFF;
                if (c != '<' && c != '&') {
                    start(c, base + i);
                    i++;
                    continue;
                }
            }
            int k = c == '<' ? fastTag(b, i, end, base) : reference(b, i, end);
            if (k > 0) {
                i = k;
                continue;
            }
            endRun();
            tok.feed(c, base + i);
            i++;
        }
        return i;
    }

    /**
     * A character reference at {@code b[i]} ('&' in the data state), read in one go
     * ({@link TagReader#referenceEnd}): it ends the run of text, and that is all it does
     * here. Answers the index after it, or -1 when this write ends before it does.
     */
    private int reference(byte[] b, int i, int end) {
        int k = TagReader.referenceEnd(b, i, end);
        if (k > 0) {
            endRun();
            last('&');
        }
        return k;
    }

    /** Outside text, or while a noscript or a comment is followed: the tokenizer, unit by unit, skipping what it ignores. */
    private int markup(byte[] b, int i, int end, long base) {
        if (offMode == null && !commentCapture) {
            i = tok.skipIgnored(b, i, end);
            if (i == end) {
                return i;
            }
        }
        feed(b[i] & 0xFF, base + i);
        return i + 1;
    }

    /**
     * A whole tag at {@code b[i]} ('<' in the data state), read in one go: the common case,
     * where the tokenizer's unit-by-unit states would cost most of the time. Answers the
     * index after its '>', or -1 (the tag is not all in this write, is a comment or the
     * like, or has an attribute that matters): then the tokenizer takes it.
     */
    private int fastTag(byte[] b, int i, int end, long base) {
        int k = i + 1;
        if (k >= end) {
            return -1;
        }
        boolean endTag = b[k] == '/';
        k += endTag ? 1 : 0;
        if (k >= end) {
            return -1;
        }
        int c = b[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return -1;
        }
        int nameStart = k;
        while (++k < end && !TagReader.NAME_END[b[k] & 0xFF]) {
            // the name
        }
        if (k >= end) {
            return -1;
        }
        int len = k - nameStart;
        int id = len < 8 && nameStart + 8 <= end ? TagReader.shortNameId(b, nameStart, len) : TagReader.nameId(b, nameStart, len);
        if (!endTag && foreignLen > 0 && id == ID_FONT) {
            return -1; // its color, face or size decide whether it breaks out of svg or math
        }
        boolean closing = false;
        if (b[k] == '>') {
            k++;
        } else {
            int read = TagReader.attributes(b, k, end, !endTag);
            if (read < 0) {
                return -1;
            }
            k = read >>> 1;
            closing = (read & 1) != 0;
        }
        if (!tag(endTag, id, base + i, base + k)) {
            keyedTag(endTag, id, closing, base + i, base + k, TagReader.key(b, nameStart, len));
        }
        return k;
    }

    /**
     * What a tag read by fastTag does, in the contexts where that needs neither its
     * attributes nor its name's key; false: call {@link #keyedTag}. Kept small, with the
     * cases of p and a in methods of their own, so that the compiler inlines it into
     * fastTag (as one method it was too big to be, and every tag paid a call).
     */
    private boolean tag(boolean endTag, int id, long pos, long after) {
        if (offMode != null || keyedContext()) {
            return false;
        }
        // The tag ends the run of text, whichever way it is read: a number before it is
        // reported before what the tag does (edits go in position order).
        endRun();
        if (id == ID_P) {
            return endTag ? paragraphEndTag() : paragraphStartTag(pos);
        }
        if (id == ID_A) {
            return endTag ? anchorEndTag() : anchorStartTag();
        }
        int f = id < 0 ? PLAIN : FLAGS[id];
        if ((f & PLAIN) == 0) {
            return false;
        }
        plainTag(endTag, f, pos, after);
        return true;
    }

    /** A tag read by fastTag, the long way: as if the tokenizer had reported it. */
    private void keyedTag(boolean endTag, int id, boolean closing, long pos, long after, long key) {
        String name = id < 0 ? "" : Names.name(id);
        curFlags = id < 0 ? PLAIN : FLAGS[id];
        if (endTag) {
            onEndTag(pos, name, key);
            tagEnd(after, false);
        } else {
            onStartTag(pos, name, key);
            tagEnd(after, closing);
        }
    }

    /** One unit (any width). */
    public void feed(int c, long pos) {
        if (poisoned) {
            return;
        }
        if (offMode != null) {
            offMode.feed(c, pos);
        }
        if (tok.state() == Tokenizer.DATA && !commentCapture) {
            if (c == '<' || c == '&') {
                endRun();
                tok.feed(c, pos);
            } else {
                unit(c, pos);
            }
            return;
        }
        boolean capturing = commentCapture;
        tok.feed(c, pos);
        if (capturing && commentCapture) {
            if (rare.commentLen < COMMENT_MAX) {
                rare.comment[rare.commentLen++] = (char) c;
                if (tok.state() == Tokenizer.DATA) {
                    commentCapture = false;
                    commentEnded(pos + tok.width());
                }
            } else {
                commentCapture = false;
            }
        }
    }

    /** End of the page. */
    public void eof() {
        if (poisoned) {
            return;
        }
        endRun();
        commentCapture = false;
    }

    // ---- text and numbers -----------------------------------------------------------------

    /** A number the matcher found: linked, left (and reported) or audited. */
    @Override
    boolean number(long national, long start, long end) {
        PhoneNumber number = ours.find(national);
        if (number == null) {
            audit(national);
        } else if (linkable()) {
            edit(start, widget.numberOpen(number, htmlLang), start);
            edit(end, widget.numberClose(number, htmlLang), end);
        } else if (!twin()) {
            widget.numberLeft(number, whyLeft());
        }
        return edits > 0;
    }

    private void audit(long national) {
        if (twin()) {
            return;
        }
        // Every number looked at once per page, valid or not: a page repeating an invalid
        // one must not pay for libphonenumber each time.
        Rare seen = rare();
        for (int k = 0; k < seen.reportedLen; k++) {
            if (seen.reported[k] == national) {
                return;
            }
        }
        if (seen.reported == null) {
            seen.reported = new long[4];
        } else if (seen.reportedLen == seen.reported.length) {
            if (seen.reportedLen >= 1024) {
                return; // a directory of numbers: the audit has seen enough of this page
            }
            seen.reported = java.util.Arrays.copyOf(seen.reported, seen.reportedLen * 2);
        }
        seen.reported[seen.reportedLen++] = national;
        String masked = ours.masked(national);
        if (masked != null) {
            widget.otherNumber(masked);
        }
    }

    // ---- slots --------------------------------------------------------------------------------

    /**
     * The fragment slots of that kind receive on this page, or null: the widget's, asked once
     * when the body began. The one place that maps a {@link SlotRule} to what goes in.
     */
    private String fragment(SlotRule kind) {
        return kind == SlotRule.CTA ? box : null;
    }

    /** Whether some kind of slot has a fragment on this page (else none is looked for). */
    private boolean slotsWanted() {
        for (SlotRule kind : SlotRule.ALL) {
            if (fragment(kind) != null) {
                return true;
            }
        }
        return false;
    }

    /** A slot of that kind at {@code at}, the host's units going on at {@code resume} (past a marker comment). */
    private void fill(SlotRule kind, long at, long resume) {
        if (kind != null && fillable()) {
            edit(at, fragment(kind), resume);
        }
    }

    @Override
    public void character(long pos, int c, boolean runStart) {
        if (pos != tok.tokenStart()) {
            // The unit that ended a reference without ';', or followed a '<' that opened no
            // tag, reconsumed in the data state: text like any other.
            unit(c, pos);
            return;
        }
        // '<' that opens no tag, or a character reference: never part of a number
        endRun();
        last('&');
    }

    @Override
    public void comment(long pos) {
        endRun();
        if (tok.state() == Tokenizer.COMMENT_START && foreignLen == 0 && slotsWanted()) {
            commentCapture = true;
            Rare r = rare();
            r.commentPos = pos;
            r.commentLen = 0;
            if (r.comment == null) {
                r.comment = new char[COMMENT_MAX];
            }
        }
    }

    private void commentEnded(long end) {
        if (!afterBody()) {
            fill(SlotRule.ofComment(rare.comment, rare.commentLen), rare.commentPos, end);
        }
    }

    @Override
    public void doctype(long pos) {
        endRun();
    }

    @Override
    public void attribute(char[] name, int nameLen, byte[] value, int valueLen) {
        // The buffer holds the first 16 units: "data-helpline-sk..." and "-sl..." differ there.
        if (nameLen == 18 && startsWith(name, "data-helpline-sk")) {
            tagSkip = true;
        } else if (SlotRule.isAttribute(name, nameLen)) {
            SlotRule kind = SlotRule.ofAttribute(value, valueLen);
            if (kind != null) {
                tagSlot = kind;
            }
        } else if (foreignLen > 0 && tagName.equals("font") && (nameLen == 5 && startsWith(name, "color")
                || nameLen == 4 && (startsWith(name, "face") || startsWith(name, "size")))) {
            rare.fontBreaks = true;
        }
    }

    private static boolean startsWith(char[] buf, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (buf[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The current tag's {@link Tokenizer#nameKey()}. */
    private long curKey;

    @Override
    public void startTag(long pos, String name) {
        curFlags = TagFlags.ofName(name);
        onStartTag(pos, name, tok.nameKey());
    }

    private void onStartTag(long pos, String name, long key) {
        curKey = key;
        tagPos = pos;
        endRun();
        tagName = name;
        tagStart = true;
        tagSkip = false;
        tagSlot = null;
        if (rare != null) {
            rare.fontBreaks = false;
        }
        // Only data-helpline-* matters, and font's color/face/size inside svg or math.
        if (foreignLen > 0 && name.equals("font")) {
            tok.captureAttributes(true);
        } else {
            tok.captureAttributesStartingWith('d');
            if (name.equals(SlotRule.ELEMENT) && slotsWanted()) {
                tok.captureValues(true);
            }
        }
    }

    @Override
    public void endTag(long pos, String name) {
        curFlags = TagFlags.ofName(name);
        onEndTag(pos, name, tok.nameKey());
    }

    private void onEndTag(long pos, String name, long key) {
        curKey = key;
        tagPos = pos;
        endRun();
        tagStart = false;
        tagName = name;
        if (inRaw) {
            inRaw = false;
            if (name.equals("noscript") && !twin()) {
                noscriptEnded(pos);
            }
            return;
        }
        if (twin() && name.equals("noscript")) {
            rare().lastNoscriptEnd = pos;
        }
        if (ignoredInSelect(name)) {
            return;
        }
        skipEnd(curKey);
        if (foreignLen > 0) {
            foreignEnd(name);
            return;
        }
        endTagInBody(name, curFlags, tagPos);
    }

    @Override
    public void tagEnd(long end, boolean selfClosing) {
        tagEnded(end);
        if (!tagStart) {
            return;
        }
        tagStart = false;
        String name = tagName;
        if (foreignLen > 0) {
            foreignStart(name, selfClosing, end);
            return;
        }
        htmlStart(name, selfClosing, end);
    }

    /** The current tag's flags (set with its name). */
    private int curFlags;

    /** An HTML start tag (outside svg/math), ending at {@code end}. */
    private void htmlStart(String name, boolean selfClosing, long end) {
        if (inSelect()) {
            if (name.equals("script")) {
                switchTo(Tokenizer.SCRIPT, name);
            } else if (startTagInSelect(name)) {
                htmlStartOutsideSelect(name, selfClosing, end);
            }
            return;
        }
        htmlStartOutsideSelect(name, selfClosing, end);
    }

    private void htmlStartOutsideSelect(String name, boolean selfClosing, long end) {
        int f = curFlags;
        if (!startTagInBody(name, f, tagPos)) {
            return;
        }
        // what the tree does not follow: raw text, the noscript's second reading, svg/math
        switch (name) {
            case "textarea", "title" -> switchTo(Tokenizer.RCDATA, name);
            case "style", "xmp", "iframe", "noembed", "noframes" -> switchTo(Tokenizer.RAWTEXT, name);
            case "script" -> switchTo(Tokenizer.SCRIPT, name);
            case "noscript" -> {
                if (!twin()) {
                    switchTo(Tokenizer.RAWTEXT, name);
                    offMode = new BodyScanner(this);
                }
            }
            case "plaintext" -> poison(StopReason.PLAINTEXT);
            case "svg", "math" -> {
                if (!selfClosing) {
                    push(curKey, name.equals("svg") ? ForeignStack.SVG : ForeignStack.MATH);
                }
            }
            default -> {
            }
        }
        if (!skipStart(tagSkip && !inRaw, f, curKey, name)) {
            return;
        }
        if (name.equals(SlotRule.ELEMENT)) {
            fill(tagSlot, end, end);
        }
    }

    private void switchTo(int state, String name) {
        tok.switchTo(state, name);
        inRaw = true;
    }

    private void noscriptEnded(long pos) {
        BodyScanner off = offMode;
        offMode = null;
        if (off == null) {
            return;
        }
        if (off.poisoned || off.rare == null || off.rare.lastNoscriptEnd != pos || off.tok.state() != Tokenizer.BEFORE_ATTR_NAME
                && off.tok.state() != Tokenizer.DATA && off.tok.state() != Tokenizer.SELF_CLOSING || !sameOpen(off)) {
            poison(StopReason.NOSCRIPT_SCRIPTING_DEPENDENT, pos);
        }
    }

    // ---- foreign content ------------------------------------------------------------------

    private void push(long key, byte kind) {
        Rare r = rare();
        if (r.foreign == null) {
            r.foreign = new ForeignStack();
        }
        if (foreignLen >= FOREIGN_MAX) {
            poison(StopReason.FOREIGN_TOO_DEEP);
            return;
        }
        r.foreign.push(key, kind);
        foreignLen++;
        tok.cdataAllowed(true);
    }

    private void foreignStart(String name, boolean selfClosing, long end) {
        byte top = rare.foreign.top();
        if (ForeignStack.isIntegrationPoint(top)) {
            // markup inside an svg title/desc/foreignObject or a MathML text integration point
            poison(StopReason.MARKUP_IN_INTEGRATION_POINT);
            return;
        }
        if (Names.breaksOutOfForeignContent(name) || (name.equals("font") && rare.fontBreaks)) {
            foreignLen = 0;
            rare.foreign.truncate(0);
            tok.cdataAllowed(false);
            htmlStart(name, selfClosing, end);
            return;
        }
        if (name.equals("annotation-xml")) {
            poison(StopReason.ANNOTATION_XML);
            return;
        }
        if (!selfClosing) {
            // the namespace of the element it is in: that of the svg or math element around all
            push(curKey, ForeignStack.kind(ForeignStack.isSvg(top), name));
        }
    }

    private void foreignEnd(String name) {
        int k = rare.foreign.lastIndexOf(curKey);
        if (k >= 0) {
            rare.foreign.truncate(k);
            foreignLen = (byte) k;
            if (k == 0) {
                tok.cdataAllowed(false);
            }
            return;
        }
        // No foreign element of that name: the HTML rules take the end tag, which may pop the
        // foreign elements (an HTML element of that name below them) or not (a special one
        // first, or none at all); "</p>" and "</br>" break out in some parsers and not in
        // others. Not followed.
        poison(StopReason.FOREIGN_END_TAG_UNMATCHED);
    }
}

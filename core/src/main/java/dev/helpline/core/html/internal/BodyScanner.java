package dev.helpline.core.html.internal;

import dev.helpline.core.html.PageWidget;
import dev.helpline.core.html.StopReason;
import dev.helpline.core.phone.PhoneNumber;


/**
 * Follows a page's body after the widget went in, for what goes into the body itself: the
 * helpline's numbers in text become links (followed by the disclosure trigger), other NANP
 * numbers are reported for the audit, and call-to-action slots receive the box.
 *
 * <p>It runs the HTML5 tokenizer's states from the body's start (a token boundary in the
 * data state, as {@link Engine} guarantees) and keeps just enough of the tree builder to know
 * whether a place is plain "in body" flow: counters for the elements whose subtrees are left
 * alone (a, button, label, select/option, template, object/applet/marquee, svg/math,
 * {@code data-helpline-skip}), whether a p or a heading is open, and the article/main depth.
 *
 * <p>Tables: for each open table (at most {@link #TABLES_MAX}, one in another's cell), the
 * parser's insertion mode as far as it matters here: in a cell or the caption, whose content
 * is parsed as the body is, within the cell's own scope (the cell is flow again, and is
 * linked); or at the table level ("in table", "in table body", "in row", "in column
 * group"), where text and other elements are foster-parented in front of the table (never
 * linked). The tags that open and end cells (a td after a td, a tr, tbody, caption or col
 * start, a {@code </tr>}, {@code </tbody>} when that row group is open, {@code </table>})
 * follow the spec's rules; a cell's end pops what it opened. A table's cells are left alone
 * when the table began where text is not linked (in an {@code <a>}, a button, a skipped
 * element: then the cells of a table around it too, whose cell its end could not restore)
 * or when something counted as open at its table level (foster-parented) could not be told
 * from what a cell opened; a table inside a template's content is only counted.
 *
 * <p>The box after the N-th paragraph of article/main: a paragraph ends at its {@code </p>},
 * or where a tag closes it implicitly: a start tag that closes a p in button scope (the
 * next {@code <p>}, a div, a heading, a list...; not a form, which the parser may ignore),
 * or the end tag of a block element known to hold it ({@code </div>}, {@code </article>},
 * {@code </li>}...: see {@link #BLOCK_NAMES}). There the box goes right before that tag:
 * its div closes the p just as the tag would have.
 *
 * <p>Where that bookkeeping cannot be sure (nested templates, {@code <plaintext>}, markup inside
 * an svg {@code <title>}/{@code <desc>}/{@code <foreignObject>} or a MathML text integration
 * point, a {@code <noscript>} whose content parses differently with scripting off, tables
 * nested deeper than followed), it stops changing the page for good ("poisoned"), with the
 * {@link StopReason} and offset of the construct ({@link #stopReason()}): every doubt costs
 * recall, never the host's tree.
 *
 * <p>What is a number in text: {@code 800-601-3889}, {@code (800) 601-3889},
 * {@code 800.601.3889}, {@code 800 601 3889}, {@code 1-800-601-3889}, {@code +1 800 601 3889}
 * (separators '-', '.', ' '; the area code in parentheses may be followed by one space or
 * none; "+1" by one separator or none). Within one run of text: markup, a comment or a
 * character reference ends a run, so a number is never matched across them, nor when one of
 * its characters is written as a reference. Not a match when the text right before it is an
 * ASCII letter or digit, '+', or a digit and a separator ({@code 555-800-601-3889},
 * {@code +44 800 601 3889}), or right after it an ASCII letter or digit, or '-'/'.' and a
 * digit ({@code 1800-601-38890}, {@code 800-601-3889x}). Non-ASCII characters (no-break
 * space, CJK) count as boundaries. Ten digits without separators are not matched.
 *
 * <p>Edits are queued ({@link #edits()}) in position order; {@code run} returns as soon as
 * there is one, so that the caller writes them before going on.
 *
 * <p>What it leaves to others: finding numbers in text ({@link NumberMatcher}, which it
 * extends), whole tags in one write ({@link TagReader}), svg/MathML ({@link ForeignStack}),
 * slot kinds ({@link SlotRule}), tag by tag the {@link Tokenizer}.
 *
 * <p>Why it is still this long (about 2,000 lines): the tree bookkeeping (links, buttons,
 * tables and their cells, blocks known open, paragraphs for the box, templates, noscript's
 * second reading) is one set of counters that every tag reads and most tags change, and
 * they must stay fields of this one object: a per-response object per concern would cost
 * 16 to 32 bytes each against an allocation budget with 8 to spare, and splitting the
 * counters across objects adds an indirection to the per-tag checks of the fast path. The
 * next cuts are the table rules and the block stack as code over packed words (as
 * {@link TagReader} is over bytes), and the char twins of the byte loops ({@code run},
 * {@code reference}, {@code fastTag}), which go when the Writer path feeds bytes.
 *
 * <p>Not thread safe; one per response.
 */
public final class BodyScanner extends NumberMatcher implements Tokenizer.Sink {
    private static final int COMMENT_MAX = SlotRule.MARKER_MAX;
    private static final int FOREIGN_MAX = 64;

    private final Tokenizer tok;
    private final PageWidget widget;
    private final String htmlLang;
    /** The numbers to link. */
    private final InlineNumbers ours;
    private final String box;
    private final int afterParagraph;

    private boolean poisoned;

    // ---- edits ------------------------------------------------------------------------
    // The first two in fields (a link is two edits), any more in arrays made when needed.
    private int edits;
    private long at0, resume0, at1, resume1;
    private String text0, text1;

    // ---- the bookkeeping of where we are --------------------------------------------------
    private int aDepth;
    private int aLevel;
    /**
     * Special (block-like) elements opened inside the open {@code <a>} and not closed: an
     * {@code </a>} then runs the adoption agency with a "furthest block", which clones the
     * {@code <a>} into it, and past eight levels leaves one open; not followed, so it stops
     * the page.
     */
    private int specialInA;
    private int buttonDepth;
    private int labelDepth;
    private boolean select;
    private boolean option;
    private boolean template;
    /** Tables open (those of a template's content too, which {@link #tables} does not follow). */
    private int tableDepth;
    /**
     * The state of each open table, a byte each, the innermost in the low byte (see
     * {@link #IN_TD} and on): whether the parser is in one of its cells or its caption, whose
     * content it parses with the body's rules ("in cell", "in caption"), or at its table
     * level ("in table", "in table body", "in row", "in column group"), where text and other
     * elements are foster-parented; which row group is open; whether its cells may be linked.
     */
    private long tables;
    private int scopeDepth;
    private int skipDepth;
    private long skipKey;
    private boolean pOpen;
    /**
     * The open p began inside a link (a teaser card's text) or a button: not a paragraph the
     * box counts (a p in a button may also stay open here after the button closed it).
     */
    private boolean pUncounted;
    private boolean headingOpen;
    private int articleDepth;
    /** After {@code </body>} or {@code </html>}: a comment there belongs to the html element, not the body. */
    private boolean afterBody;
    private int paragraphs;
    /** The box went in after a paragraph (slots are filled wherever they are). */
    private boolean placed;
    /**
     * The block elements known to be open in the body's flow (those of {@link #BLOCK_NAMES}:
     * div, article, li, a heading...), a code each, the innermost in the low byte: those
     * opened since the scanner last lost track of them, at most {@link #BLOCKS_MAX}. Followed
     * only while the box is due after a paragraph, to know that an end tag such as
     * {@code </div>} pops the p open in one of them (the box may then go right before it).
     */
    private long blocks;
    private byte blocksLen; // at most BLOCKS_MAX
    /** Where the current tag begins. */
    private long tagPos;
    /** How many svg/math elements are open ({@link Rare#foreign}). */
    private byte foreignLen; // rare.foreign.size(), at most FOREIGN_MAX: a field for the checks every tag makes

    // the current start tag
    private String tagName = "";
    private boolean tagStart;
    private boolean tagSkip;
    private boolean tagSlot;
    private boolean inRaw;

    // noscript: its content is raw text with scripting on and markup with it off
    private BodyScanner offMode;

    /** Whether a comment is being read to see whether it is {@code <!-- helpline:cta -->} ({@link Rare#comment}). */
    private boolean commentCapture;

    private Rare rare;

    /**
     * What the bodies of most pages never need, made the first time it is: a comment read
     * to see whether it is a CTA marker, snapshots at a table or template, the svg/math
     * elements open, the numbers already audited, edits beyond two.
     */
    private static final class Rare {
        long commentPos;
        char[] comment;
        int commentLen;
        // snapshots taken where a table or template opens (their end pops what they hold)
        OpenCounts snapTable;
        OpenCounts snapTemplate;
        ForeignStack foreign;
        /** The current start tag is a font with color, face or size (it breaks out of svg or math). */
        boolean fontBreaks;
        long[] reported;
        int reportedLen;
        /** Edit k + 2 is at {@code more[2k]}, resumes at {@code more[2k + 1]}. */
        long[] more;
        String[] moreText;
        /** The twin's last {@code </noscript>}. */
        long lastNoscriptEnd = -1;
        /**
         * The level of the one link opened inside the open link in a scope of its own (an
         * object, a cell), -1 if none or not known; and how many special elements were open
         * in the links when it began.
         */
        int innerALevel = -1;
        int innerASpecial;
        /** Why and where it stopped following the page (the first stop), or null. */
        Stop stop;
    }

    private record Stop(StopReason reason, long at) {
    }

    private Rare rare() {
        if (rare == null) {
            rare = new Rare();
        }
        return rare;
    }

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
        super(reuse != null ? reuse.width() : width);
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
        this.afterParagraph = box == null ? 0 : afterParagraph;
    }

    /** The scripting-off twin of {@code on}, which has just opened a noscript: observes only. */
    private BodyScanner(BodyScanner on) {
        super(on.tok.width());
        this.tok = new Tokenizer(this, on.tok.width());
        this.widget = null;
        this.htmlLang = null;
        this.ours = InlineNumbers.NONE;
        this.box = null;
        // counts paragraphs as on does (never placing a box), to follow the same blocks
        this.afterParagraph = on.afterParagraph;
        this.paragraphs = on.paragraphs;
        this.placed = on.placed;
        restore(on.counters());
        if (on.rare != null) {
            // the ends of a table or template begun before the noscript restore these
            rare().snapTable = on.rare.snapTable;
            rare.snapTemplate = on.rare.snapTemplate;
        }
        if (on.foreignLen > 0) {
            poison(StopReason.NOSCRIPT_IN_FOREIGN_CONTENT, on.tagPos);
        }
    }

    /** Whether this is the scripting-off twin of a scanner in a noscript, which only observes. */
    private boolean twin() {
        return widget == null;
    }

    // ---- the caller's side ---------------------------------------------------------------

    /** Whether nothing more will be changed: the rest of the page can pass straight through. */
    public boolean done() {
        return poisoned && edits == 0;
    }

    public int edits() {
        return edits;
    }

    public long editAt(int i) {
        return i == 0 ? at0 : i == 1 ? at1 : rare.more[2 * (i - 2)];
    }

    /** Where the host's units resume after edit {@code i} (after a replaced comment), else {@link #editAt(int)}. */
    public long editResume(int i) {
        return i == 0 ? resume0 : i == 1 ? resume1 : rare.more[2 * (i - 2) + 1];
    }

    public String editText(int i) {
        return i == 0 ? text0 : i == 1 ? text1 : rare.moreText[i - 2];
    }

    public void clearEdits() {
        text0 = null;
        text1 = null;
        for (int i = 2; i < edits; i++) {
            rare.moreText[i - 2] = null;
        }
        edits = 0;
    }

    private void edit(long at, String text, long resume) {
        if (text == null || text.isEmpty() && resume == at) {
            return;
        }
        if (text == box) {
            widget.boxPlaced(); // the twin never edits: its box is null
        }
        if (edits == 0) {
            at0 = at;
            resume0 = resume;
            text0 = text;
        } else if (edits == 1) {
            at1 = at;
            resume1 = resume;
            text1 = text;
        } else {
            int k = edits - 2;
            Rare r = rare();
            if (r.moreText == null) {
                r.more = new long[4];
                r.moreText = new String[2];
            } else if (k == r.moreText.length) {
                r.more = java.util.Arrays.copyOf(r.more, 4 * k);
                r.moreText = java.util.Arrays.copyOf(r.moreText, 2 * k);
            }
            r.more[2 * k] = at;
            r.more[2 * k + 1] = resume;
            r.moreText[k] = text;
        }
        edits++;
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
        } else if (box != null) {
            // a comment may be a CTA marker; a tag may close the paragraph the box goes after
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
    private void poison(StopReason reason) {
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
     * A character reference at {@code b[i]} ('&' in the data state), read in one go: it
     * ends the run of text, and that is all it does here. Answers the index after it, or
     * -1 when this write ends before it does.
     */
    private int reference(byte[] b, int i, int end) {
        int k = i + 1;
        if (k >= end) {
            return -1;
        }
        int c = b[k];
        if (c == '#') {
            k++;
            boolean hex = false;
            int digits = 0;
            for (; k < end; k++) {
                c = b[k];
                if (c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                    digits++;
                } else if ((c == 'x' || c == 'X') && !hex && digits == 0) {
                    hex = true;
                } else {
                    break;
                }
            }
            if (k >= end) {
                return -1;
            }
            if (digits == 0) {
                c = 0; // "&#;": the ';' is text
            }
        } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            do {
                if (++k >= end) {
                    return -1;
                }
                c = b[k];
            } while (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9');
        } else {
            c = 0; // "&" alone: what follows is text
        }
        endRun();
        last('&');
        // A ';' ends it and is part of it; any other unit is read again, as text or markup.
        return c == ';' ? k + 1 : k;
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
        if (skipDepth != 0 || foreignLen != 0 || select || template || offMode != null) {
            return false;
        }
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
        // a plain tag: only what the flags say
        endRun();
        if (endTag) {
            endTagByFlags(f, pos);
            if (pendingBoxAtTagEnd) {
                tagEnd(after, false);
            }
        } else {
            startTagByFlags(f, pos);
        }
        return true;
    }

    // The two commonest tags that are not plain, in flow where no object is open.

    private boolean paragraphStartTag(long pos) {
        if (aDepth == 0 && inFlow() && scopeDepth == 0) {
            endRun();
            startTagByFlags(FLAGS[ID_P], pos);
            pOpen = true;
            pUncounted = buttonDepth > 0;
            return true;
        }
        return false;
    }

    private boolean paragraphEndTag() {
        if (aDepth == 0 && inFlow() && scopeDepth == 0 && buttonDepth == 0 && !pendingBoxAtTagEnd
                && (afterParagraph == 0 || placed || articleDepth == 0)) {
            // and no paragraph to count for the box (a stray </p> makes one too)
            endRun();
            pOpen = false;
            return true;
        }
        return false;
    }

    private boolean anchorStartTag() {
        if (aDepth == 0 && tableDepth == 0 && scopeDepth == 0) {
            endRun();
            afterBody = false;
            aDepth = 1;
            aLevel = 0;
            specialInA = 0;
            return true;
        }
        return false;
    }

    private boolean anchorEndTag() {
        if (aDepth == 1 && specialInA == 0 && aLevel == 0 && tableDepth == 0 && scopeDepth == 0) {
            endRun();
            aDepth = 0;
            return true;
        }
        return false;
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

    /** Why text here is not linked (a constant: nothing is built per number). */
    private String whyLeft() {
        if (skipDepth > 0) {
            return "under data-helpline-skip";
        } else if (foreignLen > 0) {
            return "in svg or MathML";
        } else if (aDepth > 0) {
            return "in a link";
        } else if (buttonDepth > 0) {
            return "in a button";
        } else if (labelDepth > 0) {
            return "in a label";
        } else if (select || option) {
            return "in a select";
        } else if (template) {
            return "in a template";
        } else if (scopeDepth > 0) {
            return "in an object, applet or marquee";
        } else if (tableDepth > 0 && !inContent()) {
            return "in a table outside its cells";
        }
        return "in a table whose cells are left alone";
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

    // ---- where we are ---------------------------------------------------------------------

    /**
     * Which list of active formatting elements, between markers, an {@code <a>} is in: each
     * table, each cell or caption (a marker), each object-like element and the template
     * (markers too) count.
     */
    private int level() {
        return 2 * tableDepth + (inContent() ? 1 : 0) + scopeDepth + (template ? 1 : 0);
    }

    /**
     * Whether none of the elements whose subtree is left alone is open: a (or one left in the
     * list of active formatting elements), button, label, select, option, template, an
     * object-like element, svg/math, one with {@code data-helpline-skip}.
     */
    private boolean nothingOpen() {
        return aDepth == 0 && buttonDepth == 0 && labelDepth == 0 && !select && !option && !template
                && scopeDepth == 0 && foreignLen == 0 && skipDepth == 0;
    }

    /** Whether text here is linked: nothing open that is left alone, and outside tables or in a followed cell. */
    private boolean linkable() {
        return !poisoned && !twin() && nothingOpen() && (tableDepth == 0 || cellLinkable());
    }

    private boolean boxable() {
        return box != null && linkable() && !pOpen && !headingOpen;
    }

    /**
     * Whether this is "in body" flow, where a p or a heading opens and closes as outside
     * tables: outside tables, or in the innermost table's open cell or caption.
     */
    private boolean inFlow() {
        return tableDepth == 0 || inContent();
    }

    // ---- tables -------------------------------------------------------------------------------
    //
    // A cell's content is parsed with the body's rules, but within its own scope: a p, a
    // heading, a button outside the cell are out of scope there, and the td's marker in the
    // list of active formatting elements keeps an <a> opened before it from being
    // reconstructed in it. The cell's end pops all it holds and clears that list back to the
    // last marker (see endContent). So a cell is linked as the body is, if the table began
    // where text is linked (an <a>, a button, a skipped element around a table is around its
    // cells too) and nothing was counted open when the cell began (what the table level left
    // open, foster-parented, the cell's end could not be told from what the cell opened). At
    // the table level, text and elements are foster-parented: never linked. A caption is
    // parsed as a cell is.

    /** At most this many tables nested in each other's cells are followed; one more stops the scanner. */
    private static final int TABLES_MAX = 8;
    // A table's byte in tables: what is open in it...
    private static final int IN_TD = 1, IN_TH = 2, IN_CAPTION = 3, CONTENT = 3;
    // ...which row group (a </tbody> ends a cell only in a tbody, and is ignored in a thead)...
    private static final int TBODY = 4, THEAD = 8, TFOOT = 12, GROUP = 12;
    /** ...whether its cells may be linked... */
    private static final int FOLLOWED = 16;
    /** ...and whether a p or a heading was open in the cell where it began, as it is again after its end. */
    private static final int OUTER_P = 32, OUTER_HEADING = 64;

    /** The innermost table's byte. */
    private int table() {
        return (int) tables & 0xFF;
    }

    private void setTable(int t) {
        tables = (tables & ~0xFFL) | t;
    }

    /** Whether the innermost table has a cell or its caption open. */
    private boolean inContent() {
        return (tables & CONTENT) != 0;
    }

    private boolean cellLinkable() {
        int t = table();
        return (t & CONTENT) != 0 && (t & FOLLOWED) != 0;
    }

    /** A {@code <table>} start tag, outside a select (which it closes first, in a table). */
    private void tableStart() {
        if (template) {
            // A table of the template's content: only counted, as the template's end restores the rest.
            if (tableDepth == 0) {
                rare().snapTable = counters();
            }
            tableDepth++;
            return;
        }
        if (tableDepth > 0 && !inContent()) {
            // "in table": it ends the open table, and then begins where that one was
            tableEnd();
        }
        if (tableDepth == TABLES_MAX) {
            poison(StopReason.TABLES_TOO_DEEP);
            return;
        }
        boolean followed = nothingOpen() && (tableDepth == 0 || cellLinkable());
        if (tableDepth == 0) {
            rare().snapTable = counters();
        } else if (!followed) {
            // In a cell where something is open: its end could not tell what of that is still open.
            setTable(table() & ~FOLLOWED);
        }
        tables = tables << 8 | (followed ? FOLLOWED : 0) | (pOpen ? OUTER_P : 0) | (headingOpen ? OUTER_HEADING : 0);
        tableDepth++;
    }

    /** The innermost table ends ({@code </table>}, outside a template), popping all it holds. */
    private void tableEnd() {
        int ended = table();
        tables >>>= 8;
        tableDepth--;
        if (tableDepth == 0) {
            restoreBeforeTable();
        } else if (cellLinkable()) {
            // Nothing was open in this cell when the table began (else the cell would not be
            // linkable), and the table's end popped all it opened since; only an <a> left open
            // at its table level stays in the list of active formatting elements.
            int a = aDepth;
            clearCell();
            aDepth = a;
            pOpen = (ended & OUTER_P) != 0;
            headingOpen = (ended & OUTER_HEADING) != 0;
        }
    }

    /** The outermost table ended: back to the state before it. */
    private void restoreBeforeTable() {
        int a = aDepth;
        int lvl = aLevel;
        restore(rare.snapTable);
        if (a > aDepth) {
            // an <a> left open in a table stays in the list of active formatting elements
            aDepth = a;
            aLevel = lvl;
        }
    }

    /**
     * A start tag of a table's parts (caption, col, colgroup, tbody, thead, tfoot, tr, td,
     * th), outside a select (which it closes first, in a table).
     */
    private void tablePartStart(String name) {
        if (tableDepth == 0 || template) {
            return; // ignored in the body; in a template's content, not followed
        }
        if (inContent()) {
            endContent(); // "in cell", "in caption": each of these ends the cell or the caption, then is reprocessed
        }
        int t = table();
        int group = t & GROUP;
        switch (name) {
            case "caption" -> {
                setTable(t & ~GROUP);
                startContent(IN_CAPTION);
            }
            case "col", "colgroup" -> setTable(t & ~GROUP);
            case "tbody", "thead", "tfoot" -> setTable(t & ~GROUP | group(name));
            case "tr" -> setTable(group == 0 ? t | TBODY : t);
            default -> { // td, th: in a row, which a tbody holds (both implied if need be)
                setTable(group == 0 ? t | TBODY : t);
                startContent(name.equals("td") ? IN_TD : IN_TH);
            }
        }
    }

    private static int group(String name) {
        return name.equals("tbody") ? TBODY : name.equals("thead") ? THEAD : TFOOT;
    }

    /** An end tag of a table's parts but the table's (outside a select). */
    private void tablePartEnd(String name) {
        if (tableDepth == 0 || template) {
            return;
        }
        int t = table();
        int content = t & CONTENT;
        boolean inCell = content == IN_TD || content == IN_TH;
        switch (name) {
            case "td" -> {
                if (content == IN_TD) {
                    endContent();
                }
            }
            case "th" -> {
                if (content == IN_TH) {
                    endContent();
                }
            }
            case "caption" -> {
                if (content == IN_CAPTION) {
                    endContent();
                }
            }
            case "tr" -> {
                if (inCell) {
                    endContent(); // and its row
                }
            }
            case "tbody", "thead", "tfoot" -> {
                // ends the row group (with the cell and row in it) if it is that one; else ignored
                if ((t & GROUP) == group(name) && content != IN_CAPTION) {
                    if (inCell) {
                        endContent();
                    }
                    setTable(table() & ~GROUP);
                }
            }
            default -> {
                // col, colgroup: nothing followed here
            }
        }
    }

    /** A td, th or caption begins, at the innermost table's level. */
    private void startContent(int content) {
        int t = table();
        if (!nothingOpen()) {
            // Open at the table level (foster-parented), still counted: the cell's end could
            // not tell that from what the cell opened.
            t &= ~FOLLOWED;
        }
        setTable(t & ~CONTENT | content);
        pOpen = false;
        headingOpen = false;
    }

    /**
     * The innermost table's cell or caption ends: all it opened is popped, and the list of
     * active formatting elements is cleared back to the last marker, which is the cell's own
     * only if no object, applet or marquee (markers too) is left open in it: else an
     * {@code <a>} opened in the cell before that stays in the list, and is reconstructed
     * where text goes next (foster-parented, or after the table).
     */
    private void endContent() {
        int t = table();
        if ((t & FOLLOWED) != 0) {
            int a = scopeDepth > 0 ? aDepth : 0;
            clearCell();
            aDepth = a;
        }
        setTable(t & ~CONTENT);
    }

    /** Nothing open: what a followed cell, which began so, is back to at its end. */
    private void clearCell() {
        aDepth = 0;
        buttonDepth = 0;
        labelDepth = 0;
        select = false;
        option = false;
        scopeDepth = 0;
        skipDepth = 0;
        pOpen = false;
        headingOpen = false;
    }

    // ---- what every tag does, and paragraphs -----------------------------------------------

    /**
     * What every start tag in HTML content outside a select does first, by its flags alone:
     * the p it closes ends (a paragraph that may count), the blocks known open follow it, and
     * a special element opened in an {@code <a>} is counted.
     */
    private void startTagByFlags(int f, long pos) {
        afterBody = false;
        if ((f & CLOSES_P) != 0 && inFlow() && scopeDepth == 0 && !template && buttonDepth == 0 && pOpen) {
            pOpen = false;
            paragraphEnded(pos);
        }
        if (paragraphsCount()) {
            followBlocks(f, false);
        }
        if (aDepth > 0 && (f & SPECIAL) != 0 && (f & VOID) == 0) {
            specialInA++;
        }
    }

    /** {@link #startTagByFlags} for an end tag: one that pops a block known open ends the p open in it. */
    private void endTagByFlags(int f, long pos) {
        if (aDepth > 0 && specialInA > 0 && (f & SPECIAL) != 0) {
            specialInA--;
        }
        if (paragraphsCount() && followBlocks(f, true) && pOpen) {
            pOpen = false;
            paragraphEnded(pos);
        }
    }

    /** Whether paragraphs are counted: the box is still to go after one. */
    private boolean paragraphsCount() {
        return afterParagraph > 0 && !placed;
    }

    /**
     * The open p ended, at its end tag ({@code closer} -1) or at the tag that begins at
     * {@code closer} (a start tag that closes a p in button scope, an end tag that pops a
     * block it is in): one more paragraph of article/main, outside tables, objects, templates
     * and buttons. When it is the one the box follows, the box goes right after that end tag,
     * or right before that other tag: the box's div closes the p as the tag would have (a p
     * in button scope, and with it only what was opened in the p), so that the tag then finds
     * the tree it would have made itself, minus one p to close.
     */
    private void paragraphEnded(long closer) {
        // Paragraphs of the article's text: not those in a link (a teaser card), nor where
        // the box could not go (a table, an object, a template, a button).
        if (!paragraphsCount() || articleDepth == 0 || tableDepth > 0 || scopeDepth > 0 || template || buttonDepth > 0
                || pUncounted) {
            return;
        }
        paragraphs++;
        if (paragraphs == afterParagraph && linkable() && !headingOpen) {
            if (closer < 0) {
                pendingBoxAtTagEnd = true;
            } else {
                placed = true;
                edit(closer, box, closer);
            }
        }
    }

    /** Whether the tag being read may close the paragraph the box goes after (the box then goes before it). */
    private boolean boxMayPrecedeTag() {
        return pOpen && paragraphsCount() && paragraphs + 1 == afterParagraph;
    }

    // ---- blocks known open -----------------------------------------------------------------
    //
    // An end tag such as </div> closes the open p only if a div is open in scope, which the
    // other counters cannot tell (a stray </div> is ignored, and the p stays open). So, while
    // paragraphs count, the scanner follows the block elements opened in the body's flow, as
    // the stack of open elements has them, from where it last lost track: start tags push
    // them (an li, dd or dt first closes the item the spec's loop finds; a heading that may
    // pop a heading is not followed), their end tags pop up to the innermost of their name.
    // Where a tag may pop in ways not followed (another special element's end tag, a button,
    // an object, ruby text, anything in a table, object or template), the blocks known are
    // forgotten: the end tag of one then closes nothing the scanner knows of, and a p left
    // open by it is closed (and counted) by the next tag that surely closes it.

    /** The elements whose end tag, when one is open in scope, pops it and all opened in it (a p too); "h": any heading. */
    private static final String[] BLOCK_NAMES = {"", "h", "li", "dd", "dt", "ol", "ul", "div", "address", "article",
        "aside", "blockquote", "center", "details", "dialog", "dir", "dl", "fieldset", "figcaption", "figure", "footer",
        "header", "hgroup", "main", "menu", "nav", "search", "section", "summary", "pre", "listing"};
    private static final int B_HEADING = 1, B_LI = 2, B_DD = 3, B_DT = 4, B_OL = 5, B_UL = 6, B_DIV = 7, B_ADDRESS = 8;
    private static final int BLOCKS_MAX = 8;
    /** {@link #innermostBlock}: none of that name can be in scope (an li past an ol or ul); not known. */
    private static final int NOT_IN_SCOPE = -1, UNKNOWN = -2;

    private static int blockCode(String name) {
        if (heading(name)) {
            return B_HEADING;
        }
        for (int code = 1; code < BLOCK_NAMES.length; code++) {
            if (BLOCK_NAMES[code].equals(name)) {
                return code;
            }
        }
        return 0;
    }

    /**
     * Follows the blocks known open through a tag with flags {@code f} (HTML content, outside
     * a select); answers whether it is an end tag that pops one of them.
     */
    private boolean followBlocks(int f, boolean endTag) {
        int code = f >>> BLOCK_SHIFT;
        if (code == 0 && (f & (endTag ? FORGETS_AT_END : FORGETS_AT_START)) == 0) {
            return false;
        }
        if (code == 0 || tableDepth > 0 || scopeDepth > 0 || buttonDepth > 0 || template || select) {
            // Pops what is not followed; or out of the body's own flow, where the end of a
            // table or template restores what was known before it.
            forgetBlocks();
            return false;
        }
        if (endTag) {
            int k = innermostBlock(code);
            if (k >= 0) {
                popBlocks(k + 1);
                return true;
            }
            if (k == UNKNOWN) {
                forgetBlocks();
            }
            return false;
        }
        if (code == B_LI || code == B_DD || code == B_DT) {
            closeListItem(code);
        } else if (code == B_HEADING && blocksLen > 0 && block(0) == B_HEADING) {
            forgetBlocks(); // pops the current node if it is a heading: this one, or what was opened in it
        }
        pushBlock(code);
        return false;
    }

    /** The known block {@code k} levels in (0: the innermost). */
    private int block(int k) {
        return (int) (blocks >>> (k << 3)) & 0xFF;
    }

    /** How many levels in the innermost known block with that code is; or {@link #NOT_IN_SCOPE}, {@link #UNKNOWN}. */
    private int innermostBlock(int code) {
        for (int k = 0; k < blocksLen; k++) {
            int c = block(k);
            if (c == code) {
                return k;
            }
            if (code == B_LI && (c == B_OL || c == B_UL)) {
                return NOT_IN_SCOPE; // </li> looks in list item scope
            }
        }
        return UNKNOWN;
    }

    /**
     * An li (or a dd or dt) start closes the innermost open item of its kind, looking past
     * div, address and p elements only (the spec's loop); past what is known, it may close
     * one below.
     */
    private void closeListItem(int code) {
        for (int k = 0; k < blocksLen; k++) {
            int c = block(k);
            if (code == B_LI ? c == B_LI : c == B_DD || c == B_DT) {
                popBlocks(k + 1);
                return;
            }
            if (c != B_DIV && c != B_ADDRESS) {
                return;
            }
        }
        forgetBlocks();
    }

    private void pushBlock(int code) {
        blocks = blocks << 8 | code;
        blocksLen = (byte) Math.min(blocksLen + 1, BLOCKS_MAX); // beyond, the outermost known is forgotten
    }

    private void popBlocks(int n) {
        blocks = n >= BLOCKS_MAX ? 0 : blocks >>> (n << 3);
        blocksLen -= n;
    }

    private void forgetBlocks() {
        blocks = 0;
        blocksLen = 0;
    }

    /**
     * What is known open at one place: taken where a table or a template opens, whose end
     * pops what it holds (restored from it), and compared between a noscript's two readings.
     * The svg/math depth is compared, never restored (a table or template end cannot pop
     * foreign content; the noscript twin stops when it begins in it).
     */
    private record OpenCounts(int aDepth, int aLevel, int buttonDepth, int labelDepth, boolean select,
                              boolean option, boolean template, int tableDepth, int scopeDepth, int skipDepth,
                              long skipKey, boolean pOpen, boolean headingOpen, int articleDepth, int foreignLen,
                              long tables, long blocks, int blocksLen) {
        /**
         * The same, but for the level a link was opened at where no link is open: that
         * means nothing (a link opened and closed in a table of the noscript left another there).
         */
        OpenCounts comparable() {
            return aDepth != 0 ? this : new OpenCounts(0, 0, buttonDepth, labelDepth, select, option, template,
                    tableDepth, scopeDepth, skipDepth, skipKey, pOpen, headingOpen, articleDepth, foreignLen, tables,
                    blocks, blocksLen);
        }
    }

    private OpenCounts counters() {
        return new OpenCounts(aDepth, aLevel, buttonDepth, labelDepth, select, option, template, tableDepth,
                scopeDepth, skipDepth, skipKey, pOpen, headingOpen, articleDepth, foreignLen, tables, blocks, blocksLen);
    }

    private void restore(OpenCounts s) {
        aDepth = s.aDepth();
        aLevel = s.aLevel();
        buttonDepth = s.buttonDepth();
        labelDepth = s.labelDepth();
        select = s.select();
        option = s.option();
        template = s.template();
        tableDepth = s.tableDepth();
        scopeDepth = s.scopeDepth();
        skipDepth = s.skipDepth();
        skipKey = s.skipKey();
        pOpen = s.pOpen();
        headingOpen = s.headingOpen();
        articleDepth = s.articleDepth();
        tables = s.tables();
        blocks = s.blocks();
        blocksLen = (byte) s.blocksLen();
    }

    private boolean sameCounters(BodyScanner o) {
        return counters().comparable().equals(o.counters().comparable());
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
        if (box != null && tok.state() == Tokenizer.COMMENT_START && foreignLen == 0) {
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
        // the buffer holds what followed "<!--", up to and including the closing "-->"
        int n = rare.commentLen;
        char[] c = rare.comment;
        if (n >= 3 && c[n - 1] == '>' && c[n - 2] == '-' && c[n - 3] == '-') {
            n -= 3;
        } else {
            return;
        }
        int s = 0;
        while (s < n && c[s] == ' ') {
            s++;
        }
        while (n > s && c[n - 1] == ' ') {
            n--;
        }
        if (SlotRule.ofMarker(c, s, n - s) == SlotRule.CTA && boxable() && !afterBody) {
            edit(rare.commentPos, box, end);
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
        } else if (nameLen == 18 && startsWith(name, "data-helpline-sl") && SlotRule.ofAttribute(value, valueLen) == SlotRule.CTA) {
            tagSlot = true;
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
        curFlags = flagsOfName(name);
        onStartTag(pos, name, tok.nameKey());
    }

    private void onStartTag(long pos, String name, long key) {
        curKey = key;
        tagPos = pos;
        endRun();
        tagName = name;
        tagStart = true;
        tagSkip = false;
        tagSlot = false;
        if (rare != null) {
            rare.fontBreaks = false;
        }
        // Only data-helpline-* matters, and font's color/face/size inside svg or math.
        if (foreignLen > 0 && name.equals("font")) {
            tok.captureAttributes(true);
        } else {
            tok.captureAttributesStartingWith('d');
            if (box != null && name.equals("div")) {
                tok.captureValues(true);
            }
        }
    }

    @Override
    public void endTag(long pos, String name) {
        curFlags = flagsOfName(name);
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
        if (select && !name.equals("select") && !name.equals("option") && !name.equals("optgroup")
                && !name.equals("template")) {
            // In a select the parser ignores any other end tag; one of a table's may close the
            // select and the table (not followed).
            if (tableDepth > 0 && tablePart(name)) {
                poison(StopReason.TABLE_TAG_IN_SELECT);
            }
            return;
        }
        if (skipDepth > 0) {
            if (curKey == skipKey) {
                skipDepth--;
            }
        }
        if (foreignLen > 0) {
            foreignEnd(name);
            return;
        }
        htmlEnd(name);
    }

    @Override
    public void tagEnd(long end, boolean selfClosing) {
        if (pendingBoxAtTagEnd) {
            pendingBoxAtTagEnd = false;
            placed = true;
            edit(end, box, end);
        }
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

    private static final int VOID = 1, CLOSES_P = 2, SPECIAL = 4, HEADING = 8, PLAIN = 16;
    /**
     * Its start tag may pop elements in ways the blocks known open do not follow (a button
     * in scope; with a ruby open, an li under ruby text), or opens a scope whose end may be
     * taken wrongly (object): they are forgotten.
     */
    private static final int FORGETS_AT_START = 32;
    /** Its end tag may pop elements in ways not followed: every special element's but p's and the blocks'. */
    private static final int FORGETS_AT_END = 64;
    /** A tag's flags hold its {@link #BLOCK_NAMES} code from this bit on (0: none). */
    private static final int BLOCK_SHIFT = 8;

    /** What the body rules need to know about a tag name, in one look-up. */
    private static int flags(String name) {
        int f = 0;
        if (isVoid(name)) {
            f |= VOID;
        }
        if (closesP(name)) {
            f |= CLOSES_P | SPECIAL;
        }
        if (heading(name)) {
            f |= HEADING | SPECIAL;
        }
        switch (name) {
            case "applet", "button", "caption", "colgroup", "marquee", "object", "select", "table", "tbody", "td",
                    "template", "tfoot", "th", "thead", "tr", "frameset", "form" -> f |= SPECIAL;
            default -> {
            }
        }
        int block = blockCode(name);
        f |= block << BLOCK_SHIFT;
        switch (name) {
            case "button", "applet", "marquee", "object", "rb", "rp", "rt", "rtc" -> f |= FORGETS_AT_START;
            default -> {
            }
        }
        // svg and math are not special (an <a> around an icon closes as usual: no furthest
        // block); their end tags, which the foreign rules take, still forget the blocks.
        if ((f & SPECIAL) != 0 && (f & VOID) == 0 && block == 0 && !name.equals("p")
                || name.equals("svg") || name.equals("math")) {
            f |= FORGETS_AT_END;
        }
        // Names the body rules do nothing more with than the flags above say (no counter,
        // no raw text, no slot): a tag of one of these takes the short way.
        switch (name) {
            case "a", "button", "label", "select", "option", "optgroup", "textarea", "title", "style", "xmp",
                    "iframe", "noembed", "noframes", "script", "noscript", "plaintext", "template", "table", "applet",
                    "marquee", "object", "svg", "math", "p", "article", "main", "body", "html", "font", "input",
                    "keygen", "tbody", "tfoot", "thead", "tr", "td", "th", "caption", "col", "colgroup" -> {
            }
            default -> {
                if ((f & HEADING) == 0) {
                    f |= PLAIN;
                }
            }
        }
        return f;
    }

    private static final int[] FLAGS = new int[Names.count()];
    private static final int ID_A = Names.known().indexOf("a"), ID_P = Names.known().indexOf("p"),
            ID_FONT = Names.known().indexOf("font");

    /** The ids of the names the tokenizer reports (its own String instances). */
    private static final java.util.Map<String, Integer> IDS = new java.util.HashMap<>();

    static {
        for (int i = 0; i < FLAGS.length; i++) {
            FLAGS[i] = flags(Names.name(i));
            IDS.put(Names.name(i), i);
        }
    }

    /** The flags of a name the tokenizer reported ("" for one not known: none). */
    private static int flagsOfName(String name) {
        Integer id = IDS.get(name);
        return id == null ? 0 : FLAGS[id];
    }

    /** The current tag's flags (set with its name). */
    private int curFlags;

    private int flagsOf(String name) {
        return curFlags;
    }

    static boolean isVoid(String name) {
        switch (name) {
            case "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "image", "input", "keygen",
                    "link", "meta", "param", "source", "track", "wbr", "frame":
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether a start tag closes a p open in button scope. Not {@code <form>}: the parser
     * ignores it, p and all, while another form is open (the form element pointer, not
     * followed here).
     */
    static boolean closesP(String name) {
        switch (name) {
            case "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
                    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
                    "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
                    "plaintext", "xmp", "hr", "li", "dd", "dt":
                return true;
            default:
                return false;
        }
    }

    private static boolean tablePart(String name) {
        switch (name) {
            case "caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th":
                return true;
            default:
                return false;
        }
    }

    private static boolean heading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }

    private void htmlStart(String name, boolean selfClosing, long end) {
        if (select) {
            switch (name) {
                case "select" -> {
                    select = false;
                    option = false;
                }
                case "input", "keygen", "textarea" -> {
                    select = false;
                    option = false;
                    htmlStartOutsideSelect(name, selfClosing, end);
                }
                case "script" -> switchTo(Tokenizer.SCRIPT, name);
                case "template" -> startTemplate();
                case "table", "tbody", "tfoot", "thead", "tr", "td", "th", "caption" -> {
                    if (tableDepth > 0) {
                        select = false;
                        option = false;
                        htmlStartOutsideSelect(name, selfClosing, end);
                    }
                }
                default -> {
                }
            }
            return;
        }
        htmlStartOutsideSelect(name, selfClosing, end);
    }

    private void htmlStartOutsideSelect(String name, boolean selfClosing, long end) {
        int f = flagsOf(name);
        startTagByFlags(f, tagPos);
        switch (name) {
            case "a" -> {
                if (aDepth == 0) {
                    aLevel = level();
                    aDepth = 1;
                    specialInA = 0;
                } else if (aLevel != level()) {
                    // a link in an object, a cell... inside the open link: its own scope
                    aDepth++;
                    Rare r = rare();
                    r.innerALevel = aDepth == 2 ? level() : -1;
                    r.innerASpecial = specialInA;
                } else if (specialInA > 0) {
                    poison(StopReason.LINK_AROUND_BLOCK);
                    return;
                }
            }
            case "button" -> buttonDepth++;
            case "label" -> labelDepth++;
            case "select" -> {
                select = true;
                option = false;
            }
            case "option", "optgroup" -> option = true;
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
            case "template" -> startTemplate();
            case "table" -> tableStart();
            case "caption", "col", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th" -> tablePartStart(name);
            case "applet", "marquee", "object" -> scopeDepth++;
            case "svg", "math" -> {
                if (!selfClosing) {
                    push(curKey, name.equals("svg") ? ForeignStack.SVG : ForeignStack.MATH);
                }
            }
            case "p" -> {
                if (inFlow() && scopeDepth == 0 && !template) {
                    pOpen = true;
                    pUncounted = aDepth > 0 || buttonDepth > 0;
                }
            }
            case "article", "main" -> articleDepth++;
            default -> {
                if ((f & HEADING) != 0 && inFlow() && scopeDepth == 0 && !template) {
                    headingOpen = true;
                }
            }
        }
        if (tagSkip && (f & VOID) == 0 && !inRaw) {
            if (skipDepth == 0) {
                if (name.isEmpty()) {
                    poison(StopReason.SKIP_ON_UNKNOWN_ELEMENT); // a custom element's end tag cannot be told from others
                    return;
                }
                skipKey = curKey;
                skipDepth = 1;
            } else if (curKey == skipKey) {
                skipDepth++;
            }
        } else if (skipDepth > 0 && (f & VOID) == 0 && curKey == skipKey) {
            skipDepth++;
        }
        if (tagSlot && name.equals("div") && boxable()) {
            edit(end, box, end);
        }
    }

    private void switchTo(int state, String name) {
        tok.switchTo(state, name);
        inRaw = true;
    }

    private void startTemplate() {
        if (template) {
            poison(StopReason.NESTED_TEMPLATE);
            return;
        }
        rare().snapTemplate = counters();
        template = true;
        // Its content is parsed "in template", not "in select", even when the template is in a
        // select: a title or a plaintext there is what it is anywhere else.
        select = false;
        option = false;
    }

    private void noscriptEnded(long pos) {
        BodyScanner off = offMode;
        offMode = null;
        if (off == null) {
            return;
        }
        if (off.poisoned || off.rare == null || off.rare.lastNoscriptEnd != pos || off.tok.state() != Tokenizer.BEFORE_ATTR_NAME
                && off.tok.state() != Tokenizer.DATA && off.tok.state() != Tokenizer.SELF_CLOSING || !sameCounters(off)) {
            poison(StopReason.NOSCRIPT_SCRIPTING_DEPENDENT, pos);
        }
    }

    private void htmlEnd(String name) {
        boolean plain = inFlow() && scopeDepth == 0 && !template;
        int f = flagsOf(name);
        endTagByFlags(f, tagPos);
        switch (name) {
            case "a" -> {
                if (aDepth > 0 && aLevel == level()) {
                    if (specialInA > 0) {
                        poison(StopReason.LINK_AROUND_BLOCK);
                        return;
                    }
                    aDepth--;
                } else if (aDepth == 2 && rare != null && rare.innerALevel == level()) {
                    // The end of a link opened inside the open one, in its own scope (an
                    // object, a cell): the adoption agency finds it after the scope's marker.
                    if (specialInA > rare.innerASpecial) {
                        poison(StopReason.LINK_AROUND_BLOCK);
                        return;
                    }
                    aDepth = 1;
                    rare.innerALevel = -1;
                }
            }
            case "button" -> {
                if (buttonDepth > 0) {
                    buttonDepth--;
                }
            }
            case "label" -> {
                if (labelDepth > 0) {
                    labelDepth--;
                }
            }
            case "select" -> {
                select = false;
                option = false;
            }
            case "option", "optgroup" -> option = false;
            case "template" -> {
                if (template) {
                    int a = aDepth;
                    restore(rare.snapTemplate);
                    aDepth = Math.max(a, aDepth);
                }
            }
            case "table" -> {
                if (tableDepth > 0) {
                    if (!template) {
                        tableEnd();
                    } else if (tableDepth <= rare.snapTemplate.tableDepth()) {
                        // The table opened before the template, whose content cannot close it:
                        // the parser ignores this end tag, and the snapshot is not where we are.
                        poison(StopReason.TABLE_END_IN_TEMPLATE);
                        return;
                    } else if (--tableDepth == 0) {
                        restoreBeforeTable(); // a table of the template's content
                    }
                }
            }
            case "caption", "tbody", "thead", "tfoot", "tr", "td", "th" -> tablePartEnd(name);
            case "applet", "marquee", "object" -> {
                if (scopeDepth > 0) {
                    scopeDepth--;
                }
            }
            case "p" -> {
                if (plain && buttonDepth == 0) {
                    // With no p open, the parser makes an empty one of a stray </p>: a
                    // paragraph all the same (the box may follow it).
                    pOpen = false;
                    paragraphEnded(-1);
                }
            }
            case "article", "main" -> {
                if (articleDepth > 0) {
                    articleDepth--;
                }
            }
            case "body", "html" -> afterBody = true;
            default -> {
                if ((f & HEADING) != 0 && plain) {
                    headingOpen = false;
                }
            }
        }
    }

    private boolean pendingBoxAtTagEnd;

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

package dev.helpline.core.html.internal;

import dev.helpline.core.html.StopReason;

import static dev.helpline.core.html.internal.TagFlags.BLOCK_SHIFT;
import static dev.helpline.core.html.internal.TagFlags.CLOSES_P;
import static dev.helpline.core.html.internal.TagFlags.FLAGS;
import static dev.helpline.core.html.internal.TagFlags.FORGETS_AT_END;
import static dev.helpline.core.html.internal.TagFlags.FORGETS_AT_START;
import static dev.helpline.core.html.internal.TagFlags.HEADING;
import static dev.helpline.core.html.internal.TagFlags.ID_P;
import static dev.helpline.core.html.internal.TagFlags.SPECIAL;
import static dev.helpline.core.html.internal.TagFlags.VOID;

/**
 * Where a place in a page's body is, as far as linking text and placing the box need it:
 * just enough of the HTML tree builder to know whether a place is plain "in body" flow.
 * Counters for the elements whose subtrees are left alone (a, button, label, select/option,
 * template, object/applet/marquee, svg/math, {@code data-helpline-skip}), whether a p or a
 * heading is open, the article/main depth, the tables ({@link TableStack}) and the blocks
 * known open ({@link BlockStack}), kept through the HTML start and end tags the body scanner
 * reports.
 *
 * <p>Tables: for each open table (at most {@link TableStack#MAX}, one in another's cell), the
 * parser's insertion mode as far as it matters here: in a cell or the caption, whose content
 * is parsed as the body is, within the cell's own scope (the cell is flow again, and is
 * linked); or at the table level ("in table", "in table body", "in row", "in column
 * group"), where text and other elements are foster-parented in front of the table (never
 * linked). A cell's end pops what it opened. A table's cells are left alone when the table
 * began where text is not linked (in an {@code <a>}, a button, a skipped element: then the
 * cells of a table around it too, whose cell its end could not restore) or when something
 * counted as open at its table level (foster-parented) could not be told from what a cell
 * opened; a table inside a template's content is only counted.
 *
 * <p>The box after the N-th paragraph of article/main: a paragraph ends at its {@code </p>},
 * or where a tag closes it implicitly: a start tag that closes a p in button scope (the
 * next {@code <p>}, a div, a heading, a list...; not a form, which the parser may ignore),
 * or the end tag of a block element known to hold it ({@code </div>}, {@code </article>},
 * {@code </li>}...: see {@link BlockStack}). There the box goes right before that tag
 * ({@link #placeBox}): its div closes the p just as the tag would have.
 *
 * <p>What it cannot follow it hands to the scanner, which stops changing the page there
 * ({@link #poison}): every doubt costs recall, never the host's tree.
 *
 * <p>A layer of the body scanner's one object ({@link BodyScanner} extends this, which extends
 * {@link NumberMatcher} and {@link Edits}), not an object the scanner holds: the scanner is
 * made once per response, and a second object would cost every response 16 to 32 bytes
 * against an allocation budget that has 8 to spare (AllocationBudgetTest), and an indirection
 * on the checks every tag makes. Its counters are private here; the scanner reads them
 * through the methods below (and {@link #foreignLen}, which it keeps).
 *
 * <p>Why it is longer than the package's other classes (about 900 lines): the rules of the
 * tags that change what is open (links, buttons, selects, templates, tables and their cells,
 * paragraphs and headings, skipped subtrees) read and write one set of counters, which a
 * table's or template's end restores from one snapshot and a noscript's two readings compare;
 * split further, they would share the counters across objects (allocation, see above) or
 * across more layers. What has no state of its own went out: the tables' and the blocks'
 * stacks ({@link TableStack}, {@link BlockStack}), the tag names' flags ({@link TagFlags}).
 *
 * <p>Not thread safe; one per response.
 */
abstract class BodyTree extends NumberMatcher {
    /** 0, or place the box after this many paragraphs of article/main. */
    private final int afterParagraph;

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
     * The state of each open table (a {@link TableStack}): whether the parser is in one of
     * its cells or its caption, whose content it parses with the body's rules, or at its
     * table level, where text and other elements are foster-parented; which row group is
     * open; whether its cells may be linked.
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
     * The block elements known to be open in the body's flow (div, article, li, a
     * heading...): a {@link BlockStack}. Followed only while the box is due after a
     * paragraph, to know that an end tag such as {@code </div>} pops the p open in one of
     * them (the box may then go right before it).
     */
    private long blocks;
    /**
     * How many svg/math elements are open: the size of {@link Rare#foreign}, which the
     * scanner's foreign content rules keep; a field for the checks every tag makes.
     */
    byte foreignLen;

    /** The box is due at the end of the tag being read (a {@code </p>} ended the paragraph it follows). */
    private boolean pendingBoxAtTagEnd;

    BodyTree(int width, int afterParagraph) {
        super(width);
        this.afterParagraph = afterParagraph;
    }

    /** The same as {@code on} (a noscript's scripting-off reading, which begins where {@code on} is). */
    BodyTree(int width, BodyTree on) {
        super(width);
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
    }

    // ---- what the scanner answers ------------------------------------------------------------

    /** Whether the page is still followed, and changed: not stopped, not the scripting-off twin. */
    abstract boolean following();

    /** Stops following the page at the tag being read, for {@code reason}. */
    abstract void poison(StopReason reason);

    /** Queues the box at {@code at}. */
    abstract void boxAt(long at);

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

    /**
     * Whether this is "in body" flow, where a p or a heading opens and closes as outside
     * tables: outside tables, or in the innermost table's open cell or caption.
     */
    private boolean inFlow() {
        return tableDepth == 0 || inContent();
    }

    /** Whether text here is linked: nothing open that is left alone, and outside tables or in a followed cell. */
    final boolean linkable() {
        return following() && nothingOpen() && (tableDepth == 0 || cellLinkable());
    }

    /** Whether a block (a slot's fragment) may go here: where text is linked, and no p or heading open. */
    final boolean fillable() {
        return linkable() && !pOpen && !headingOpen;
    }

    /** Why text here is not linked (a constant: nothing is built per number). */
    final String whyLeft() {
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

    // ---- the scanner's short way: tags read whole, where neither attributes nor keys matter ----

    /**
     * Whether tags here need their name's key or attributes (under a skipped element, in
     * svg/math, a select or a template): then the scanner reads them the long way.
     */
    final boolean keyedContext() {
        return skipDepth != 0 || foreignLen != 0 || select || template;
    }

    /** A plain tag ({@link TagFlags#PLAIN}) read whole, ending at {@code after}: only what its flags say. */
    final void plainTag(boolean endTag, int f, long pos, long after) {
        if (endTag) {
            endTagByFlags(f, pos);
            tagEnded(after);
        } else {
            startTagByFlags(f, pos);
        }
    }

    // The two commonest tags that are not plain, in flow where no object is open; false: the
    // long way.

    final boolean paragraphStartTag(long pos) {
        if (aDepth == 0 && inFlow() && scopeDepth == 0) {
            startTagByFlags(FLAGS[ID_P], pos);
            pOpen = true;
            pUncounted = buttonDepth > 0;
            return true;
        }
        return false;
    }

    final boolean paragraphEndTag() {
        if (aDepth == 0 && inFlow() && scopeDepth == 0 && buttonDepth == 0 && !pendingBoxAtTagEnd
                && (afterParagraph == 0 || placed || articleDepth == 0)) {
            // and no paragraph to count for the box (a stray </p> makes one too)
            pOpen = false;
            return true;
        }
        return false;
    }

    final boolean anchorStartTag() {
        if (aDepth == 0 && tableDepth == 0 && scopeDepth == 0) {
            afterBody = false;
            aDepth = 1;
            aLevel = 0;
            specialInA = 0;
            return true;
        }
        return false;
    }

    final boolean anchorEndTag() {
        if (aDepth == 1 && specialInA == 0 && aLevel == 0 && tableDepth == 0 && scopeDepth == 0) {
            aDepth = 0;
            return true;
        }
        return false;
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

    /** The innermost table's byte ({@link TableStack}). */
    private int table() {
        return TableStack.top(tables);
    }

    private void setTable(int t) {
        tables = TableStack.withTop(tables, t);
    }

    /** Whether the innermost table has a cell or its caption open. */
    private boolean inContent() {
        return TableStack.inContent(tables);
    }

    private boolean cellLinkable() {
        return TableStack.cellLinkable(tables);
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
        if (tableDepth == TableStack.MAX) {
            poison(StopReason.TABLES_TOO_DEEP);
            return;
        }
        boolean followed = nothingOpen() && (tableDepth == 0 || cellLinkable());
        if (tableDepth == 0) {
            rare().snapTable = counters();
        } else if (!followed) {
            // In a cell where something is open: its end could not tell what of that is still open.
            setTable(table() & ~TableStack.FOLLOWED);
        }
        tables = TableStack.push(tables, TableStack.opened(followed, pOpen, headingOpen));
        tableDepth++;
    }

    /** The innermost table ends ({@code </table>}, outside a template), popping all it holds. */
    private void tableEnd() {
        int ended = table();
        tables = TableStack.pop(tables);
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
            pOpen = (ended & TableStack.OUTER_P) != 0;
            headingOpen = (ended & TableStack.OUTER_HEADING) != 0;
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
        setTable(TableStack.partStart(table(), name));
        int content = TableStack.contentOf(name);
        if (content != 0) {
            startContent(content);
        }
    }

    /** An end tag of a table's parts but the table's (outside a select). */
    private void tablePartEnd(String name) {
        if (tableDepth == 0 || template) {
            return;
        }
        int does = TableStack.partEnd(table(), name);
        if ((does & TableStack.ENDS_CONTENT) != 0) {
            endContent();
        }
        if ((does & TableStack.ENDS_GROUP) != 0) {
            setTable(table() & ~TableStack.GROUP);
        }
    }

    /** A td, th or caption begins, at the innermost table's level. */
    private void startContent(int content) {
        int t = table();
        if (!nothingOpen()) {
            // Open at the table level (foster-parented), still counted: the cell's end could
            // not tell that from what the cell opened.
            t &= ~TableStack.FOLLOWED;
        }
        setTable(t & ~TableStack.CONTENT | content);
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
        if ((t & TableStack.FOLLOWED) != 0) {
            int a = scopeDepth > 0 ? aDepth : 0;
            clearCell();
            aDepth = a;
        }
        setTable(t & ~TableStack.CONTENT);
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
                placeBox(closer);
            }
        }
    }

    /** Whether the tag being read may close the paragraph the box goes after (the box then goes before it). */
    final boolean boxMayPrecedeTag() {
        return pOpen && paragraphsCount() && paragraphs + 1 == afterParagraph;
    }

    // ---- blocks known open -----------------------------------------------------------------
    //
    // The stack itself and how tags change it are BlockStack's; what is decided here is when
    // it is followed: while paragraphs count, in the body's own flow. Where a tag may pop in
    // ways not followed (another special element's end tag, a button, an object, ruby text,
    // anything in a table, object or template), the blocks known are forgotten: the end tag
    // of one then closes nothing the scanner knows of, and a p left open by it is closed (and
    // counted) by the next tag that surely closes it.

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
            blocks = BlockStack.EMPTY;
            return false;
        }
        if (endTag) {
            boolean pops = BlockStack.innermost(blocks, code) >= 0;
            blocks = BlockStack.end(blocks, code);
            return pops;
        }
        blocks = BlockStack.start(blocks, code);
        return false;
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
                              long tables, long blocks) {
        /**
         * The same, but for the level a link was opened at where no link is open: that
         * means nothing (a link opened and closed in a table of the noscript left another there).
         */
        OpenCounts comparable() {
            return aDepth != 0 ? this : new OpenCounts(0, 0, buttonDepth, labelDepth, select, option, template,
                    tableDepth, scopeDepth, skipDepth, skipKey, pOpen, headingOpen, articleDepth, foreignLen, tables,
                    blocks);
        }
    }

    private OpenCounts counters() {
        return new OpenCounts(aDepth, aLevel, buttonDepth, labelDepth, select, option, template, tableDepth,
                scopeDepth, skipDepth, skipKey, pOpen, headingOpen, articleDepth, foreignLen, tables, blocks);
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
    }

    /** Whether the same is known open here as in {@code o} (a noscript's two readings, at its end). */
    final boolean sameOpen(BodyTree o) {
        return counters().comparable().equals(o.counters().comparable());
    }

    // ---- the tag being read ---------------------------------------------------------------

    /** The tag being read ended at {@code end}: the box goes there if a {@code </p>} made it due. */
    final void tagEnded(long end) {
        if (pendingBoxAtTagEnd) {
            pendingBoxAtTagEnd = false;
            placeBox(end);
        }
    }

    private void placeBox(long at) {
        placed = true;
        boxAt(at);
    }

    /** After {@code </body>} or {@code </html>}: a comment there belongs to the html element, not the body. */
    final boolean afterBody() {
        return afterBody;
    }

    final boolean inSelect() {
        return select;
    }

    /**
     * The tree's part of an HTML start tag outside a select, with its flags, at {@code pos}
     * (the scanner's part: raw text, noscript, plaintext, svg/math); false when it stopped
     * following the page there.
     */
    final boolean startTagInBody(String name, int f, long pos) {
        startTagByFlags(f, pos);
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
                    return false;
                }
            }
            case "button" -> buttonDepth++;
            case "label" -> labelDepth++;
            case "select" -> {
                select = true;
                option = false;
            }
            case "option", "optgroup" -> option = true;
            case "template" -> startTemplate();
            case "table" -> tableStart();
            case "caption", "col", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th" -> tablePartStart(name);
            case "applet", "marquee", "object" -> scopeDepth++;
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
        return true;
    }

    /**
     * A start tag in a select: the select ends at another select; it ends, and the tag is
     * then taken as outside it ({@link #startTagInBody}), at an input, keygen or textarea, or
     * at a table's part inside a table; a template begins as anywhere. Answers whether the
     * tag is to be taken again outside the select; other tags are ignored (but a script,
     * whose raw text is the scanner's).
     */
    final boolean startTagInSelect(String name) {
        switch (name) {
            case "select" -> closeSelect();
            case "input", "keygen", "textarea" -> {
                closeSelect();
                return true;
            }
            case "template" -> startTemplate();
            case "table", "tbody", "tfoot", "thead", "tr", "td", "th", "caption" -> {
                if (tableDepth > 0) {
                    closeSelect();
                    return true;
                }
            }
            default -> {
            }
        }
        return false;
    }

    private void closeSelect() {
        select = false;
        option = false;
    }

    /**
     * Whether an end tag is one a select ignores (all but its own, option's, optgroup's and
     * template's), when one is open; one of a table's may close the select and the table,
     * which is not followed (stops).
     */
    final boolean ignoredInSelect(String name) {
        if (!select || name.equals("select") || name.equals("option") || name.equals("optgroup")
                || name.equals("template")) {
            return false;
        }
        if (tableDepth > 0 && TableStack.isPart(name)) {
            poison(StopReason.TABLE_TAG_IN_SELECT);
        }
        return true;
    }

    /**
     * A start tag in HTML content (not in raw text) with flags {@code f} and name key
     * {@code key}: one with {@code data-helpline-skip} ({@code marked}) opens a skipped
     * subtree, whose end is told by its name's key; one of that name inside it nests. False
     * when it stopped following the page there.
     */
    final boolean skipStart(boolean marked, int f, long key, String name) {
        if (marked && (f & VOID) == 0) {
            if (skipDepth == 0) {
                if (name.isEmpty()) {
                    poison(StopReason.SKIP_ON_UNKNOWN_ELEMENT); // a custom element's end tag cannot be told from others
                    return false;
                }
                skipKey = key;
                skipDepth = 1;
            } else if (key == skipKey) {
                skipDepth++;
            }
        } else if (skipDepth > 0 && (f & VOID) == 0 && key == skipKey) {
            skipDepth++;
        }
        return true;
    }

    /** An end tag with name key {@code key}: it ends a skipped element of that name. */
    final void skipEnd(long key) {
        if (skipDepth > 0 && key == skipKey) {
            skipDepth--;
        }
    }

    final void startTemplate() {
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

    /** An HTML end tag outside a select, with its flags, at {@code pos}. */
    final void endTagInBody(String name, int f, long pos) {
        boolean plain = inFlow() && scopeDepth == 0 && !template;
        endTagByFlags(f, pos);
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

    /** Made the first time a page needs it. */
    Rare rare;

    /**
     * What the bodies of most pages never need, made the first time it is, for this layer
     * and the scanner's (one object for both): snapshots at a table or template, an inner
     * link's level; a comment read to see whether it marks a slot, the svg/math elements
     * open, the numbers already audited, the stop.
     */
    static final class Rare {
        // snapshots taken where a table or template opens (their end pops what they hold)
        OpenCounts snapTable;
        OpenCounts snapTemplate;
        /**
         * The level of the one link opened inside the open link in a scope of its own (an
         * object, a cell), -1 if none or not known; and how many special elements were open
         * in the links when it began.
         */
        int innerALevel = -1;
        int innerASpecial;
        // the scanner's
        long commentPos;
        char[] comment;
        int commentLen;
        ForeignStack foreign;
        /** The current start tag is a font with color, face or size (it breaks out of svg or math). */
        boolean fontBreaks;
        long[] reported;
        int reportedLen;
        /** The twin's last {@code </noscript>}. */
        long lastNoscriptEnd = -1;
        /** Why and where it stopped following the page (the first stop), or null. */
        Stop stop;
    }

    record Stop(StopReason reason, long at) {
    }

    final Rare rare() {
        if (rare == null) {
            rare = new Rare();
        }
        return rare;
    }
}

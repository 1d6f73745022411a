package dev.helpline.core.html.internal;

/**
 * What the body scanner's rules need to know about a tag name, as bits of one {@code int}
 * looked up once per tag: void, closes a p, special, a heading, its {@link BlockStack} code,
 * whether its start or end tag makes the scanner forget the blocks it knows open, and whether
 * it is plain (nothing more to do than the flags say).
 *
 * <p>Tables of names, no state; {@code TagListsTest} checks the lists against jsoup's tree
 * builder.
 */
final class TagFlags {
    /** A void element: no end tag, nothing opened. */
    static final int VOID = 1;
    /** Its start tag closes a p open in button scope ({@link #closesP}). */
    static final int CLOSES_P = 2;
    /** One of the spec's special elements (as far as the body rules ask: an {@code <a>} around one). */
    static final int SPECIAL = 4;
    static final int HEADING = 8;
    /**
     * The body rules do nothing more with it than the other flags say (no counter, no raw
     * text, no slot): a tag of one of these takes the scanner's short way.
     */
    static final int PLAIN = 16;
    /**
     * Its start tag may pop elements in ways the blocks known open do not follow (a button
     * in scope; with a ruby open, an li under ruby text), or opens a scope whose end may be
     * taken wrongly (object): they are forgotten.
     */
    static final int FORGETS_AT_START = 32;
    /** Its end tag may pop elements in ways not followed: every special element's but p's and the blocks'. */
    static final int FORGETS_AT_END = 64;
    /** A tag's flags hold its {@link BlockStack#code} from this bit on (0: none). */
    static final int BLOCK_SHIFT = 8;

    private TagFlags() {
    }

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
        int block = BlockStack.code(name);
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

    /** A known name's flags, by its {@link Names} id. */
    static final int[] FLAGS = new int[Names.count()];
    /** The {@link Names} ids the scanner's short way tells apart. */
    static final int ID_A = Names.known().indexOf("a"), ID_P = Names.known().indexOf("p"),
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
    static int ofName(String name) {
        Integer id = IDS.get(name);
        return id == null ? 0 : FLAGS[id];
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

    static boolean heading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }
}

package dev.helpline.core.html.internal;

/**
 * The elements an early body left open, scripting off. A noscript in the head often begins
 * the body early with scripting off, with a tracking pixel or a notice
 * ({@code <noscript><div><img></div></noscript>}), and the body the widget goes into begins
 * later, at the page's {@code <body>}. The elements opened in that early body are followed
 * while they close in order, so that a widget written after them finds nothing of theirs
 * open; anything less plain is for the {@link Tracker} to count as non-benign.
 *
 * <p>Made only for pages whose body begins early without scripts.
 */
final class EarlyBody {
    /** How many open elements are followed; one more is not plain. */
    static final int MAX = 16;
    /** What the tracker holds once the Engine decided where the widget goes: what opens from then on is after it. */
    static final EarlyBody DECIDED = new EarlyBody();

    /** The open elements' names ("h1" for any heading), outermost first, and where each began. */
    private final String[] names = new String[MAX];
    private final long[] pos = new long[MAX];
    private int len;

    /** Whether an element opened before {@code at} is still open. */
    boolean openBefore(long at) {
        return len > 0 && pos[0] < at;
    }

    /**
     * A start tag "in body" that leaves an element open, at {@code at}: false when it is not
     * plain (not one of the elements whose start does nothing but open it, one too many, or
     * one that may close or reopen one already open), and then it is not followed.
     */
    boolean open(long at, String name) {
        if (!plainOpen(name) || len == MAX) {
            return false;
        }
        boolean phrasing = phrasing(name);
        String n = heading(name);
        for (int k = 0; k < len; k++) {
            String o = names[k];
            // What this tag may close or reopen: a p, li, dd, dt or heading open (closed by a
            // block), a formatting element of the same name (the list of active formatting
            // elements, the adoption agency).
            if (o.equals(n) || !phrasing && (o.equals("p") || o.equals("li") || o.equals("dd")
                    || o.equals("dt") || o.equals("h1"))) {
                return false;
            }
        }
        names[len] = n;
        pos[len] = at;
        len++;
        return true;
    }

    /**
     * An end tag "in body": pops the innermost element if it is of that name; false when it
     * closes more than the innermost (implied ends, the adoption agency).
     */
    boolean close(String name) {
        if (len == 0) {
            return true;
        }
        String n = heading(name);
        if (names[len - 1].equals(n)) {
            len--;
            return true;
        }
        for (int k = 0; k < len; k++) {
            if (names[k].equals(n)) {
                return false;
            }
        }
        return true;
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
}

package dev.helpline.core.html;

/**
 * Why the rewriter stopped following a page's body, after the widget went in: from the
 * reported byte offset on, the page passes through as the host wrote it (no more number
 * links, no more boxes). Like {@link Outcome} for the head, each constant names the
 * construct; each is a place where the rewriter cannot be sure what the browser's tree
 * looks like, and prefers to leave the host's page alone.
 */
public enum StopReason {
    /** {@code <plaintext>}: everything after it is text. */
    PLAINTEXT,
    /** A {@code <template>} inside another template's content. */
    NESTED_TEMPLATE,
    /** A {@code </table>} in a template's content for a table opened before the template. */
    TABLE_END_IN_TEMPLATE,
    /** More tables nested in each other's cells than the rewriter follows. */
    TABLES_TOO_DEEP,
    /** A table's end tag inside a {@code <select>} in a table, which may close both. */
    TABLE_TAG_IN_SELECT,
    /**
     * An {@code <a>} start tag or {@code </a>} while a block (div, p, li, a heading, ...)
     * opened inside the open link is still open: the parser's adoption agency moves or
     * clones the link.
     */
    LINK_AROUND_BLOCK,
    /** {@code data-helpline-skip} on an element whose end tag cannot be told from others' (a custom element). */
    SKIP_ON_UNKNOWN_ELEMENT,
    /** A {@code <noscript>} whose content parses differently with scripting off than the rewriter can follow. */
    NOSCRIPT_SCRIPTING_DEPENDENT,
    /** A {@code <noscript>} inside svg or MathML. */
    NOSCRIPT_IN_FOREIGN_CONTENT,
    /** HTML markup inside an svg {@code <title>}, {@code <desc>} or {@code <foreignObject>}, or in MathML text. */
    MARKUP_IN_INTEGRATION_POINT,
    /** MathML {@code <annotation-xml>}, whose content may be HTML or not depending on an attribute. */
    ANNOTATION_XML,
    /** An end tag inside svg or MathML that no open svg/MathML element has. */
    FOREIGN_END_TAG_UNMATCHED,
    /** svg/MathML elements nested deeper than the rewriter follows. */
    FOREIGN_TOO_DEEP,
    /** Something in the body had to be held back longer than the window (an endless run of digits, a huge comment). */
    WINDOW_EXCEEDED,
    /** The rewriter failed in the body; the rest of the page passed through unchanged. */
    INTERNAL_ERROR
}

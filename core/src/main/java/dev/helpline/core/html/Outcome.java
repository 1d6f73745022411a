package dev.helpline.core.html;

/**
 * What the rewriter did with one page. Everything but {@link #INJECTED} means the page
 * went out byte for byte as the host wrote it; the constant says why.
 */
public enum Outcome {
    /** Not decided yet: the page has not reached its body or its end. */
    PENDING,
    /** The widget was written where the body begins. */
    INJECTED,
    /** A frameset document (or a frameset that would replace the body): there is no body to write into. */
    FRAMESET,
    /** {@code <plaintext>} before the body: everything after it is text. */
    PLAINTEXT_BEFORE_BODY,
    /** The page ended inside a tag before the body. */
    EOF_IN_TAG,
    /** The page ended inside a comment (or bogus comment, CDATA section) before the body. */
    EOF_IN_COMMENT,
    /** The page ended inside a DOCTYPE. */
    EOF_IN_DOCTYPE,
    /** The page ended inside the raw text of title, textarea, style, script and the like before the body. */
    EOF_IN_RAWTEXT,
    /** The page ended inside a {@code <template>} opened before the body. */
    EOF_IN_TEMPLATE,
    /**
     * A {@code <template>} before the body holds content whose parsing the rewriter does not
     * follow (svg, math, select), or leaves a formatting element in the parser's list that
     * the body would reopen around the widget.
     */
    TEMPLATE_CONTENT,
    /**
     * svg or MathML at the start of the body that the rewriter does not follow (an end tag
     * no open svg/math element has, an HTML element opened inside an svg title, desc or
     * foreignObject or in MathML text) while a {@code <frameset>} could still replace the body.
     */
    FOREIGN_CONTENT,
    /** The body begins at different places with scripting on and off ({@code <noscript>} in the head) in a way the widget cannot follow. */
    SCRIPTING_DEPENDENT,
    /** A NUL character before the body, where parsers disagree on whether it starts the body. */
    NUL_BEFORE_BODY,
    /** The page has no markup at all (empty, whitespace or comments only). */
    NO_BODY_FOUND,
    /** The page's encoding is not one the rewriter can write the widget in (ISO-2022-JP, UTF-32, UTF-16 without a BOM, ...). */
    UNSUPPORTED_CHARSET,
    /** Deciding needed more than the window (an absurdly long character reference before the body). */
    WINDOW_EXCEEDED,
    /** The rewriter failed; the page passed through unchanged from there on. */
    INTERNAL_ERROR
}

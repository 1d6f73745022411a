package dev.helpline.core.html;

/**
 * Told what the rewriter did with each page: how its head ended ({@link Outcome}) and, when
 * it stopped following the body, why and where ({@link StopReason}). One per
 * {@link HtmlRewriter} (given in its {@link HtmlRewriter.Options}); called on the thread that
 * writes the page, so implementations must be thread safe and quick (count, log).
 */
public interface RewriteListener {
    /** Does nothing. */
    RewriteListener NONE = new RewriteListener() {
    };

    /**
     * A page ended (or was abandoned) with this head outcome.
     *
     * @param path the page's path as its {@link PageWidget#pagePath()} tells, or {@code null}
     */
    default void headOutcome(String path, Outcome outcome) {
    }

    /**
     * The body features stopped on this page from {@code offset} on (bytes from the page's
     * start for byte streams, chars for writers). At most once per page.
     */
    default void bodyStopped(String path, StopReason reason, long offset) {
    }
}

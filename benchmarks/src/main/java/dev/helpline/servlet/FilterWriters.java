package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;

import java.io.Writer;

/**
 * Opens the filter's char side to the benchmarks: the writer a rewritten response hands its
 * container's writer to, now and before its rework. {@link Writer#close()} ends the page
 * (as the filter's finish does) and leaves the container's writer open.
 */
public final class FilterWriters {
    private final PageRewriter rewriter;
    private final PageWidget widget;

    public FilterWriters(HtmlRewriter rewriter, PageWidget widget) {
        this.rewriter = PageRewriter.of(rewriter);
        this.widget = widget;
    }

    public Writer now(Writer container) {
        return new FailOpenWriter(container, rewriter, widget);
    }

    /** The filter's writer for a response with its own widget. */
    public Writer now(Writer container, PageWidget responseWidget) {
        return new FailOpenWriter(container, rewriter, responseWidget);
    }

    public Writer before(Writer container) {
        return new FailOpenWriterBefore(container, rewriter, widget);
    }
}

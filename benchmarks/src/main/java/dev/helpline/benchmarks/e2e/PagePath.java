package dev.helpline.benchmarks.e2e;

import java.util.Locale;

/** How the host produces the page: the three ways the harness measures. */
public enum PagePath {
    /** A file from the container's default servlet: bytes through the output stream. */
    STATIC("/article.html", "static file (bytes)"),
    /** A servlet doing one {@code getWriter().write(page)}. */
    ONE_WRITE("/one", "getWriter(), one write"),
    /** A servlet doing {@value PageServlets#PRINTS} {@code print()}s of {@value PageServlets#PRINT_CHARS} chars (a template engine). */
    PRINTS("/prints", "getWriter(), 50-char prints");

    private final String uri;
    private final String label;

    PagePath(String uri, String label) {
        this.uri = uri;
        this.label = label;
    }

    public String uri() {
        return uri;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static PagePath of(String key) {
        for (PagePath p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown path '" + key + "' (static, one-write, prints)");
    }
}

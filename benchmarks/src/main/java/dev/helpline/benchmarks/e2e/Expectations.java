package dev.helpline.benchmarks.e2e;

import java.util.Optional;

/**
 * What each variant must serve, checked by the harness before it measures anything (a
 * server that serves the wrong page would make every number meaningless) and by
 * {@code E2eServersTest} on every build.
 */
final class Expectations {
    private static final String BANNER = "data-helpline=\"banner\"";
    private static final String INLINE = "data-helpline=\"who\"";
    private static final String BOX = "data-helpline=\"cta\"";

    private Expectations() {
    }

    /** Why {@code body} is not what {@code variant} should serve for {@code page}, if it is not. */
    static Optional<String> problem(Variant variant, E2ePage page, String body) {
        String last = lastParagraph(page.html());
        return switch (variant) {
            case NONE, WRAPPER -> body.equals(page.html()) ? Optional.empty()
                    : Optional.of("not the host's page unchanged (" + body.length() + " chars, the page has " + page.html().length() + ")");
            case BANNER -> expect(body, last, 1, 0, 0);
            case FULL -> expect(body, last, 1, page.helplineNumbers(), 1);
            case SITEMESH -> expect(body, last, 1, 0, 0);
        };
    }

    private static Optional<String> expect(String body, String last, int banners, int links, int boxes) {
        int b = count(body, BANNER);
        int l = count(body, INLINE);
        int x = count(body, BOX);
        if (b != banners || l != links || x != boxes) {
            return Optional.of("expected " + banners + " banner, " + links + " linked numbers, " + boxes
                    + " box; found " + b + ", " + l + ", " + x);
        }
        if (!body.contains(last)) {
            return Optional.of("the page's last paragraph is missing");
        }
        return Optional.empty();
    }

    private static String lastParagraph(String html) {
        int end = html.lastIndexOf("</p>\n</article>");
        return html.substring(html.lastIndexOf("<p>", end), end);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    /** The bytes between {@code <head>} and {@code </head>}, or -1. */
    static int headLength(String html) {
        int start = html.indexOf("<head>");
        int end = html.indexOf("</head>");
        return start < 0 || end < start ? -1 : end - start - "<head>".length();
    }
}

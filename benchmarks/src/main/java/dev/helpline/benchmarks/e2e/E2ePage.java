package dev.helpline.benchmarks.e2e;

import dev.helpline.benchmarks.ArticleFile;

import java.nio.charset.StandardCharsets;

/**
 * The page every server of the end-to-end harness serves: the 100 KB benchmark article
 * ({@link ArticleFile}) shaped like a partner's page. The helpline's own number appears in
 * a few paragraphs (each paragraph of the article ends with a call to a number; every
 * {@value #HELPLINE_EVERY}th one names the helpline's, the others "our front desk", which
 * has the same length), and the host marks a slot for the call-to-action box after the
 * third paragraph, as the README's configuration section shows.
 */
public final class E2ePage {
    /** The helpline's number, as configured for the servers and written in the page. */
    public static final String HELPLINE = "(800) 601-3889";
    /** The host's slot for the box. */
    public static final String SLOT = "<div data-helpline-slot=\"cta\"></div>\n";
    /** Every how many paragraphs the helpline's number appears. */
    static final int HELPLINE_EVERY = 40;
    private static final String ARTICLE_NUMBER = "(800) 555-0100";
    private static final String FRONT_DESK = "our front desk";

    private final String html;
    private final byte[] bytes;
    private final int helplineNumbers;

    private E2ePage(String html, int helplineNumbers) {
        this.html = html;
        this.bytes = html.getBytes(StandardCharsets.UTF_8);
        this.helplineNumbers = helplineNumbers;
    }

    /** The page built from an article of about {@code size} bytes. */
    public static E2ePage of(int size) {
        String article = new String(ArticleFile.article(size), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(article.length() + SLOT.length());
        int from = 0;
        int paragraph = 0;
        int numbers = 0;
        while (true) {
            int at = article.indexOf(ARTICLE_NUMBER, from);
            if (at < 0) {
                break;
            }
            out.append(article, from, at);
            boolean helpline = paragraph % HELPLINE_EVERY == 0;
            out.append(helpline ? HELPLINE : FRONT_DESK);
            numbers += helpline ? 1 : 0;
            paragraph++;
            from = at + ARTICLE_NUMBER.length();
        }
        out.append(article, from, article.length());
        int third = nthIndexAfter(out, "</p>\n", 3);
        if (third < 0) {
            throw new IllegalArgumentException("an article of " + size + " bytes has fewer than 3 paragraphs");
        }
        out.insert(third, SLOT);
        return new E2ePage(out.toString(), numbers);
    }

    private static int nthIndexAfter(CharSequence s, String needle, int n) {
        String text = s.toString();
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.indexOf(needle, at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at + needle.length();
    }

    public String html() {
        return html;
    }

    /** The page's UTF-8 bytes (a copy is not made: callers must not change them). */
    byte[] bytes() {
        return bytes;
    }

    /** How many times the helpline's number appears in paragraph text. */
    public int helplineNumbers() {
        return helplineNumbers;
    }

    /** Where a host that flushes early flushes: right after {@code </head>}. */
    int afterHead() {
        return html.indexOf("</head>") + "</head>".length();
    }

    /** Or after the page's first paragraph (the banner's place, {@code <body>}, is behind it). */
    int afterFirstParagraph() {
        return html.indexOf("</p>\n") + "</p>\n".length();
    }
}

package dev.helpline.benchmarks.e2e;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/** The hosts that write the page through {@code getWriter()}, as servlets, JSPs and template engines do. */
final class PageServlets {
    /** Characters per {@code print()} on the prints path. */
    static final int PRINT_CHARS = 50;
    /** How long the flushing host works between its early flush and the rest of the page. */
    static final int PAUSE_MILLIS = 100;

    private PageServlets() {
    }

    private static PrintWriter htmlWriter(HttpServletResponse res) throws IOException {
        res.setContentType("text/html;charset=UTF-8");
        return res.getWriter();
    }

    /** One {@code write(String)} of the whole page. */
    static final class OneWrite extends HttpServlet {
        private final String page;

        OneWrite(E2ePage page) {
            this.page = page.html();
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            htmlWriter(res).write(page);
        }
    }

    /** The page in {@value #PRINT_CHARS}-char {@code print(String)}s, made once. */
    static final class Prints extends HttpServlet {
        private final String[] pieces;

        Prints(E2ePage page) {
            String html = page.html();
            pieces = new String[(html.length() + PRINT_CHARS - 1) / PRINT_CHARS];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = html.substring(i * PRINT_CHARS, Math.min(html.length(), (i + 1) * PRINT_CHARS));
            }
        }

        int count() {
            return pieces.length;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PrintWriter out = htmlWriter(res);
            for (String piece : pieces) {
                out.print(piece);
            }
        }
    }

    /**
     * A host that sends the start of the page at once and then works on the rest: writes up to
     * {@code at} ({@code head}: through {@code </head>}; {@code paragraph}: through the first
     * paragraph), flushes, waits {@value #PAUSE_MILLIS} ms, writes the rest. Its time to first
     * byte is what a browser waits before it can fetch the stylesheets.
     */
    static final class Flushing extends HttpServlet {
        private final E2ePage page;

        Flushing(E2ePage page) {
            this.page = page;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String at = req.getParameter("at");
            int cut = "paragraph".equals(at) ? page.afterFirstParagraph() : page.afterHead();
            String html = page.html();
            PrintWriter out = htmlWriter(res);
            out.write(html, 0, cut);
            out.flush();
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            out.write(html, cut, html.length() - cut);
        }
    }
}

package dev.helpline.demo;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.Outcome;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.html.RewriteListener;
import dev.helpline.core.html.StopReason;
import dev.helpline.core.phone.PhoneNumber;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Measures the body features on a folder of real pages ({@code inject --report DIR}, and
 * {@code RealPagesTest}). Each page gets the helpline's number, in its five forms in turn, put into the text right after every third {@code <p>}/{@code <li>}
 * start tag, each followed by an id ({@code " Call 800-601-3889 now [n17]. "}). A reference
 * HTML5 parser (jsoup) decides from the input alone where a link belongs: text in the body,
 * not inside a, button, label, select/option, textarea, title, script/style, noscript,
 * template, iframe, svg/MathML nor under {@code data-helpline-skip}. The rewriter's output,
 * parsed the same way, tells which ids got a link; minus what the rewriter added it must be
 * the host's tree. The box after the N-th paragraph is due where the article/main elements
 * hold N or more paragraphs (outside tables) and must follow the N-th of them.
 */
final class RealPagesReport {
    private final String[] forms;
    private final int afterParagraph;
    private final Supplier<PageWidget> widgets;

    private static final Pattern P_OR_LI = Pattern.compile("<(?i:p|li)(?:[\\s/][^>]*)?>");
    private static final Pattern ID = Pattern.compile("^ now \\[n(\\d+)]");
    private static final Pattern ID_ANYWHERE = Pattern.compile("Call ([0-9+(). \\-]{12,17}) now \\[n(\\d+)]");

    /**
     * @param number         the helpline's number, put into the pages in its five forms
     * @param afterParagraph the box's paragraph ({@code helpline.cta.after-paragraph}); 0: the box is not measured
     *                       (the widgets' rewriter is told the same)
     * @param widgets        a widget per page, as the filter would make it
     */
    RealPagesReport(PhoneNumber number, int afterParagraph, Supplier<PageWidget> widgets) {
        String d = number.nationalDigits();
        String a = d.substring(0, 3), b = d.substring(3, 6), c = d.substring(6);
        this.forms = new String[] {a + "-" + b + "-" + c, "(" + a + ") " + b + "-" + c, a + "." + b + "." + c,
            "1-" + a + "-" + b + "-" + c, "+1 " + a + " " + b + " " + c};
        this.afterParagraph = afterParagraph;
        this.widgets = widgets;
    }

    /** What one page came to. */
    record PageResult(String name, int inserted, int expected, int linked, int wrong, boolean altered, String alteration,
                      boolean boxDue, boolean boxPlaced, boolean boxWrong, Outcome outcome, Map<StopReason, Integer> stops,
                      String firstStop) {
        double recall() {
            return expected == 0 ? 1 : (double) linked / expected;
        }
    }

    /** The pages of a corpus folder ({@code *.html.gz} or {@code *.html}), by name. */
    static List<Path> pages(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".html.gz") || p.getFileName().toString().endsWith(".html"))
                    .sorted().toList();
        }
    }

    static byte[] read(Path page) throws IOException {
        try (InputStream in = Files.newInputStream(page)) {
            InputStream src = page.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
            return src.readAllBytes();
        }
    }

    /** The page with the numbers put in (bytes kept as they were, the insertions ASCII). */
    byte[] withNumbers(byte[] page, int[] count) {
        String s = new String(page, StandardCharsets.ISO_8859_1);
        StringBuilder b = new StringBuilder(s.length() + 4096);
        Matcher m = P_OR_LI.matcher(s);
        int from = 0;
        int k = 0;
        int id = 0;
        while (m.find()) {
            if (k++ % 3 != 0) {
                continue;
            }
            b.append(s, from, m.end());
            b.append(" Call ").append(forms[id % forms.length]).append(" now [n").append(id).append("]. ");
            id++;
            from = m.end();
        }
        b.append(s, from, s.length());
        count[0] = id;
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static Document parse(byte[] page) {
        try {
            Document doc = Jsoup.parse(new ByteArrayInputStream(page), null, "", Parser.htmlParser());
            doc.outputSettings().prettyPrint(false);
            return doc;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether text in {@code parent} may carry a link, by the reference rules. */
    static boolean linkable(Element parent) {
        boolean inBody = false;
        for (Element e = parent; e != null; e = e.parent()) {
            if (!e.tag().namespace().equals(Parser.NamespaceHtml)) {
                return false;
            }
            if (e.hasAttr("data-helpline-skip")) {
                return false;
            }
            switch (e.normalName()) {
                case "a", "button", "label", "select", "option", "optgroup", "datalist", "textarea", "title", "script",
                        "style", "noscript", "template", "iframe", "svg", "math", "xmp", "noembed", "noframes",
                        "head", "object", "applet", "marquee" -> {
                    return false;
                }
                case "body" -> inBody = true;
                default -> {
                }
            }
        }
        return inBody;
    }

    /** The ids of inserted numbers in text where a link belongs. */
    static BitSet expected(Document doc) {
        BitSet out = new BitSet();
        for (TextNode t : textNodes(doc)) {
            if (t.parent() != null && linkable(t.parent())) {
                Matcher m = ID_ANYWHERE.matcher(t.getWholeText());
                while (m.find()) {
                    out.set(Integer.parseInt(m.group(2)));
                }
            }
        }
        return out;
    }

    static List<TextNode> textNodes(Node root) {
        List<TextNode> out = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode t) {
                out.add(t);
            }
        }, root);
        return out;
    }

    static boolean ours(Node n, String value) {
        return n instanceof Element e && value.equals(e.attr("data-helpline"));
    }

    /** Measures one page. */
    PageResult measure(String name, byte[] original) throws IOException {
        int[] count = new int[1];
        byte[] input = withNumbers(original, count);
        Document host = parse(input);
        BitSet expected = expected(host);

        Map<StopReason, Integer> stops = new EnumMap<>(StopReason.class);
        String[] firstStop = {null};
        RewriteListener listener = new RewriteListener() {
            @Override
            public void bodyStopped(String path, StopReason reason, long offset) {
                stops.merge(reason, 1, Integer::sum);
                if (firstStop[0] == null) {
                    firstStop[0] = reason + "@" + offset + ": " + excerpt(input, offset);
                }
            }
        };
        HtmlRewriter rewriter = new HtmlRewriter(new HtmlRewriter.Options(afterParagraph, listener));
        ByteArrayOutputStream sink = new ByteArrayOutputStream(input.length + 8192);
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(sink, null, widgets.get());
        out.write(input);
        out.finish();
        byte[] output = sink.toByteArray();

        Document got = parse(output);
        // which ids got a link: the text right after a link's trigger names it
        BitSet linked = new BitSet();
        int wrong = 0;
        for (Element a : got.select("a[data-helpline=tel]")) {
            if (a.closest("[data-helpline=cta], [data-helpline=banner]") != null) {
                continue;
            }
            Node who = a.nextSibling();
            Node after = who == null ? null : who.nextSibling();
            Matcher m = after instanceof TextNode t ? ID.matcher(t.getWholeText()) : null;
            if (m != null && m.find()) {
                int id = Integer.parseInt(m.group(1));
                linked.set(id);
                if (!expected.get(id)) {
                    wrong++;
                }
            } else {
                wrong++;
            }
        }
        linked.and(expected);

        // the box
        int[] boxes = {0};
        boolean[] boxRight = {false};
        int due = articleParagraphs(host);
        checkBox(got, boxes, boxRight);

        // minus the widget, the host's tree
        strip(got);
        String h = host.outerHtml();
        String g = got.outerHtml();
        String alteration = null;
        if (!h.equals(g)) {
            int i = 0;
            while (i < h.length() && i < g.length() && h.charAt(i) == g.charAt(i)) {
                i++;
            }
            alteration = "at char " + i + ": host «" + h.substring(Math.max(0, i - 60), Math.min(h.length(), i + 60))
                    + "» got «" + g.substring(Math.max(0, i - 60), Math.min(g.length(), i + 60)) + "»";
            alteration = alteration.replace('\n', '~');
        }
        boolean boxDue = afterParagraph > 0 && due >= afterParagraph;
        return new PageResult(name, count[0], expected.cardinality(), linked.cardinality(), wrong, alteration != null,
                alteration, boxDue, boxes[0] > 0 && boxRight[0], boxes[0] > 0 && !(boxDue && boxRight[0]), out.outcome(),
                stops, firstStop[0]);
    }

    static String excerpt(byte[] page, long offset) {
        int at = (int) Math.min(Math.max(offset, 0), page.length);
        int from = Math.max(0, at - 40);
        int to = Math.min(page.length, at + 80);
        return new String(page, from, to - from, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }

    private static boolean inArticle(Element e) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            String n = p.normalName();
            if (n.equals("table") || n.equals("template") || n.equals("a") || n.equals("button") || n.equals("object")
                    || n.equals("applet") || n.equals("marquee")) {
                return false;
            }
            if (n.equals("article") || n.equals("main")) {
                return true;
            }
        }
        return false;
    }

    private static boolean articleParagraph(Node n) {
        return n instanceof Element e && e.normalName().equals("p") && e.tag().namespace().equals(Parser.NamespaceHtml)
                && inArticle(e);
    }

    /** How many paragraphs the article/main elements hold (outside tables). */
    static int articleParagraphs(Document doc) {
        int n = 0;
        for (Element p : doc.body() == null ? List.<Element>of() : doc.body().select("p")) {
            if (articleParagraph(p)) {
                n++;
            }
        }
        return n;
    }

    /** Counts the boxes; whether the first comes right after the N-th article paragraph ended, and in no paragraph. */
    void checkBox(Document doc, int[] boxes, boolean[] right) {
        int[] ended = {0};
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (ours(node, "cta")) {
                    if (boxes[0]++ == 0) {
                        right[0] = ended[0] == afterParagraph && ((Element) node).closest("p") == null;
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (articleParagraph(node)) {
                    ended[0]++;
                }
            }
        }, doc);
    }

    /** Removes what the widget added (its body-start elements, boxes, triggers); unwraps the number links. */
    static void strip(Document doc) {
        for (Element e : doc.select("[data-helpline]:not([data-helpline=tel])")) {
            e.remove();
        }
        for (Element a : doc.select("a[data-helpline=tel]")) {
            a.unwrap();
        }
        mergeText(doc);
    }

    private static void mergeText(Node n) {
        for (int i = 0; i < n.childNodeSize(); i++) {
            Node c = n.childNode(i);
            if (c instanceof TextNode t && i + 1 < n.childNodeSize() && n.childNode(i + 1) instanceof TextNode next) {
                t.text(t.getWholeText() + next.getWholeText());
                next.remove();
                i--;
            } else {
                mergeText(c);
            }
        }
    }

    /** Totals over a corpus. */
    record Totals(int pages, int expected, int linked, int wrong, int altered, int boxDue, int boxPlaced, int boxWrong,
                  int noLink, Map<StopReason, Integer> stops, Map<StopReason, Integer> pagesStopped) {
        double recall() {
            return expected == 0 ? 1 : (double) linked / expected;
        }

        double boxRate() {
            return boxDue == 0 ? 1 : (double) boxPlaced / boxDue;
        }
    }

    static Totals total(List<PageResult> results) {
        int e = 0, l = 0, w = 0, a = 0, bd = 0, bp = 0, bw = 0, none = 0;
        Map<StopReason, Integer> stops = new EnumMap<>(StopReason.class);
        Map<StopReason, Integer> pagesStopped = new EnumMap<>(StopReason.class);
        for (PageResult r : results) {
            e += r.expected();
            l += r.linked();
            w += r.wrong();
            a += r.altered() ? 1 : 0;
            bd += r.boxDue() ? 1 : 0;
            bp += r.boxDue() && r.boxPlaced() ? 1 : 0;
            bw += r.boxWrong() ? 1 : 0;
            none += r.expected() > 0 && r.linked() == 0 ? 1 : 0;
            r.stops().forEach((k, v) -> {
                stops.merge(k, v, Integer::sum);
                pagesStopped.merge(k, 1, Integer::sum);
            });
        }
        return new Totals(results.size(), e, l, w, a, bd, bp, bw, none, stops, pagesStopped);
    }

    String report(List<PageResult> results, boolean perPage) {
        StringBuilder b = new StringBuilder();
        if (perPage) {
            for (PageResult r : results) {
                b.append(String.format("%-34s %4d/%-4d %6.1f%%%s%s%s%s%s%n", r.name(), r.linked(), r.expected(), 100 * r.recall(),
                        r.outcome() == Outcome.INJECTED ? "" : "  " + r.outcome(),
                        r.wrong() > 0 ? "  WRONG " + r.wrong() : "", r.altered() ? "  ALTERED " + r.alteration() : "",
                        r.boxWrong() ? "  BOX MISPLACED" : r.boxDue() ? (r.boxPlaced() ? "  box" : "  NO BOX") : "",
                        r.firstStop() == null ? "" : "  stop " + r.firstStop()));
            }
        }
        Totals t = total(results);
        b.append(String.format("pages %d, numbers where a link belongs %d, linked %d (%.2f%%), wrongly linked %d, "
                        + "altered pages %d, pages with no link %d%n", t.pages(), t.expected(), t.linked(), 100 * t.recall(),
                t.wrong(), t.altered(), t.noLink()));
        if (afterParagraph > 0) {
            b.append(String.format("box after paragraph %d: due on %d pages, placed on %d (%.1f%%), misplaced %d%n",
                    afterParagraph, t.boxDue(), t.boxPlaced(), 100 * t.boxRate(), t.boxWrong()));
        } else {
            b.append("box after a paragraph: not measured (helpline.cta.after-paragraph=0)\n");
        }
        b.append("stop reasons (stops / pages):");
        t.stops().entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                .forEach(en -> b.append(' ').append(en.getKey()).append('=').append(en.getValue()).append('/')
                        .append(t.pagesStopped().get(en.getKey())));
        b.append('\n');
        return b.toString();
    }
}

package dev.helpline.core.html;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The oracle for pages with inline numbers and CTA boxes: parsed (scripting on and off),
 * the output minus what the rewriter added (the body-start widget; each CTA box; each
 * "who answers" trigger; each number link unwrapped, keeping its text) must be the host's
 * tree, with the {@code <!-- helpline:cta -->} markers left out of both and adjacent text
 * merged.
 */
final class InlineOracle {
    static final Pattern NUMBER_TEXT = Pattern.compile("[0-9+(). \\-]{12,17}");

    private InlineOracle() {
    }

    /** What one check found; {@code cellLinks} of the links are in a table's cell or caption. */
    record Result(String problem, int links, int boxes, int cellLinks) {
        Result(String problem) {
            this(problem, 0, 0, 0);
        }
    }

    static Result check(String input, String output) {
        int cellLinks = 0;
        int links = -1;
        int boxes = -1;
        for (boolean scripting : new boolean[] {true, false}) {
            Oracle.Node host = Oracle.parse(Oracle.withoutEofReferenceDefect(input), scripting);
            Oracle.Node got = Oracle.parse(Oracle.withoutEofReferenceDefect(output), scripting);
            removeMarkers(host);
            removeMarkers(got);
            int w = Oracle.removeWidget(got, CorpusTest.WIDGET_TREE);
            if (!output.equals(input) && w != 1) {
                return new Result("scripting " + scripting + ": widget found " + w + " times\n" + Oracle.dump(got));
            }
            List<String> problems = new ArrayList<>();
            int[] counts = new int[3];
            strip(got, problems, counts, false, false);
            if (!problems.isEmpty()) {
                return new Result("scripting " + scripting + ": " + problems + "\n" + Oracle.dump(Oracle.parse(output, scripting)));
            }
            normalize(host);
            normalize(got);
            String h = Oracle.dump(host);
            String g = Oracle.dump(got);
            if (!h.equals(g)) {
                return new Result("scripting " + scripting + ": host tree altered\nexpected:\n" + h + "got:\n" + g);
            }
            if (links >= 0 && (links != counts[0] || boxes != counts[1])) {
                return new Result("links/boxes differ between scripting modes: " + links + "/" + boxes + " vs "
                        + counts[0] + "/" + counts[1]);
            }
            links = counts[0];
            boxes = counts[1];
            cellLinks = counts[2];
        }
        return new Result(null, links, boxes, cellLinks);
    }

    private static boolean isMarker(Oracle.Node n) {
        return n.kind.equals("comment") && n.text.toString().trim().equals("helpline:cta");
    }

    private static void removeMarkers(Oracle.Node n) {
        n.children.removeIf(InlineOracle::isMarker);
        for (Oracle.Node c : n.children) {
            removeMarkers(c);
        }
    }

    private static boolean ours(Oracle.Node n, String value) {
        return n.kind.equals("element") && value.equals(n.attrs.get("data-helpline"));
    }

    /** Removes boxes and triggers, unwraps links (checking each is followed by its trigger); counts links, boxes, links in cells. */
    private static void strip(Oracle.Node n, List<String> problems, int[] counts, boolean inBody, boolean inCell) {
        boolean html = n.kind.equals("element") && n.ns.equals(Oracle.HTML);
        boolean body = inBody || (html && n.name.equals("body"));
        boolean cell = inCell || (html && (n.name.equals("td") || n.name.equals("th") || n.name.equals("caption")));
        for (int i = 0; i < n.children.size(); i++) {
            Oracle.Node c = n.children.get(i);
            if (ours(c, "cta")) {
                if (!body || !c.ns.equals(Oracle.HTML) || !"hl-cta".equals(c.attrs.get("id"))) {
                    problems.add("box out of place");
                }
                counts[1]++;
                n.children.remove(i--);
                continue;
            }
            if (ours(c, "tel")) {
                String text = c.children.size() == 1 && c.children.get(0).kind.equals("text")
                        ? c.children.get(0).text.toString() : null;
                Oracle.Node next = i + 1 < n.children.size() ? n.children.get(i + 1) : null;
                if (!body || !c.ns.equals(Oracle.HTML) || text == null || !NUMBER_TEXT.matcher(text).matches()
                        || next == null || !ours(next, "who")) {
                    problems.add("link out of place or not followed by its trigger: " + text);
                }
                counts[0]++;
                counts[2] += cell ? 1 : 0;
                n.children.remove(i);
                if (next != null && ours(next, "who")) {
                    n.children.remove(i);
                }
                for (int k = c.children.size() - 1; k >= 0; k--) {
                    Oracle.Node moved = c.children.get(k);
                    moved.parent = n;
                    n.children.add(i, moved);
                }
                i--;
                continue;
            }
            if (ours(c, "who")) {
                problems.add("trigger without a link");
                n.children.remove(i--);
                continue;
            }
            strip(c, problems, counts, body, cell);
        }
    }

    private static void normalize(Oracle.Node n) {
        for (int i = 0; i < n.children.size(); i++) {
            Oracle.Node c = n.children.get(i);
            if (c.kind.equals("text") && c.text.length() == 0) {
                n.children.remove(i--);
                continue;
            }
            if (i > 0 && c.kind.equals("text") && n.children.get(i - 1).kind.equals("text")) {
                n.children.get(i - 1).text.append(c.text);
                n.children.remove(i--);
                continue;
            }
            normalize(c);
        }
    }
}

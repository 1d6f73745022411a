package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The html5lib corpus with inline numbers and the CTA box on: every document as it is, and
 * variants with a helpline number, a {@code <!-- helpline:cta -->} marker or a slot
 * {@code <div>} put in at up to a dozen places (after tags, at both ends). Each output,
 * parsed with scripting on and off, minus what the rewriter added, must be the host's tree
 * ({@link InlineOracle}); and split at a random place, the same as in one write.
 */
class InlineCorpusTest {
    static final String[] INSERTS = {
        "800-601-3889", " (800) 601-3889.", "<!-- helpline:cta -->", "<div data-helpline-slot=\"cta\"></div>",
    };

    /** Right after the first few start tags of a cell or caption (td, th, caption), which the places above seldom hit. */
    static List<Integer> cellPlaces(String doc) {
        List<Integer> out = new ArrayList<>();
        java.util.regex.Matcher m = CELL_START.matcher(doc);
        while (out.size() < 4 && m.find()) {
            out.add(m.end());
        }
        return out;
    }

    private static final java.util.regex.Pattern CELL_START =
            java.util.regex.Pattern.compile("<(?i:td|th|caption)(?:[\\s/][^<>]*)?>");

    static List<Integer> places(String doc) {
        List<Integer> all = new ArrayList<>();
        all.add(0);
        for (int i = 0; i < doc.length(); i++) {
            if (doc.charAt(i) == '>') {
                all.add(i + 1);
            }
        }
        all.add(doc.length());
        List<Integer> out = new ArrayList<>();
        int step = Math.max(1, all.size() / 12);
        for (int i = 0; i < all.size(); i += step) {
            out.add(all.get(i));
        }
        if (!out.contains(doc.length())) {
            out.add(doc.length());
        }
        return out;
    }

    static boolean oracleTrusted(Corpus.Case c) {
        for (boolean scripting : c.scripting() == null ? new boolean[] {true, false} : new boolean[] {c.scripting()}) {
            String got = CorpusTest.mergeText(Oracle.dump(Oracle.parse(c.data(), scripting)));
            if (!got.equals(CorpusTest.mergeText(c.document()))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void corpus_inlineOn_neverAltersTheHostTree() throws IOException {
        HtmlRewriter rewriter = new HtmlRewriter(new HtmlRewriter.Options(1));
        Random rnd = new Random(7);
        int pages = 0;
        int changed = 0;
        int links = 0;
        int boxes = 0;
        int cellLinks = 0;
        int altered = 0;
        int splitDiffers = 0;
        StringBuilder failures = new StringBuilder();
        for (Corpus.Case c : Corpus.documents()) {
            if (!oracleTrusted(c)) {
                continue;
            }
            List<String> variants = new ArrayList<>();
            variants.add(c.data());
            List<Integer> places = places(c.data());
            places.addAll(cellPlaces(c.data()));
            for (int at : places) {
                for (String insert : INSERTS) {
                    variants.add(c.data().substring(0, at) + insert + c.data().substring(at));
                }
            }
            for (String page : variants) {
                pages++;
                String out = InlineNumbersTest.rewriteChars(page, TestWidget.full(), rewriter, new int[0]);
                String base = InlineNumbersTest.rewriteChars(page, PageWidget.bodyStartOnly(CorpusTest.WIDGET), rewriter, new int[0]);
                if (out.equals(base)) {
                    continue; // nothing in the body changed; CorpusTest checks the rest
                }
                changed++;
                InlineOracle.Result r = InlineOracle.check(page, out);
                if (r.problem() != null) {
                    altered++;
                    if (altered <= 10) {
                        failures.append("\n=== ").append(c).append(" ===\n").append(page).append("\n--- out:\n").append(out)
                                .append('\n').append(r.problem());
                    }
                    continue;
                }
                links += r.links();
                boxes += r.boxes();
                cellLinks += r.cellLinks();
                int k = rnd.nextInt(page.length() + 1);
                String split = InlineNumbersTest.rewriteChars(page, TestWidget.full(), rewriter, new int[] {k});
                String bytes = InlineNumbersTest.rewriteBytes(page, StandardCharsets.UTF_8, null, TestWidget.full(), rewriter,
                        new int[] {Math.min(k, page.getBytes(StandardCharsets.UTF_8).length)});
                if (!split.equals(out) || !bytes.equals(out)) {
                    splitDiffers++;
                    if (splitDiffers <= 5) {
                        failures.append("\n=== split at ").append(k).append(' ').append(c).append('\n').append(page);
                    }
                }
            }
        }
        String summary = "pages=" + pages + " changed in the body=" + changed + " links=" + links + " in cells=" + cellLinks
                + " boxes=" + boxes
                + " altered=" + altered + " splitDiffers=" + splitDiffers;
        System.out.println("INLINE CORPUS " + summary);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/inline-corpus-summary.txt"), summary + "\n" + failures);
        assertEquals(0, altered, summary + failures);
        assertEquals(0, splitDiffers, summary + failures);
        // The test must be able to fail: it only means something if it links and places a lot.
        assertTrue(links > 5000 && boxes > 2000, summary);
    }
}

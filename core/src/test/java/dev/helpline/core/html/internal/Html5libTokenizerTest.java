package dev.helpline.core.html.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The html5lib tokenizer suites ({@code ../shared/corpora/html5lib-tests/tokenizer}, beside the
 * repository) run through {@link Tokenizer} directly, unit by unit, the way lol-html runs them
 * through its lexer.
 *
 * <p>The tokenizer finds token boundaries for a rewriter; it does not build tokens. So a case is
 * compared on what it does report, in order:
 * <ul>
 * <li>start tags: name (the {@link Names} string, or for names it does not know the
 *     {@link Tokenizer#nameKey()}), the attribute names (lower case, the first
 *     {@link Tokenizer#ATTR_NAME_MAX} units and the full length; a repeated name is kept once,
 *     first wins, as the spec drops the later ones), each value (the first
 *     {@link Tokenizer#ATTR_VALUE_MAX} units narrowed to bytes, and the full length), and "/&gt;";
 * <li>end tags: the name;
 * <li>comments (also bogus comments and, in foreign content, CDATA): where they begin, and that
 *     the span up to where the tokenizer leaves them holds the expected text;
 * <li>DOCTYPEs: that one is there.
 * </ul>
 * Character tokens are not compared: the tokenizer reports data-state units one by one and
 * none in raw text, and never decodes a character reference. A tag cut by the end of the input
 * is not a token (the tokenizer has reported its name already; it is dropped here, as the spec
 * drops it). A value whose raw text holds a character reference ('&amp;') is not compared (the
 * tokenizer keeps values undecoded by design); such values are counted.
 *
 * <p>Before feeding, the input gets the spec's input-stream preprocessing, which is not the
 * tokenizer's job: CR LF and CR become LF, and NUL becomes U+FFFD (what the spec puts in names,
 * values and comments in its place; the tokenizer treats both as "some other character").
 *
 * <p>Cases are skipped only for the reasons in {@link #SKIPPED_FILES} and {@link #unsupported},
 * each counted and printed; cases that differ are listed, with their reason, in
 * {@link #KNOWN_DIFFERENCES}, and a listed case that no longer differs fails the test too.
 */
class Html5libTokenizerTest {

    /** Whole files not run, with the reason. */
    private static final Map<String, String> SKIPPED_FILES = Map.of(
            "xmlViolation.test", "the XML-violation mode (an XML serializer's coercions), not the HTML tokenizer");

    /**
     * Cases (file, description, initial state) whose comparison fails, with what it means.
     * Empty when every compared case passes.
     */
    private static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code <repository>/../shared/corpora/html5lib-tests/tokenizer}, looked for from the module's directory up; null if absent. */
    static Path suites() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolveSibling("shared").resolve("corpora").resolve("html5lib-tests").resolve("tokenizer");
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    /** Records what the tokenizer reports, as tokens, plus each comment's raw span. */
    private static final class Recorder implements Tokenizer.Sink {
        Tokenizer tok;
        final List<Object[]> tokens = new ArrayList<>(); // {kind, ...}
        private Object[] tag;
        private Map<String, long[]> attrs;
        private Map<String, byte[]> values;

        @Override
        public void character(long pos, int c, boolean runStart) {
        }

        @Override
        public void startTag(long pos, String name) {
            tag = new Object[] {"StartTag", name, tok.nameKey()};
            attrs = new LinkedHashMap<>();
            values = new LinkedHashMap<>();
            tok.captureAttributes(true);
            tok.captureValues(true);
        }

        @Override
        public void endTag(long pos, String name) {
            tag = new Object[] {"EndTag", name, name.isEmpty() ? tok.nameKey() : 0L};
        }

        @Override
        public void attribute(char[] name, int nameLen, byte[] value, int valueLen) {
            String n = new String(name, 0, Math.min(nameLen, Tokenizer.ATTR_NAME_MAX)) + "/" + nameLen;
            if (!attrs.containsKey(n)) {
                attrs.put(n, new long[] {valueLen});
                values.put(n, java.util.Arrays.copyOf(value, Math.min(valueLen, Tokenizer.ATTR_VALUE_MAX)));
            }
        }

        @Override
        public void tagEnd(long end, boolean selfClosing) {
            tokens.add(new Object[] {tag[0], tag[1], tag[2], attrs, values, selfClosing});
            attrs = null;
            values = null;
        }

        @Override
        public void comment(long pos) {
            tokens.add(new Object[] {"Comment", pos, -1L});
        }

        @Override
        public void doctype(long pos) {
            tokens.add(new Object[] {"DOCTYPE"});
        }
    }

    /** The tally over all files. */
    private static final class Tally {
        int cases;
        int compared;
        int passed;
        int knownDifferent;
        int valuesNotCompared;
        int valuesCompared;
        /** Compared cases that expect at least one token besides characters. */
        int withTokens;
        final Map<String, Integer> tokens = new TreeMap<>();
        final Map<String, Integer> skipped = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> stale = new ArrayList<>();
    }

    @Test
    void html5libTokenizerSuites_tagsAttributesCommentsAndDoctypes_asTheSpecTokenizes() throws IOException {
        Path dir = suites();
        if (dir == null) {
            String msg = "../shared/corpora/html5lib-tests/tokenizer (beside the repository) is missing: the tokenizer suites were not run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            assumeTrue(false, msg);
        }
        Tally tally = new Tally();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "suite files: " + files);
        for (Path f : files) {
            String file = f.getFileName().toString();
            if (SKIPPED_FILES.containsKey(file)) {
                JsonNode root = JSON.readTree(f.toFile());
                for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                    int n = root.get(it.next()).size();
                    tally.cases += n;
                    tally.skipped.merge(file + ": " + SKIPPED_FILES.get(file), n, Integer::sum);
                }
                continue;
            }
            JsonNode tests = JSON.readTree(f.toFile()).get("tests");
            for (JsonNode test : tests) {
                runCase(file, test, tally);
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("html5lib tokenizer suites: ").append(tally.cases).append(" case runs (case × initial state), ")
                .append(tally.compared).append(" compared, ").append(tally.passed).append(" pass, ")
                .append(tally.knownDifferent).append(" known differences; attribute values compared: ")
                .append(tally.valuesCompared).append(", not compared (hold a character reference): ")
                .append(tally.valuesNotCompared).append("\n  compared cases expecting a token besides characters: ")
                .append(tally.withTokens).append(", expected tokens by kind: ").append(tally.tokens).append('\n');
        tally.skipped.forEach((why, n) -> report.append("  skipped ").append(n).append(": ").append(why).append('\n'));
        System.out.print(report);
        if (!tally.failures.isEmpty() || !tally.stale.isEmpty()) {
            fail(tally.failures.size() + " cases differ, " + tally.stale.size()
                    + " listed differences no longer differ\n" + String.join("\n", tally.failures)
                    + "\n" + String.join("\n", tally.stale) + "\n" + report);
        }
        assertTrue(tally.compared > 3000, report.toString());
        assertEquals(tally.compared, tally.passed + tally.knownDifferent, report.toString());
    }

    private static void runCase(String file, JsonNode test, Tally tally) {
        boolean doubleEscaped = test.path("doubleEscaped").asBoolean(false);
        String description = test.get("description").asText();
        String input = unescape(test.get("input").asText(), doubleEscaped);
        List<String> states = new ArrayList<>();
        if (test.has("initialStates")) {
            test.get("initialStates").forEach(s -> states.add(s.asText()));
        } else {
            states.add("Data state");
        }
        String lastStartTag = test.has("lastStartTag") ? test.get("lastStartTag").asText() : null;
        for (String state : states) {
            tally.cases++;
            String why = unsupported(state, lastStartTag);
            if (why != null) {
                tally.skipped.merge(why, 1, Integer::sum);
                continue;
            }
            tally.compared++;
            String id = file + " | " + description + " | " + state;
            String diff = compare(input, state, lastStartTag, test.get("output"), doubleEscaped, tally);
            String known = KNOWN_DIFFERENCES.get(id);
            if (diff == null && known == null) {
                tally.passed++;
            } else if (diff == null) {
                tally.stale.add("listed but passes now: " + id);
            } else if (known != null) {
                tally.knownDifferent++;
            } else {
                tally.failures.add(id + "\n    input " + printable(input) + "\n    " + diff);
            }
        }
    }

    /** Why a case cannot be run from this initial state, or null when it can. */
    private static String unsupported(String state, String lastStartTag) {
        return switch (state) {
            case "Data state", "PLAINTEXT state", "RCDATA state", "RAWTEXT state", "Script data state", "CDATA section state" -> null;
            default -> "initial state " + state + " has no counterpart in Tokenizer";
        };
    }

    private static String compare(String input, String state, String lastStartTag, JsonNode output,
            boolean doubleEscaped, Tally tally) {
        String in = preprocess(input);
        Recorder r = new Recorder();
        Tokenizer t = new Tokenizer(r, 1);
        r.tok = t;
        String raw = lastStartTag == null ? "" : lastStartTag;
        int offset = 0;
        switch (state) {
            case "PLAINTEXT state" -> t.switchTo(Tokenizer.PLAINTEXT, raw);
            case "RCDATA state" -> t.switchTo(Tokenizer.RCDATA, raw);
            case "RAWTEXT state" -> t.switchTo(Tokenizer.RAWTEXT, raw);
            case "Script data state" -> t.switchTo(Tokenizer.SCRIPT, raw);
            case "CDATA section state" -> {
                // The only way into a CDATA section is "<![CDATA[" where it is allowed (foreign
                // content): fed first, the comment token it opens is dropped below.
                t.cdataAllowed(true);
                String open = "<![CDATA[";
                for (int i = 0; i < open.length(); i++) {
                    t.feed(open.charAt(i), i - open.length());
                }
            }
            default -> {
            }
        }
        for (int i = 0; i < in.length(); i++) {
            boolean inComment = Tokenizer.inComment(t.state());
            t.feed(in.charAt(i), i);
            if (inComment && !Tokenizer.inComment(t.state())) {
                closeComment(r, i + 1);
            }
        }
        t.eof();
        closeComment(r, in.length());
        List<Object[]> actual = r.tokens;
        if (state.equals("CDATA section state")) {
            actual = actual.subList(1, actual.size());
        }
        List<JsonNode> expected = new ArrayList<>();
        for (JsonNode token : output) {
            if (!token.get(0).asText().equals("Character")) {
                expected.add(token);
            }
        }
        if (!expected.isEmpty()) {
            tally.withTokens++;
        }
        for (JsonNode e : expected) {
            tally.tokens.merge(e.get(0).asText(), 1, Integer::sum);
        }
        if (expected.size() != actual.size()) {
            return "expected " + expected + "\n    actual   " + describe(actual);
        }
        for (int k = 0; k < expected.size(); k++) {
            JsonNode e = expected.get(k);
            Object[] a = actual.get(k);
            String kind = e.get(0).asText();
            String bad = "token " + k + ": expected " + e + ", actual " + describe(List.<Object[]>of(a));
            if (!kind.equals(a[0])) {
                return bad;
            }
            switch (kind) {
                case "StartTag", "EndTag" -> {
                    String name = unescape(e.get(1).asText(), doubleEscaped);
                    if (!sameName(name, (String) a[1], (long) a[2])) {
                        return bad + " (name)";
                    }
                    if (kind.equals("StartTag")) {
                        boolean selfClosing = e.size() > 3 && e.get(3).asBoolean();
                        if (selfClosing != (boolean) a[5]) {
                            return bad + " (self-closing)";
                        }
                        String attrDiff = compareAttributes(e.get(2), a, doubleEscaped, tally);
                        if (attrDiff != null) {
                            return bad + " (" + attrDiff + ")";
                        }
                    }
                }
                case "Comment" -> {
                    String data = unescape(e.get(1).asText(), doubleEscaped);
                    int from = (int) (long) a[1];
                    int to = (int) (long) a[2];
                    String span = from < 0 ? "<![CDATA[" + in.substring(0, to) : in.substring(from, to);
                    if (!span.contains(data)) {
                        return bad + " (the comment's span " + printable(span) + " does not hold its text)";
                    }
                }
                default -> {
                    // DOCTYPE: its presence is all the tokenizer tells
                }
            }
        }
        return null;
    }

    /** Sets the end of the last comment, if still open. */
    private static void closeComment(Recorder r, long end) {
        if (!r.tokens.isEmpty()) {
            Object[] last = r.tokens.get(r.tokens.size() - 1);
            if (last[0].equals("Comment") && (long) last[2] < 0) {
                last[2] = end;
            }
        }
    }

    private static boolean sameName(String expected, String reported, long key) {
        if (!reported.isEmpty()) {
            return reported.equals(expected);
        }
        char[] c = expected.toCharArray();
        if (c.length <= 16 && !Names.lookup(c, c.length).isEmpty()) {
            return false; // a known name reported as unknown
        }
        return key == key(expected);
    }

    /** {@link Tokenizer#nameKey()} of a name as the tokenizer keeps it: its length up to 17, its first 16 units. */
    private static long key(String name) {
        long k = Math.min(name.length(), 17);
        for (int i = 0; i < Math.min(name.length(), 16); i++) {
            k = Tokenizer.nameKeyStep(k, name.charAt(i));
        }
        return k;
    }

    @SuppressWarnings("unchecked")
    private static String compareAttributes(JsonNode expected, Object[] a, boolean doubleEscaped, Tally tally) {
        Map<String, long[]> lengths = (Map<String, long[]>) a[3];
        Map<String, byte[]> values = (Map<String, byte[]>) a[4];
        Map<String, String> want = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = unescape(e.getKey(), doubleEscaped);
            want.put(name.substring(0, Math.min(name.length(), Tokenizer.ATTR_NAME_MAX)) + "/" + name.length(),
                    unescape(e.getValue().asText(), doubleEscaped));
        }
        if (!want.keySet().equals(lengths.keySet())) {
            return "attribute names " + want.keySet() + " vs " + lengths.keySet();
        }
        for (Map.Entry<String, String> e : want.entrySet()) {
            byte[] got = values.get(e.getKey());
            long gotLen = lengths.get(e.getKey())[0];
            boolean reference = false;
            for (byte b : got) {
                reference |= b == '&';
            }
            if (reference || (gotLen > Tokenizer.ATTR_VALUE_MAX && e.getValue().length() != gotLen)) {
                tally.valuesNotCompared++;
                continue;
            }
            tally.valuesCompared++;
            String v = e.getValue();
            byte[] narrowed = new byte[Math.min(v.length(), Tokenizer.ATTR_VALUE_MAX)];
            for (int i = 0; i < narrowed.length; i++) {
                char c = v.charAt(i);
                narrowed[i] = (byte) (c <= 0xFF ? c : 0xFF);
            }
            if (gotLen != v.length() || !java.util.Arrays.equals(narrowed, got)) {
                return "value of " + e.getKey() + ": " + printable(v) + " vs " + printable(new String(got,
                        java.nio.charset.StandardCharsets.ISO_8859_1)) + " (" + gotLen + " units)";
            }
        }
        return null;
    }

    /** The spec's input-stream preprocessing: newlines normalized, NUL as U+FFFD. */
    private static String preprocess(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n').replace('\0', '\uFFFD');
    }

    /** Undoes the suites' "doubleEscaped" \\uXXXX escapes. */
    private static String unescape(String s, boolean doubleEscaped) {
        if (!doubleEscaped) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String describe(List<Object[]> tokens) {
        List<String> out = new ArrayList<>();
        for (Object[] a : tokens) {
            switch ((String) a[0]) {
                case "StartTag" -> out.add("[StartTag " + a[1] + "#" + Long.toHexString((long) a[2]) + " "
                        + ((Map<?, ?>) a[3]).keySet() + (Objects.equals(a[5], true) ? " />" : "") + "]");
                case "EndTag" -> out.add("[EndTag " + a[1] + "]");
                case "Comment" -> out.add("[Comment " + a[1] + ".." + a[2] + "]");
                default -> out.add("[" + a[0] + "]");
            }
        }
        return out.toString();
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}

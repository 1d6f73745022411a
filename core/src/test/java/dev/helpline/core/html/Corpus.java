package dev.helpline.core.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The html5lib tree-construction corpus: its #document cases (fragment cases left out). */
final class Corpus {
    /** The corpus: {@code -Dhtml5lib.dir}, else the copy kept with the tests (tests run in the module directory). */
    static final Path DIR = locate();

    /** One case; {@code scripting} is null when the case holds in both modes. */
    record Case(String file, int index, String data, Boolean scripting, String document) {
        @Override
        public String toString() {
            return file + "#" + index;
        }
    }

    private Corpus() {
    }

    private static Path locate() {
        String given = System.getProperty("html5lib.dir");
        Path dir = Path.of(given != null ? given : "src/test/corpora/html5lib-tests/tree-construction");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no html5lib tree-construction corpus at " + dir.toAbsolutePath());
        }
        return dir;
    }

    static List<Case> documents() {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".dat")).sorted().toList()) {
                read(f, cases);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static void read(Path f, List<Case> out) throws IOException {
        String all = Files.readString(f, StandardCharsets.UTF_8);
        String[] lines = all.split("\n", -1);
        int i = 0;
        int index = 0;
        while (i < lines.length) {
            if (!lines[i].equals("#data")) {
                i++;
                continue;
            }
            i++;
            StringBuilder data = new StringBuilder();
            boolean first = true;
            while (!lines[i].equals("#errors")) {
                if (!first) {
                    data.append('\n');
                }
                data.append(lines[i++]);
                first = false;
            }
            Boolean scripting = null;
            boolean fragment = false;
            while (!lines[i].equals("#document")) {
                if (lines[i].equals("#document-fragment")) {
                    fragment = true;
                } else if (lines[i].equals("#script-off")) {
                    scripting = Boolean.FALSE;
                } else if (lines[i].equals("#script-on")) {
                    scripting = Boolean.TRUE;
                }
                i++;
            }
            i++;
            StringBuilder doc = new StringBuilder();
            // the tree runs until an empty line followed by #data, or the end
            while (i < lines.length && !(lines[i].isEmpty() && (i + 1 >= lines.length || lines[i + 1].equals("#data")))) {
                doc.append(lines[i++]).append('\n');
            }
            if (!fragment) {
                out.add(new Case(f.getFileName().toString(), index, data.toString(), scripting, doc.toString()));
            }
            index++;
        }
    }
}

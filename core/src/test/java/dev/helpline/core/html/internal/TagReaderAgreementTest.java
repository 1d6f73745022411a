package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tag grammar is written twice: the {@link Tokenizer}'s states, unit by unit, and the
 * body scanner's fast path ({@link TagReader}), a whole tag at a time. On every document of
 * the html5lib tree-construction corpus, at every tag the tokenizer reads, the fast path must
 * find the same name (and name key), the same end and the same "/>", or decline the tag.
 */
class TagReaderAgreementTest {

    private record Tag(long pos, boolean endTag, String name, long key, long end, boolean selfClosing) {
    }

    /** Records the tags as the tokenizer reports them. */
    private static final class Recorder implements Tokenizer.Sink {
        Tokenizer tok;
        final List<Tag> tags = new ArrayList<>();
        private long pos;
        private boolean endTag;
        private String name;
        private long key;

        @Override
        public void character(long pos, int c, boolean runStart) {
        }

        @Override
        public void startTag(long pos, String name) {
            this.pos = pos;
            this.endTag = false;
            this.name = name;
            this.key = tok.nameKey();
        }

        @Override
        public void endTag(long pos, String name) {
            this.pos = pos;
            this.endTag = true;
            this.name = name;
            this.key = tok.nameKey();
        }

        @Override
        public void tagEnd(long end, boolean selfClosing) {
            tags.add(new Tag(pos, endTag, name, key, end, selfClosing));
        }

        @Override
        public void comment(long pos) {
        }

        @Override
        public void doctype(long pos) {
        }
    }

    /** The #data of every case of the corpus's .dat files. */
    private static List<String> documents() throws IOException {
        Path dir = Path.of("src/test/corpora/html5lib-tests/tree-construction");
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".dat")).sorted().toList()) {
                String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].equals("#data")) {
                        StringBuilder data = new StringBuilder();
                        for (i++; i < lines.length && !lines[i].equals("#errors"); i++) {
                            data.append(data.length() == 0 ? "" : "\n").append(lines[i]);
                        }
                        out.add(data.toString());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void fastPathAndTokenizer_agreeOnEveryTagOfTheCorpus() throws IOException {
        int compared = 0;
        int declined = 0;
        List<String> documents = documents();
        assertTrue(documents.size() > 1000, "documents: " + documents.size());
        for (String document : documents) {
            byte[] b = document.getBytes(StandardCharsets.UTF_8);
            Recorder r = new Recorder();
            Tokenizer t = new Tokenizer(r, 1);
            r.tok = t;
            for (int i = 0; i < b.length; i++) {
                t.feed(b[i] & 0xFF, i);
            }
            t.eof();
            for (Tag tag : r.tags) {
                String where = tag + " in " + document;
                int k = (int) tag.pos() + (tag.endTag() ? 2 : 1);
                int nameStart = k;
                while (++k < b.length && !TagReader.NAME_END[b[k] & 0xFF]) {
                    // the name
                }
                if (k >= b.length) {
                    declined++;
                    continue;
                }
                int len = k - nameStart;
                int id = len < 8 && nameStart + 8 <= b.length
                        ? TagReader.shortNameId(b, nameStart, len) : TagReader.nameId(b, nameStart, len);
                assertEquals(tag.name(), id < 0 ? "" : Names.name(id), where);
                assertEquals(tag.key(), TagReader.key(b, nameStart, len), where);
                long end;
                boolean selfClosing;
                if (b[k] == '>') {
                    end = k + 1;
                    selfClosing = false;
                } else {
                    int read = TagReader.attributes(b, k, b.length, !tag.endTag());
                    if (read < 0) {
                        declined++;
                        continue;
                    }
                    end = read >>> 1;
                    selfClosing = (read & 1) != 0;
                }
                assertEquals(tag.end(), end, where);
                if (!tag.endTag()) {
                    assertEquals(tag.selfClosing(), selfClosing, where);
                }
                compared++;
            }
        }
        assertTrue(compared > 5000, "tags compared: " + compared + ", declined: " + declined);
    }
}

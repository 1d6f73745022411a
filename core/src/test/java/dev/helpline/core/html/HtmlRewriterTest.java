package dev.helpline.core.html;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlRewriterTest {
    static final String W = CorpusTest.WIDGET;
    static final String AT = "@"; // marks where the widget must go in the cases below

    static HtmlRewriter.RewritingWriter run(String page, StringWriter sw) throws IOException {
        return run(page, sw, new HtmlRewriter());
    }

    static HtmlRewriter.RewritingWriter run(String page, StringWriter sw, HtmlRewriter rewriter) throws IOException {
        HtmlRewriter.RewritingWriter w = rewriter.rewrite(sw, W);
        w.write(page);
        w.finish();
        return w;
    }

    static java.util.List<String> bodyStarts() {
        return java.util.List.of(
            "<!DOCTYPE html><html><head><title>t</title></head><body class=\"a>b\">@<p>x",
            "<html><head><title>t</title></head>@<p>x",
            "<title>t</title>  @x",
            "<head><!--><!---><!-- <body> --><! bogus <body ><?php echo 1 ?></head>@<div>",
            "<head><!-- a -- > <body> --!> @c --></head><div>",
            "<title><body></title>@<textarea-like>",
            "<title>x</title>@<textarea><body></textarea>",
            "<script><!--<script></script><body>--></script><style></style><body>@x",
            "<script>a='</scripty>'; b='<body>'</script><body>@",
            "<meta name=x content='<body>'><meta name=y content=\"<body>\"><meta name=z content=a<body>@><body>",
            "<head>&#32;&Tab;&#x0A;&NewLine;\n@&amp;",
            "<head>&#0032;@&nbsp",
            "<head>&#0032;&#x20@",
            "<head></head>\n<!-- c -->\n@</br>",
            "<head><noscript><link rel=stylesheet href=x></noscript></head><body>@x",
            "<head><noscript><img src=pixel></noscript></head><body>@x",
            "<head><noscript><iframe src=gtm></iframe></noscript></head><body>@x",
            "<head><template><body><p>in template</p></template></head><body>@x",
            "<!DOCTYPE html><title>t</title>@",
            "<body>@<svg><frameset>",
            "<body>@text<frameset>",
            // svg/math before the first text: a <frameset> counts only where the tree builder
            // is in HTML content again.
            "@<math><font><frameset>",
            "@<svg><title>Logo</title><path d=x/></svg><frameset>",
            "@<svg><desc><svg></svg><button></desc></svg><frameset>",
            "@<div><svg></div>x<frameset>",
            "<template><marquee></marquee><b></template>@x",
            "<BODY>@<IMG><FRAMESET>",
            "<html><head></head><body>@<![CDATA[x]]><div>",
            "\uFEFF<title>x</title>@y",
            // The page ends inside raw text, a comment, a tag or a template AFTER the body
            // began: the widget is already in (the pass-through rule is for such ends before it).
            "<body>@<script>x",
            "@<p>x<script>y",
            "<body>@<!-- c",
            "<body>@<a href=\"x",
            "<title>t</title>@x<template><p>y",
            "<body>@x<textarea>y");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("bodyStarts")
    void rewrite_findsTheBodyStart(String expected) throws IOException {
        String page = expected.replace(AT, "");
        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter w = run(page, sw);
        assertEquals(expected.replace(AT, W), sw.toString());
        assertTrue(w.injected());
        assertEquals(Outcome.INJECTED, w.outcome());
        assertNull(CorpusTest.check(page, sw.toString()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<frameset><frame></frameset>|FRAMESET",
        "<head></head><frameset>|FRAMESET",
        "<body><frameset>|FRAMESET",
        "<body>  <!-- x --><div><frameset>|FRAMESET",
        // a font with color, face or size breaks out of svg and math
        "<math><font color=red><frameset>|FRAMESET",
        "<svg><font size=2><frameset>|FRAMESET",
        // an end tag no open svg/math element has may close an HTML element below them
        "<ul><math></ul><frameset>|FRAMESET",
        // an integration point is an svg title/desc/foreignObject, or MathML text; once it
        // closes, what follows is svg/math again
        "<svg><desc></desc><button></svg><frameset>|FRAMESET",
        "<svg><mi><button></svg><frameset>|FRAMESET",
        "<math><svg></math><frameset>|FRAMESET",
        "<svg></sx)><button></svg><frameset>|FRAMESET",
        "<div><svg></div><script>x</script>|FOREIGN_CONTENT",
        // the marquee's marker keeps the font on the list of active formatting elements
        // past </template>: the body's first text, the widget's, would be in a red font
        "<template><font color=red><marquee></template>x|TEMPLATE_CONTENT",
        "<head><title>x|EOF_IN_RAWTEXT",
        "<script>document.write('<body>')|EOF_IN_RAWTEXT",
        "<head><link href='x|EOF_IN_TAG",
        "<head><!-- <body>|EOF_IN_COMMENT",
        "<!DOCTYPE html|EOF_IN_DOCTYPE",
        "<template><plaintext>x|PLAINTEXT_BEFORE_BODY",
        "<template><p>x|EOF_IN_TEMPLATE",
        "<head><noscript><p>only without scripts</noscript></head><body>x|SCRIPTING_DEPENDENT",
        "`  <!-- only a comment -->  `|NO_BODY_FOUND",
        "``|NO_BODY_FOUND",
    })
    void rewrite_unsafePage_passesThroughByteForByte(String page, Outcome why) throws IOException {
        RewriteCounts counts = new RewriteCounts();
        long before = counts.outcomes().get(why);
        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter w = run(page, sw, new HtmlRewriter(new HtmlRewriter.Options(0, counts)));
        assertEquals(page, sw.toString());
        assertFalse(w.injected());
        assertEquals(why, w.outcome());
        assertTrue(counts.outcomes().get(why) > before);

        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, StandardCharsets.UTF_8, W);
        o.write(page.getBytes(StandardCharsets.UTF_8));
        o.finish();
        assertEquals(page, bo.toString(StandardCharsets.UTF_8));
        assertEquals(why, o.outcome());
    }

    @Test
    void finish_isIdempotentAndDoesNotClose_closeCloses() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream bo = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, StandardCharsets.UTF_8, W);
        o.write("<body>x".getBytes(StandardCharsets.UTF_8));
        o.finish();
        o.finish();
        assertFalse(closed[0]);
        assertEquals("<body>" + W + "x", bo.toString(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> o.write(1));
        o.close();
        assertTrue(closed[0]);
        assertEquals("<body>" + W + "x", bo.toString(StandardCharsets.UTF_8));
    }

    /** Counts what reached the host's stream and how often it was flushed. */
    static final class Sink extends FilterOutputStream {
        int flushes;
        final ByteArrayOutputStream bytes;

        Sink() {
            this(new ByteArrayOutputStream());
        }

        private Sink(ByteArrayOutputStream b) {
            super(b);
            bytes = b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void flush_beforeBody_writesAllButThePendingTag() throws IOException {
        Sink sink = new Sink();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(sink, StandardCharsets.UTF_8, W);
        o.write("<!DOCTYPE html><head><title>t</title><link rel=x><di".getBytes(StandardCharsets.UTF_8));
        o.flush();
        assertEquals(1, sink.flushes);
        assertEquals("<!DOCTYPE html><head><title>t</title><link rel=x>", sink.text());
        o.write("v>x".getBytes(StandardCharsets.UTF_8));
        o.flush();
        assertEquals("<!DOCTYPE html><head><title>t</title><link rel=x>" + W + "<div>x", sink.text());
        o.finish();
        assertEquals(Outcome.INJECTED, o.outcome());
    }

    @Test
    void flush_afterBodyStart_commitsTheWidget() throws IOException {
        Sink sink = new Sink();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(sink, null, W);
        o.write("<head></head><body>\n".getBytes(StandardCharsets.UTF_8));
        o.flush();
        assertEquals("<head></head><body>" + W + "\n", sink.text());
        assertTrue(o.injected());
    }

    @Test
    void flush_charsetUnknown_doesNotWaitFor1024Bytes() throws IOException {
        Sink sink = new Sink();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(sink, null, W);
        o.write("<head><meta charset=utf-8>".getBytes(StandardCharsets.UTF_8));
        assertEquals("", sink.text()); // the prescan waits for more
        o.flush();
        assertEquals("<head><meta charset=utf-8>", sink.text());
    }

    @Test
    void bigPage_holdsOnlyASmallWindow() throws IOException {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><title>t</title><style>");
        while (sb.length() < 200_000) {
            sb.append("p { color: red } /* </styl <body> */\n");
        }
        sb.append("</style></head><body>");
        while (sb.length() < 2_000_000) {
            sb.append("<p>Some article text &amp; more.</p>\n");
        }
        byte[] page = sb.toString().getBytes(StandardCharsets.UTF_8);
        Sink sink = new Sink();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(sink, StandardCharsets.UTF_8, W);
        long maxHeld = 0;
        for (int i = 0; i < page.length; i += 8192) {
            int n = Math.min(8192, page.length - i);
            o.write(page, i, n);
            long out = sink.bytes.size() - (o.injected() ? W.length() : 0);
            maxHeld = Math.max(maxHeld, i + n - out);
        }
        o.finish();
        assertTrue(maxHeld < 64, "held back " + maxHeld);
        int body = sb.lastIndexOf("<body>") + 6;
        assertEquals(sb.substring(0, body) + W + sb.substring(body), sink.text());
    }

    @Test
    void hostException_propagates_failingOutFailsLoudly() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }
        };
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(broken, StandardCharsets.UTF_8, W);
        assertThrows(IOException.class, () -> {
            o.write("<body>x".getBytes(StandardCharsets.UTF_8));
            o.finish();
        });
    }

    @Test
    void counts_snapshotHasEveryOutcomeButPending() throws IOException {
        RewriteCounts counts = new RewriteCounts();
        run("<body>x", new StringWriter(), new HtmlRewriter(new HtmlRewriter.Options(0, counts)));
        Map<Outcome, Long> s = counts.outcomes();
        assertFalse(s.containsKey(Outcome.PENDING));
        assertTrue(s.get(Outcome.INJECTED) > 0);
        assertThrows(UnsupportedOperationException.class, () -> s.put(Outcome.INJECTED, 0L));
    }
}

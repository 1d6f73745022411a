package dev.helpline.core.html;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inline numbers, the audit and CTA slots. In the cases below {@code @} marks the body-start
 * widget, {@code [[n]]} a linked number, {@code {{C}}} a {@code <!-- helpline:cta -->} the box
 * replaces and {@code {{S}}} where the box goes without replacing anything; a case that
 * begins with "N|" is rewritten with the box after the N-th paragraph.
 */
class InlineNumbersTest {
    static final String MARKER = "<!-- helpline:cta -->";

    /** The rewriter a case asks for ("N|": the box after the N-th paragraph). */
    static HtmlRewriter rewriter(String c) {
        int bar = c.indexOf('|');
        return bar < 0 ? new HtmlRewriter() : new HtmlRewriter(new HtmlRewriter.Options(Integer.parseInt(c.substring(0, bar))));
    }

    private static String page(String c) {
        return c.substring(c.indexOf('|') + 1);
    }

    static String input(String c) {
        return page(c).replace("@", "").replace("[[", "").replace("]]", "").replace("{{C}}", MARKER).replace("{{S}}", "");
    }

    static String expected(String c) {
        return page(c).replace("@", CorpusTest.WIDGET).replace("[[", TestWidget.OPEN).replace("]]", TestWidget.CLOSE)
                .replace("{{C}}", TestWidget.BOX).replace("{{S}}", TestWidget.BOX);
    }

    static List<String> cases() {
        return List.of(
            // the forms
            "<body>@<p>Call [[800-601-3889]] today.</p>",
            "<body>@<p>Call [[(800) 601-3889]] today.</p>",
            "<body>@<p>Call [[(800)601-3889]], day or night.</p>",
            "<body>@<p>Call [[800.601.3889]].</p>",
            "<body>@<p>Call [[1-800-601-3889]]!</p>",
            "<body>@<p>Call [[+1 800 601 3889]]</p>",
            "<body>@<p>Call [[+1-800-601-3889]] or [[+1 (800) 601-3889]]</p>",
            "<body>@<p>Call [[800 601 3889]] now</p>",
            "<body>@[[800-601-3889]]",
            "<title>t</title>@[[800-601-3889]] is the number",
            "<body>@<p>[[800-601-3889]]<br>[[800-601-3889]]</p>",
            "<body>@<p><b>[[800-601-3889]]</b> (24/7)</p>",
            "<body>@<p>Call\u00A0[[800-601-3889]]\u00A0now; 電話[[800-601-3889]]</p>",
            "<body>@<p>Call&nbsp;[[800-601-3889]]&nbsp;now</p>",
            "<body>@<p>[[800-601-3889]] x12, ext. 5</p>",
            "<body>@<p>Twice: [[800-601-3889]] [[800-601-3889]] [[(800) 601-3889]]</p>",
            // A list longer than the 40-unit region: the third number began right where the
            // region slid, lost "right after a number and a space" and was not linked.
            "<body>@<p>(1)(2) [[800-601-3889]] [[800-601-3889]] [[800-601-3889]]</p>",
            "<body>@<p>Lines: [[800-601-3889]] [[(800) 601-3889]] [[800.601.3889]] [[+1 800 601 3889]] [[800-601-3889]]</p>",
            "<body>@<p>[[800-601-3889]]-</p><p>[[800-601-3889]]. 24</p>",
            "<body>@<div><ul><li>[[800-601-3889]]</li></ul></div><p>a</p>",
            "<body>@<p>Call <em>[[800-601-3889]]</em></p><a href=x>link</a> and [[800-601-3889]]",
            "<body>@<p>after a link <a href=x>x</a>[[800-601-3889]]</p>",
            "<body>@<svg><path d=\"M0\"/></svg>[[800-601-3889]]",
            // Found on real pages: an icon inside a link (logos, share buttons) stopped the
            // body features for the rest of the page, since the svg was counted as a block
            // in the link that its end tag never closed.
            "<!doctype html><html><head><title>t</title></head><body>@<a href=/><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"></path></svg></a><p>Call [[800-601-3889]] now.</p></body></html>",
            "<body>@<a href=/><svg/></a><a href=/x><math><mi>x</mi></math></a><p>[[800-601-3889]]</p>",
            "<body>@<nav><a href=/><svg><use href=\"#i\"/></svg> Home</a><a href=/s><svg><title>Search 800-601-3889</title></svg></a></nav><p>[[(800) 601-3889]]</p>",
            "<body>@<button><svg><path/></svg> Share</button><div><a href=/><img src=x><svg></svg></a></div><li>[[1-800-601-3889]]</li>",
            "<body>@<a href=/><figure><img src=x><figcaption><span>t</span></figcaption></figure></a><p>[[800.601.3889]]</p>",
            // A link inside an object inside a link (card lists): the inner link's end tag was
            // not counted, so the outer link never closed for the scanner.
            "<body>@<ul><a href=/a><li><div><p><object><a href=/t>tag</a></object></p></div></li></a><a href=/b><li>x</li></a></ul><p>[[800-601-3889]]</p>",
            "<body>@<a href=/a><table><tr><td><a href=/t>tag</a></td></tr></table></a><p>[[800-601-3889]]</p>",
            // A link opened and closed in a noscript's table inside a table: the two
            // scripting modes were compared on a level no open link had.
            "<body>@<table><tr><td><noscript><table><tr><td><a href=x>y</a></td></tr></table></noscript><p>[[800-601-3889]]</p></td></tr></table>",
            "<body>@<svg><title>Call 800-601-3889</title><path/></svg> then [[800-601-3889]]",
            "<body>@<math><mi>x</mi></math><p>[[800-601-3889]]",
            "<body>@<table><tr><td>[[800-601-3889]]</td></tr></table><p>[[800-601-3889]]</p>",
            "<body>@<template><p>800-601-3889</p></template><p>[[800-601-3889]]</p>",
            // A </table> inside a template cannot close a table opened before it (the parser
            // ignores it); the scanner restored its state from before the table and linked in
            // the template's content. It now stops changing the page there.
            "<body>@<table><template><select></table>800-601-3889</select></template></table>800-601-3889",
            "<body>@<table><tr><td><template>x</table>800-601-3889</template></td></tr></table>800-601-3889",
            "<body>@<noscript><iframe src=\"https://gtm.example/ns\" height=0></iframe></noscript><p>[[800-601-3889]]</p>",
            "<body>@<noscript><img src=x alt=\"800-601-3889\"></noscript>[[800-601-3889]]",
            "<body>@<div data-helpline-skip><p>800-601-3889</p><div>800-601-3889</div></div><p>[[800-601-3889]]</p>",
            "<body>@<span data-helpline-skip><span>800-601-3889</span></span><p>[[800-601-3889]]</p>",
            "<body>@<select><option>800-601-3889</option></select><p>[[800-601-3889]]</p>",
            // In a select the parser ignores end tags other than its own: an </a> or </div>
            // there closed the scanner's link or skipped subtree, and it linked inside them.
            "<body>@<a href=x><select><a href=y></a></select>800-601-3889</a>[[800-601-3889]]",
            "<body>@<div data-helpline-skip><select></div></select>800-601-3889</div>[[800-601-3889]]",
            "<body>@<table><tr><td><select></td>800-601-3889",
            // A template's content is parsed "in template" even inside a select: its <title> is
            // RCDATA and its <plaintext> takes the rest of the page, which the scanner, still
            // "in select", did not see, and linked inside them.
            "<body>@<select><template><title>x</template></select>800-601-3889</title>",
            "<body>@<select><template><plaintext></template></select>800-601-3889",
            "<body>@<select><template></template></select>[[800-601-3889]]",
            "<body>@<button>800-601-3889</button><label>800-601-3889</label>[[800-601-3889]]",
            "<body>@<object><p>800-601-3889</p></object>[[800-601-3889]]",
            "<body>@<script>var n = '800-601-3889';</script><style>/* 800-601-3889 */</style>[[800-601-3889]]",
            "<body>@<textarea>800-601-3889</textarea><title>800-601-3889</title><xmp>800-601-3889</xmp>[[800-601-3889]]",
            "<body>@<p title=\"800-601-3889\" data-n=800-601-3889>x</p><img alt='800-601-3889'>",
            "<body>@<a href=\"tel:8006013889\">800-601-3889</a>",
            "<body>@<a href=x><span>800-601-3889</span></a>",
            "<body>@<p><a href=x>open<p>800-601-3889</p>",
            "<body>@<svg><text>800-601-3889</text></svg><math><mtext>800-601-3889</mtext></math>",
            "<body>@<svg><foreignObject><p>800-601-3889</p></foreignObject></svg><p>800-601-3889</p>",
            // "sx)" is not "svg", though their name keys were the same once
            "<body>@<svg></sx)>800-601-3889</svg>",
            // not a match
            "<body>@<p>1800-601-38890 and 800-601-38890 and 2800-601-3889 and 800-601-3889-1</p>",
            "<body>@<p>x800-601-3889 800-601-3889x +44 800 601 3889 555-800-601-3889</p>",
            "<body>@<p>8006013889 and 800-6013889 and 800--601-3889</p>",
            "<body>@<p>800-<b>601</b>-3889 800-601<!-- c -->-3889 800&#45;601-3889</p>",
            "<body>@<p>Our friends: 1-800-662-4357 (SAMHSA).</p>",
            "<body>@<plaintext>800-601-3889",
            // CTA slots
            "<body>@<article><p>One</p><div data-helpline-slot=\"cta\">{{S}}</div><p>Two</p></article>",
            "<body>@<article><p>One</p>{{C}}<p>Two</p></article>",
            "<body>@<div>{{C}}</div><div data-helpline-slot=cta>{{S}}</div>",
            "<body>@<p>in a paragraph <!-- helpline:cta --> stays</p><h2>x<!-- helpline:cta --></h2>",
            "<body>@<a href=x><!-- helpline:cta --><div data-helpline-slot=cta></div></a>",
            "<body>@<table><tr><td><div data-helpline-slot=cta>{{S}}</div></td></tr></table>",
            "<body>@<span data-helpline-slot=cta></span><div data-helpline-slot=\"other\"></div><!-- helpline:cta: no -->",
            "<body>@<svg><!-- helpline:cta --></svg><div data-helpline-skip>{{S}}<!-- helpline:cta --></div>".replace("{{S}}", ""),
            "<body>@<p>a<div data-helpline-slot=cta>{{S}}</div>",
            "<head><!-- helpline:cta --></head><body>@{{C}}",
            // A <form> inside a form is ignored, and the p it would have closed stays open: the
            // scanner took it for closed and put the box in the p, which the box's div closed.
            "<body>@<form><p>a<form><!-- helpline:cta -->b</form><p>c</p>{{C}}",
            // tags the body scanner reads in one go, and those it leaves to the tokenizer
            "<body>@<div dir=rtl class=\"a\"><p dir=ltr>[[800-601-3889]]</p></div><img decoding=async alt=x>[[800-601-3889]]",
            "<body>@<div class=box Data-Helpline-Slot='cta' id=x>{{S}}</div><div dir=rtl data-helpline-slot=cta>{{S}}</div>",
            "<body>@<div class=a DATA-HELPLINE-SKIP><p>800-601-3889</p></div><p>[[800-601-3889]]</p>",
            "<body>@<span title='a>b' data-helpline-skip=\"\">800-601-3889</span>[[800-601-3889]]",
            "<body>@<figure><FIGCAPTION>[[800-601-3889]]</FIGCAPTION></figure><P>[[800-601-3889]]</P>",
            "<body>@<a href=\"x>y\" title=800-601-3889>800-601-3889</a> [[800-601-3889]]",
            "<body>@<p>a &amp; [[800-601-3889]], &#x41;&#65;&nbsp;[[(800) 601-3889]]; &amp [[800-601-3889]]</p>",
            // The unit that ends a reference without ';', or follows a '<' that opens no tag, is
            // text; it was taken for part of the reference, and a number beginning there was missed.
            "<body>@<p>a &amp[[(800) 601-3889]], &#65[[+1 800 601 3889]] &#x;[[800-601-3889]] &[[(800) 601-3889]]</p>",
            "<body>@<p>1<[[800-601-3889]] <[[(800) 601-3889]] </8 is a bogus comment></p>");
    }

    /** Table cells and captions are linked as the body is; the table level and what may hold a table are not. */
    static List<String> tableCases() {
        return List.of(
            // in cells and captions
            "<body>@<table><tr><th>Helpline</th><td>Call [[800-601-3889]]</td></tr><tr><td><b>[[(800) 601-3889]]</b></td></tr></table>",
            "<body>@<table><td>[[800-601-3889]]<td>[[800-601-3889]]<tr><th>[[800-601-3889]]<tbody><tr><td>[[800-601-3889]]</table>[[800-601-3889]]",
            "<body>@<table><td><p>Call <b>[[800-601-3889]]</b><p>or [[800.601.3889]]<ul><li>[[800-601-3889]]</ul><h3>[[800-601-3889]]</h3></table>",
            "<body>@<table><caption>Call [[800-601-3889]]</caption><tr><td>[[800-601-3889]]</td></tr></table>",
            "<body>@<table><caption><p>[[800-601-3889]]<td>[[800-601-3889]]<caption>[[800-601-3889]]<tr><td>[[800-601-3889]]</table>",
            // nested tables, and a table start at the table level, which ends that table
            "<body>@<table><tr><td><table><tr><td>[[800-601-3889]]</td></tr></table>after [[800-601-3889]]</td><td>[[800-601-3889]]</td></tr></table>",
            "<body>@<table><td><table><caption>[[800-601-3889]]<td><table><td>[[800-601-3889]]</table>[[800-601-3889]]</table>[[800-601-3889]]</table>",
            "<body>@<table><tr><table><td>[[800-601-3889]]</table>[[800-601-3889]]",
            "<body>@<table><td><table><tr><table><td>[[800-601-3889]]</table>[[800-601-3889]]</table>[[800-601-3889]]",
            // what ends a cell, and what it pops: an <a>, a button, a select, an object left open in it
            "<body>@<table><tbody><tr><td>[[800-601-3889]]</tr><tr><td>x</tbody><tr><td>[[800-601-3889]]</table>",
            "<body>@<table><td><a href=x>800-601-3889<td>[[800-601-3889]]<td><button>800-601-3889</table>[[800-601-3889]]",
            "<body>@<table><td><select><option>800-601-3889<td>[[800-601-3889]]<td><object>800-601-3889<tr><td>[[800-601-3889]]</table>",
            "<body>@<table><td><label>800-601-3889<col><td>[[800-601-3889]]<td><b>x<colgroup><td>[[800-601-3889]]</table>",
            // A cell's end clears the active formatting elements back to the last marker only:
            // an object left open in it has one, and the <a> before it stays, reconstructed
            // around the foster-parented text and after the table (InlineFuzzTest, seed 23).
            "<body>@<table><td><a href=x>x<object><thead>800-601-3889</table>800-601-3889",
            "<body>@<table><td><a href=x>x<object><td>800-601-3889</table><p>800-601-3889",
            // ...and what does not: a row group's end when another is open, the other cell's end, a caption's
            "<body>@<table><tbody><tr><td>a</thead>[[800-601-3889]]</th>[[800-601-3889]]</caption>[[800-601-3889]]</table>",
            "<body>@<table><thead><tr><th>a</tbody>[[800-601-3889]]</td>[[800-601-3889]]</thead>800-601-3889</table>",
            "<body>@<table><caption>a</td></tr></tbody>[[800-601-3889]]</table>",
            "<body>@<table><td></body>[[800-601-3889]]</html>[[800-601-3889]]</table>",
            // boxes in cells, not at the table level
            "<body>@<table><td><p>x</p>{{C}}<th><div data-helpline-slot=cta>{{S}}</div></table>",
            "<body>@<table><!-- helpline:cta --><tr><!-- helpline:cta --><td>x</td><div data-helpline-slot=cta></div></table>",
            // a p left open where a table begins stays open after it in quirks mode (no doctype here)
            "<body>@<p>x<table><td>[[800-601-3889]]</table><!-- helpline:cta -->y",
            "<body>@<table><td><p>x<table><td>a</table><!-- helpline:cta -->y<td>{{C}}</table>",
            // text and elements at the table level are foster-parented: never linked
            "<body>@<table>800-601-3889<tr>800-601-3889<td>x</td>800-601-3889</tr></table>",
            "<body>@<table><tr><td>x</td><div>800-601-3889</div><p>800-601-3889</tr><colgroup>800-601-3889<td>[[800-601-3889]]</table>",
            "<body>@<table><td><table>800-601-3889<tr><td>x</table>[[800-601-3889]]</table>",
            // something foster-parented that a cell's end could not be told apart from: that table's cells are left alone
            "<body>@<table><a href=x><td>800-601-3889</td></table>800-601-3889",
            "<body>@<table><button><td>800-601-3889<td>800-601-3889</table>[[800-601-3889]]",
            "<body>@<table><input type=hidden><form><td>[[800-601-3889]]</table>",
            // a table inside what is left alone is left alone
            "<body>@<a href=x><table><td>800-601-3889</td></table></a>[[800-601-3889]]",
            "<body>@<button><table><td>800-601-3889</table></button><label><table><td>800-601-3889</table></label>",
            "<body>@<div data-helpline-skip><table><td>800-601-3889</table></div>[[800-601-3889]]",
            "<body>@<table data-helpline-skip><td>800-601-3889<td>800-601-3889</table><table><tr data-helpline-skip><td>800-601-3889</table>",
            "<body>@<table><td data-helpline-skip>800-601-3889<td>[[800-601-3889]]</table>[[800-601-3889]]",
            "<body>@<object><table><td>800-601-3889</table></object><svg><td>800-601-3889</td></svg>[[800-601-3889]]",
            // (a table start breaks out of svg: that table is the body's)
            "<body>@<svg><table><td>[[800-601-3889]]</table></svg>",
            // ...and so is a table begun in a cell where something is open, and then its own
            "<body>@<table><td><span data-helpline-skip><table><td>800-601-3889</table></span>800-601-3889<td>800-601-3889</table>[[800-601-3889]]",
            "<body>@<table><td><template><table><td>800-601-3889</table></template>[[800-601-3889]]</table>",
            "<body>@<table><td><svg><text>800-601-3889</text></svg>[[800-601-3889]]<noscript>800-601-3889</noscript>[[800-601-3889]]</table>",
            // cells outside a table are ignored: their text is the body's
            "<body>@<td>[[800-601-3889]]</td><tr><th>[[800-601-3889]]",
            // nine tables, one in another's cell: more than followed, the scanner stops
            "<body>@" + "<table><td>".repeat(9) + "800-601-3889</table>800-601-3889");
    }

    static String rewriteChars(String page, PageWidget w, HtmlRewriter r, int[] cuts) throws IOException {
        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter out = r.rewrite(sw, w);
        int from = 0;
        for (int cut : cuts) {
            out.write(page, from, cut - from);
            from = cut;
        }
        out.write(page, from, page.length() - from);
        out.finish();
        return sw.toString();
    }

    static String rewriteBytes(String page, Charset cs, Charset declared, PageWidget w, HtmlRewriter r, int[] cuts)
            throws IOException {
        byte[] bytes = page.getBytes(cs);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream out = r.rewrite(bo, declared, w);
        int from = 0;
        for (int cut : cuts) {
            out.write(bytes, from, cut - from);
            from = cut;
        }
        out.write(bytes, from, bytes.length - from);
        out.finish();
        return bo.toString(cs);
    }

    /**
     * The box after the N-th paragraph of article/main, where a p ends implicitly too: right
     * before the start tag that closes it, or the end tag of a block it is known to be in.
     */
    static List<String> paragraphCases() {
        return List.of(
            // start tags that close a p in button scope
            "1|<body>@<article><p>one{{S}}<p>two</article>",
            "2|<body>@<article><p>one<p>two{{S}}<div>x</div><p>three</article>",
            "1|<body>@<main><p>one{{S}}<h2>T</h2><p>two</main>",
            "1|<body>@<article><p>one{{S}}<ul><li>a</ul><p>two</article>",
            "2|<body>@<article><ul><li><p>one<li><p>two{{S}}<li>three</ul></article>",
            "1|<body>@<article><dl><dt>T<dd><p>one{{S}}<dt>U</dl></article>",
            "1|<body>@<article><p>one{{S}}<hr><p>two</article>",
            "1|<body>@<article><p>one <b>bold{{S}}<blockquote>q</blockquote></article>",
            "1|<body>@<article><p>one</body>{{S}}<p>two",
            // end tags of a block known to hold the p
            "1|<body>@<main><p>one{{S}}</main><p>two",
            "2|<body>@<article><h1>T</h1><p>one</p><p>two{{S}}</article><p>three</p>",
            "1|<body>@<div><article><p>one{{S}}</div>x",
            "1|<body>@<main><div><p>one{{S}}</div><p>two</main>",
            "1|<body>@<article><ul><li><p>one{{S}}</li></ul></article>",
            "1|<body>@<article><ul><li><ol><li><p>one{{S}}</li></ol></li></ul></article>",
            "1|<body>@<article><dl><dd><p>one{{S}}</dd></dl></article>",
            "2|<body>@<article><section><p>one</section><ul><li>x</li></ul><div><p>two{{S}}</div></article>",
            // where that is not known, the p is closed and counted by the next tag that surely closes it
            "1|<body>@<article><section><object></object><p>one</section>{{S}}<p>two</article>",
            "1|<body>@<article><p>one</div>two{{S}}<p>three</article>",
            "1|<body>@<article><li><ul><p>one</li>two{{S}}<p>three</article>",
            "1|<body>@<article><ruby><li><rt><p>one</li>two{{S}}<p>three</article>",
            "2|<body>@<div><article><p>one<object><marquee></object></object><p>two</div>x",
            "1|<body>@<form><article><p>one<form>two{{S}}<p>three",
            "1|<body>@<article><p>one<table><td>x</table>two{{S}}<p>three</article>",
            // not counted in tables; not placed in an <a> or a heading (and then not at all)
            "1|<body>@<article><table><td><p>a<p>b</table><p>one{{S}}<p>two</article>",
            "1|<body>@<article><p><a href=x>one<div>x</div></a><p>two</article>",
            // a paragraph inside a link (a teaser card) is not one of the article's
            "1|<body>@<article><a href=/a><p>teaser</p></a><p>one</p>{{S}}<p>two</article>",
            // a p in a button is not counted, not even at the next tag that would close a p
            "1|<body>@<article><button><p>menu</p></button><div><p>one</p>{{S}}<p>two</p></div></article>",
            // a stray </p> makes an empty paragraph
            "2|<body>@<article><p>one<div>ad</div></p>{{S}}<p>two</p></article>",
            "1|<body>@<article><h2><p>one</h2>two<p>three</article>",
            "1|<body>@<article><p>one<button><div>x</div></button>{{S}}<p>two</article>");
    }

    static List<String> allCases() {
        List<String> all = new java.util.ArrayList<>(cases());
        all.addAll(tableCases());
        all.addAll(paragraphCases());
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void fixture_rewrittenAsMarked_hostTreeKept(String c) throws IOException {
        String page = input(c);
        String want = expected(c);
        assertEquals(want, rewriteChars(page, TestWidget.full(), rewriter(c), new int[0]));
        InlineOracle.Result r = InlineOracle.check(page, want);
        assertNull(r.problem(), r.problem());
        int boxes = (want.length() - want.replace(TestWidget.BOX, "").length()) / TestWidget.BOX.length();
        int links = (want.length() - want.replace(TestWidget.OPEN, "").length()) / TestWidget.OPEN.length() - boxes;
        assertEquals(links + boxes, r.links() + r.boxes(), "links and boxes the oracle found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void fixture_splitAtEveryOffset_sameAsOneWrite(String c) throws IOException {
        String page = input(c);
        String want = expected(c);
        HtmlRewriter r = rewriter(c);
        for (int k = 0; k <= page.length(); k++) {
            assertEquals(want, rewriteChars(page, TestWidget.full(), r, new int[] {k}), "chars split at " + k);
        }
        int n8 = page.getBytes(StandardCharsets.UTF_8).length;
        for (int k = 0; k <= n8; k++) {
            assertEquals(want, rewriteBytes(page, StandardCharsets.UTF_8, StandardCharsets.UTF_8, TestWidget.full(), r,
                    new int[] {k}), "UTF-8 split at " + k);
        }
        int n16 = page.getBytes(StandardCharsets.UTF_16).length;
        for (int k = 0; k <= n16; k += 1) {
            assertEquals(want, rewriteBytes(page, StandardCharsets.UTF_16, null, TestWidget.full(), r, new int[] {k}),
                    "UTF-16 split at " + k);
        }
        int[] ones = new int[Math.max(0, n8 - 1)];
        for (int k = 0; k < ones.length; k++) {
            ones[k] = k + 1;
        }
        assertEquals(want, rewriteBytes(page, StandardCharsets.UTF_8, null, TestWidget.full(), r, ones), "one byte at a time");
    }

    @Test
    void audit_otherNumbers_reportedMaskedOncePerNumber() throws IOException {
        TestWidget w = TestWidget.numbersOnly();
        // (A hotline's number, not SAMHSA's: public crisis lines are never reported; see CrisisNumbersTest.)
        String page = "<body><p>A hotline 1-866-234-5657, again (866) 234-5657, a clinic 212-555-0100? "
                + "<a href=x>202-456-1111</a> ours 800-601-3889 and 555-123 and 123-456-7890</p>"
                + "<script>'310-555-0199'</script><p title='646-555-0142'>";
        rewriteChars(page, w, new HtmlRewriter(), new int[0]);
        // 212-555-0100 is valid to libphonenumber (555-01XX is reserved for fiction, but well-formed)
        assertEquals(List.of("********57", "********00", "********11"), w.others);
    }

    @Test
    void htmlLang_passedAsWritten() throws IOException {
        TestWidget w = TestWidget.full();
        rewriteChars("<!DOCTYPE html><html data-x=1 LANG=\"es-MX\" lang=en><head></head><body>x", w, new HtmlRewriter(), new int[0]);
        assertEquals(List.of("es-MX"), w.langs);
        TestWidget none = TestWidget.full();
        rewriteChars("<html><body>x", none, new HtmlRewriter(), new int[0]);
        assertEquals(List.of("null"), none.langs);
    }

    @Test
    void boxNull_slotsLeftAlone() throws IOException {
        String page = "<body><div data-helpline-slot=cta></div><!-- helpline:cta -->800-601-3889";
        assertEquals("<body>" + CorpusTest.WIDGET + "<div data-helpline-slot=cta></div><!-- helpline:cta -->"
                + TestWidget.OPEN + "800-601-3889" + TestWidget.CLOSE,
                rewriteChars(page, TestWidget.numbersOnly(), new HtmlRewriter(), new int[0]));
    }

    @Test
    void afterParagraph_boxAfterTheNthParagraphOfArticleOrMain_once() throws IOException {
        HtmlRewriter r = new HtmlRewriter(new HtmlRewriter.Options(2));
        TestWidget w = new TestWidget(java.util.Set.of(), TestWidget.BOX);
        String page = "<body><p>outside</p><p>outside</p><main><p>one</p><div><p>two <b>b</b></p></div><p>three</p><p>four</p></main>";
        assertEquals(page.replace("<body>", "<body>" + CorpusTest.WIDGET).replace("two <b>b</b></p>", "two <b>b</b></p>" + TestWidget.BOX),
                rewriteChars(page, w, r, new int[0]));
        String inTable = "<body><article><p>one</p><table><tr><td><p>two</p></td></tr></table><p>three</p></article>";
        // paragraphs in tables are not counted (nor is the box placed there)
        String out = rewriteChars(inTable, w, r, new int[0]);
        assertEquals(inTable.replace("<body>", "<body>" + CorpusTest.WIDGET).replace("three</p>", "three</p>" + TestWidget.BOX), out);
        assertThrowsIae();
    }

    private static void assertThrowsIae() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new HtmlRewriter.Options(-1));
    }

    @Test
    void nothingWanted_bodyPassesStraightThrough() throws IOException {
        StringBuilder sb = new StringBuilder("<body>");
        sb.append("<p>800-601-3889</p>".repeat(1000));
        String page = sb.toString();
        assertEquals(page.replace("<body>", "<body>" + CorpusTest.WIDGET),
                rewriteChars(page, new TestWidget(java.util.Set.of(), null), new HtmlRewriter(), new int[0]));
    }

    @Test
    void bigPage_manyNumbers_holdsOnlyASmallWindow() throws IOException {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html lang=en><head><title>t</title></head><body>");
        while (sb.length() < 1_000_000) {
            sb.append("<p>Call (800) 601-3889 or 1-866-234-5657 &amp; <a href=x>800-601-3889</a> 12 34 56 78 90 ")
              .append("1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 - 800-601-3889</p>\n");
        }
        byte[] page = sb.toString().getBytes(StandardCharsets.UTF_8);
        HtmlRewriterTest.Sink sink = new HtmlRewriterTest.Sink();
        TestWidget w = TestWidget.numbersOnly();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(sink, StandardCharsets.UTF_8, w);
        long maxHeld = 0;
        for (int i = 0; i < page.length; i += 8192) {
            int n = Math.min(8192, page.length - i);
            o.write(page, i, n);
            maxHeld = Math.max(maxHeld, i + n - o.hostBytesWritten());
        }
        o.finish();
        assertTrue(maxHeld <= 48, "held back " + maxHeld);
        String expected = sb.toString().replace("<body>", "<body>" + CorpusTest.WIDGET)
                .replace("Call (800) 601-3889", "Call " + TestWidget.OPEN + "(800) 601-3889" + TestWidget.CLOSE)
                .replace("0 - 800-601-3889", "0 - " + TestWidget.OPEN + "800-601-3889" + TestWidget.CLOSE);
        assertEquals(expected, sink.text());
        assertEquals(List.of("********57"), w.others);
    }

    @Test
    void flush_midNumber_holdsOnlyTheCandidate() throws IOException {
        HtmlRewriterTest.Sink sink = new HtmlRewriterTest.Sink();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(sink, StandardCharsets.UTF_8, TestWidget.numbersOnly());
        o.write("<body><p>Call 800-601-".getBytes(StandardCharsets.UTF_8));
        o.flush();
        assertEquals("<body>" + CorpusTest.WIDGET + "<p>Call ", sink.text());
        o.write("3889 now</p>".getBytes(StandardCharsets.UTF_8));
        o.flush();
        assertEquals("<body>" + CorpusTest.WIDGET + "<p>Call " + TestWidget.OPEN + "800-601-3889" + TestWidget.CLOSE + " now</p>",
                sink.text());
        o.finish();
        assertEquals(Outcome.INJECTED, o.outcome());
        assertEquals(o.hostBytesWritten(), "<body><p>Call 800-601-3889 now</p>".length());
    }

    @Test
    void widgetThrows_restPassesThrough() throws IOException {
        TestWidget w = new TestWidget(java.util.Set.of(TestWidget.HELPLINE), null) {
            @Override
            public String numberOpen(dev.helpline.core.phone.PhoneNumber number, String htmlLang) {
                throw new IllegalStateException("boom");
            }
        };
        String page = "<body><p>800-601-3889 and 800-601-3889</p>";
        assertEquals(page.replace("<body>", "<body>" + CorpusTest.WIDGET), rewriteChars(page, w, new HtmlRewriter(), new int[0]));
        assertEquals(page.replace("<body>", "<body>" + CorpusTest.WIDGET),
                rewriteBytes(page, StandardCharsets.UTF_8, null, w, new HtmlRewriter(), new int[] {20}));
    }
}

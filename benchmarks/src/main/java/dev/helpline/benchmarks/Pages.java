package dev.helpline.benchmarks;

import java.nio.charset.StandardCharsets;

/** Realistic article pages of a given size: a full head (meta, CSS, JSON-LD, analytics), then article markup. */
final class Pages {
    private Pages() {
    }

    static byte[] article(int size) {
        StringBuilder sb = new StringBuilder(size + 4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
          .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>Finding help for alcohol addiction: what to expect from treatment &amp; recovery</title>\n")
          .append("<meta name=\"description\" content=\"A guide to treatment options, costs and first steps.\">\n")
          .append("<link rel=\"canonical\" href=\"https://example.org/guides/alcohol-addiction-treatment\">\n")
          .append("<link rel=\"stylesheet\" href=\"/assets/site.3f9a1c.css\">\n<link rel=\"icon\" href=\"/favicon.ico\">\n")
          .append("<meta property=\"og:title\" content=\"Finding help for alcohol addiction\">\n")
          .append("<style>\n:root{--fg:#222;--bg:#fff;--accent:#0a5}\nbody{margin:0;font:17px/1.6 Georgia,serif;color:var(--fg)}\n")
          .append("header,footer{background:#f4f4f4;padding:1rem}\narticle{max-width:42rem;margin:auto}\n")
          .append("a{color:var(--accent)}\n.toc li{margin:.2rem 0}\n/* <body> in a comment */\n</style>\n")
          .append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Article\",")
          .append("\"headline\":\"Finding help for alcohol addiction\",\"author\":{\"@type\":\"Person\",\"name\":\"Dr. A. Writer\"},")
          .append("\"datePublished\":\"2026-01-12\"}</script>\n")
          .append("<script async src=\"/assets/analytics.js\"></script>\n")
          .append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}")
          .append("if(document.cookie.indexOf('consent=1')>=0){gtag('js',new Date())}</script>\n")
          .append("<noscript><img height=\"1\" width=\"1\" style=\"display:none\" src=\"https://pixel.example/tr?id=1&amp;ev=PageView\"></noscript>\n")
          .append("</head>\n<body class=\"article-page\">\n")
          .append("<header><nav><a href=\"/\">Home</a> <a href=\"/guides\">Guides</a> <a href=\"/about\">About us</a></nav></header>\n")
          .append("<article>\n<h1>Finding help for alcohol addiction</h1>\n")
          .append("<ul class=\"toc\"><li><a href=\"#signs\">Signs</a></li><li><a href=\"#options\">Options</a></li></ul>\n");
        int i = 0;
        while (sb.length() < size - 300) {
            i++;
            if (i % 7 == 0) {
                sb.append("<h2 id=\"s").append(i).append("\">Section ").append(i).append(": what happens next</h2>\n");
            }
            if (i % 11 == 0) {
                sb.append("<figure><img src=\"/img/p").append(i).append(".jpg\" alt=\"A counselor talking with a client\" ")
                  .append("width=\"640\" height=\"360\" loading=\"lazy\"><figcaption>Talking helps.</figcaption></figure>\n");
            }
            sb.append("<p>Recovery is rarely a straight line. Many people try several approaches before one works, and ")
              .append("<a href=\"/guides/detox\">medically supervised detox</a> is often the first step. If you are ")
              .append("worried about cost, ask about <em>sliding-scale</em> fees &amp; insurance; call (800) 555-0100 ")
              .append("to talk to someone today. Paragraph ").append(i).append(".</p>\n");
        }
        sb.append("</article>\n<footer><p>&copy; 2026 Example Health. <a href=\"/privacy\">Privacy</a></p></footer>\n")
          .append("<script src=\"/assets/site.js\" defer></script>\n</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** About the size of the real widget: banner, disclosure and the callback form, with a per-response token. */
    static String fragment() {
        StringBuilder sb = new StringBuilder();
        sb.append("<link rel=\"stylesheet\" href=\"/helpline/assets/widget.9c1e.css\" integrity=\"sha384-")
          .append("x".repeat(64)).append("\">")
          .append("<aside data-helpline=\"banner\" aria-label=\"Helpline\"><a href=\"tel:+18006013889\">Call Now: ")
          .append("24Hr Addiction Hotline (800) 601-3889</a> <a href=\"#helpline-disclosure\">Who Answers?</a></aside>")
          .append("<div data-helpline=\"disclosure\" id=\"helpline-disclosure\" role=\"dialog\"><h2>Who answers?</h2><p>")
          .append("Calls are answered by representatives of the operator; no commission depends on the provider you pick. ".repeat(6))
          .append("</p></div><form data-helpline=\"form\" method=\"post\" action=\"/helpline/callback\">")
          .append("<input type=\"hidden\" name=\"token\" value=\"").append("t0k3n".repeat(8)).append("\">")
          .append("<label>Phone <input type=\"tel\" name=\"phone\" placeholder=\"(###) ###-####\"></label>")
          .append("<label class=\"hp\">This field is for validation purposes and should be left unchanged.")
          .append("<input name=\"hp\"></label><button>Call me back</button></form>");
        return sb.toString();
    }
}

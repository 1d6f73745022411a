package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each rewriter's listener hears every page's head outcome and where and why the body features stopped. */
class RewriteListenerTest {
    private final List<String> heard = new ArrayList<>();
    private final RewriteListener listener = new RewriteListener() {
        @Override
        public void headOutcome(String path, Outcome outcome) {
            heard.add(path + " " + outcome);
        }

        @Override
        public void bodyStopped(String path, StopReason reason, long offset) {
            heard.add(path + " " + reason + "@" + offset);
        }
    };

    private String rewrite(String page) throws IOException {
        TestWidget widget = new TestWidget(Set.of(TestWidget.HELPLINE), TestWidget.BOX) {
            @Override
            public String pagePath() {
                return "/articles/a";
            }
        };
        StringWriter out = new StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter(new HtmlRewriter.Options(0, listener)).rewrite(out, widget);
        w.write(page);
        w.finish();
        return out.toString();
    }

    @Test
    void stop_reportedWithItsReasonOffsetAndPath_once() throws IOException {
        String page = "<body><p>800-601-3889</p><plaintext><p>800-601-3889</p><template><template>";
        String out = rewrite(page);
        assertEquals(List.of("/articles/a INJECTED", "/articles/a PLAINTEXT@" + page.indexOf("<plaintext>")), heard);
        assertEquals(1, out.split("data-helpline=\"tel\"", -1).length - 1, "linked before the stop only");
    }

    @Test
    void eachConstruct_namesItsOwnReason() throws IOException {
        String[][] cases = {
            {"<body><template><template>", "NESTED_TEMPLATE"},
            {"<body><svg><desc><b>x</b></desc></svg>", "MARKUP_IN_INTEGRATION_POINT"},
            {"<body><svg></p></svg>", "FOREIGN_END_TAG_UNMATCHED"},
            {"<body><math><annotation-xml>", "ANNOTATION_XML"},
            {"<body><a href=x><div>y</a>", "LINK_AROUND_BLOCK"},
            {"<body><x-card data-helpline-skip>", "SKIP_ON_UNKNOWN_ELEMENT"},
        };
        for (String[] c : cases) {
            heard.clear();
            rewrite(c[0]);
            assertEquals(2, heard.size(), c[0] + ": " + heard);
            assertEquals(c[1], heard.get(1).replaceAll("^\\S+ ([A-Z_]+)@\\d+$", "$1"), c[0]);
        }
    }

    @Test
    void pageFollowedToTheEnd_noStop() throws IOException {
        rewrite("<body><a href=/><svg><path/></svg></a><p>800-601-3889</p>");
        assertEquals(List.of("/articles/a INJECTED"), heard);
    }

    @Test
    void headOutcome_reportedForPagesPassedThrough() throws IOException {
        rewrite("<frameset></frameset>");
        assertEquals(List.of("/articles/a FRAMESET"), heard);
    }
}

package dev.helpline.core.html;

import dev.helpline.core.phone.PhoneNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A PageWidget shaped like the real one (link, "who answers" trigger, CTA box), recording what it is asked. */
class TestWidget implements PageWidget {
    static final PhoneNumber HELPLINE = PhoneNumber.parse("800-601-3889");
    static final String OPEN = "<a data-helpline=\"tel\" href=\"tel:+18006013889\">";
    static final String CLOSE = "</a><span data-helpline=\"who\"> (<a href=\"#helpline-disclosure\">Who Answers?</a>)</span>";
    static final String BOX = "<div data-helpline=\"cta\" id=\"hl-cta\"><p>I need to talk to someone now</p>"
            + "<p>Free and confidential. Call <a data-helpline=\"tel\" href=\"tel:+18006013889\">(800) 601-3889</a></p></div>";

    final Set<PhoneNumber> numbers;
    final String box;
    final List<String> others = new ArrayList<>();
    final List<String> langs = new ArrayList<>();

    TestWidget(Set<PhoneNumber> numbers, String box) {
        this.numbers = numbers;
        this.box = box;
    }

    /** Inline numbers and the box. */
    static TestWidget full() {
        return new TestWidget(Set.of(HELPLINE), BOX);
    }

    static TestWidget numbersOnly() {
        return new TestWidget(Set.of(HELPLINE), null);
    }

    @Override
    public String bodyStart(String htmlLang) {
        langs.add(String.valueOf(htmlLang));
        return CorpusTest.WIDGET;
    }

    @Override
    public String ctaBox(String htmlLang) {
        return box;
    }

    @Override
    public Set<PhoneNumber> inlineNumbers() {
        return numbers;
    }

    @Override
    public String numberOpen(PhoneNumber number, String htmlLang) {
        return OPEN;
    }

    @Override
    public String numberClose(PhoneNumber number, String htmlLang) {
        return CLOSE;
    }

    @Override
    public void otherNumber(String maskedNumber) {
        others.add(maskedNumber);
    }
}

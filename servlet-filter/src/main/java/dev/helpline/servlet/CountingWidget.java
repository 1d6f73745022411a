package dev.helpline.servlet;

import dev.helpline.core.html.Fragment;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.phone.PhoneNumber;

import java.util.Set;

/**
 * The response's page widget, counting what went into the page (numbers linked, boxes
 * placed) for the filter's {@link HelplineListener}. Everything else is the widget's own;
 * what it throws goes to the rewriter, which fails the page open.
 *
 * <p>One per rewritten response; not thread safe.
 */
final class CountingWidget implements PageWidget {
    private final PageWidget widget;
    private int numbersLinked;
    private int boxesPlaced;

    CountingWidget(PageWidget widget) {
        this.widget = widget;
    }

    int numbersLinked() {
        return numbersLinked;
    }

    int boxesPlaced() {
        return boxesPlaced;
    }

    @Override
    public String pagePath() {
        return widget.pagePath();
    }

    @Override
    public String bodyStart(String htmlLang) {
        return widget.bodyStart(htmlLang);
    }

    /** Passed on in parts, as the widget made them: nothing is assembled here. */
    @Override
    public Fragment bodyStartFragment(String htmlLang) {
        return widget.bodyStartFragment(htmlLang);
    }

    @Override
    public String ctaBox(String htmlLang) {
        return widget.ctaBox(htmlLang);
    }

    @Override
    public Set<PhoneNumber> inlineNumbers() {
        return widget.inlineNumbers();
    }

    @Override
    public String numberOpen(PhoneNumber number, String htmlLang) {
        numbersLinked++;
        return widget.numberOpen(number, htmlLang);
    }

    @Override
    public String numberClose(PhoneNumber number, String htmlLang) {
        return widget.numberClose(number, htmlLang);
    }

    @Override
    public void boxPlaced() {
        boxesPlaced++;
        widget.boxPlaced();
    }

    @Override
    public void otherNumber(String maskedNumber) {
        widget.otherNumber(maskedNumber);
    }

    @Override
    public void numberLeft(PhoneNumber number, String why) {
        widget.numberLeft(number, why);
    }
}

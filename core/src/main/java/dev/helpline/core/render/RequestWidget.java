package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Profile;
import dev.helpline.core.html.Fragment;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.phone.PhoneNumber;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The widget as one response sees it: the profile of its path, the language of its page,
 * whether the line is open now, whether the statistics are current. Made by
 * {@link Widgets#forResponse}; every answer is a precomputed fragment except the
 * body start's per-response values.
 *
 * <pre>{@code
 * RequestWidget page = widgets.forResponse("/es/articulo", "es-MX", lang -> RenderContext.NONE);
 * page.bodyStart("es");     // Spanish banner, disclosure and form
 * page.ctaBox("es");        // Spanish CTA box
 * page.inlineNumbers();     // the profile's number
 * }</pre>
 *
 * <p>One instance serves one response, on the thread writing it (not thread safe). The
 * opening hours are read once, so that banner and boxes of one page agree.
 */
public final class RequestWidget implements PageWidget {
    private final Widgets widgets;
    private final HelplineConfig config;
    private final String path;
    private final String acceptLanguage;
    private final Function<String, RenderContext> context;
    private final Profile profile;
    private Boolean open;
    // The page's language and widget, worked out once for its <html lang> (asked for the body
    // start, the box and twice for each linked number).
    private String pageLang;
    private String language;
    private Widget widget;

    RequestWidget(Widgets widgets, String path, String acceptLanguage, Function<String, RenderContext> context) {
        this.widgets = widgets;
        this.config = widgets.config();
        this.path = path == null ? "/" : path;
        this.acceptLanguage = acceptLanguage;
        this.context = Objects.requireNonNull(context, "context");
        this.profile = config.profileFor(this.path);
    }

    /** The profile of the path, or {@code null} for the top level. */
    public Profile profile() {
        return profile;
    }

    /** The language of a page with this {@code <html lang>} ({@code null}: none). */
    public String language(String htmlLang) {
        workOutPage(htmlLang);
        return language;
    }

    /** The widget of a page with this {@code <html lang>}. */
    public Widget widget(String htmlLang) {
        workOutPage(htmlLang);
        return widget;
    }

    private void workOutPage(String htmlLang) {
        if (widget == null || !Objects.equals(pageLang, htmlLang)) {
            language = config.language(profile, htmlLang, acceptLanguage);
            widget = widgets.widget(profile, language);
            pageLang = htmlLang;
        }
    }

    @Override
    public String pagePath() {
        return path;
    }

    @Override
    public String bodyStart(String htmlLang) {
        return widget(htmlLang).bodyStart(context(htmlLang));
    }

    /** The body start in parts: the widget's markup as rendered once, this response's nonce and token between. */
    @Override
    public Fragment bodyStartFragment(String htmlLang) {
        return widget(htmlLang).bodyStartFragment(context(htmlLang));
    }

    private RenderContext context(String htmlLang) {
        RenderContext ctx = Objects.requireNonNullElse(context.apply(language(htmlLang)), RenderContext.NONE);
        boolean isOpen = open();
        return ctx.open() == isOpen ? ctx : ctx.withOpen(isOpen);
    }

    @Override
    public String ctaBox(String htmlLang) {
        if (!config.ctaEnabled()) {
            return null;
        }
        return widget(htmlLang).cta(open(), widgets.statsCurrent());
    }

    /**
     * The profile's number; on a profile with the top level's operator also the top level's
     * number (both are answered by who the page's disclosure names).
     */
    @Override
    public Set<PhoneNumber> inlineNumbers() {
        if (!config.inlineEnabled()) {
            return Set.of();
        }
        if (profile == null) {
            return Set.of(config.phone());
        }
        Set<PhoneNumber> out = new LinkedHashSet<>();
        out.add(profile.phone());
        if (profile.operatorName().equals(config.operatorName())) {
            out.add(config.phone());
        }
        return Set.copyOf(out);
    }

    @Override
    public String numberOpen(PhoneNumber number, String htmlLang) {
        return widget(htmlLang).numberOpen(number);
    }

    @Override
    public String numberClose(PhoneNumber number, String htmlLang) {
        return widget(htmlLang).numberClose();
    }

    @Override
    public void otherNumber(String maskedNumber) {
        widgets.audit().hardCodedNumber(path, maskedNumber);
    }

    private boolean open() {
        if (open == null) {
            open = widgets.isOpen(profile);
        }
        return open;
    }
}

package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;

import java.util.List;

/**
 * The widget's HTML fragments and assets for one configuration, rendered once and then
 * shared by every response. Immutable and thread safe.
 *
 * <pre>{@code
 * Widget widget = Widget.render(config, "");   // "" = the web application's context path
 * String html = widget.bodyStart();            // written right after <body>
 * }</pre>
 */
public final class Widget {
    private final String bodyStart;
    private final List<Asset> assets;

    private Widget(String bodyStart, List<Asset> assets) {
        this.bodyStart = bodyStart;
        this.assets = assets;
    }

    /**
     * Renders the widget.
     *
     * @param contextPath the web application's context path ({@code ""} for the root), put
     *                    in front of the form action and the asset URLs
     */
    public static Widget render(HelplineConfig config, String contextPath) {
        String num = config.phone().display();
        String html = "<aside data-helpline=\"banner\" aria-label=\"Helpline\"><a href=\"" + config.phone().telUri()
                + "\">" + Html.text(config.texts().bannerCallText()) + ": " + Html.text(config.texts().bannerLabel()) + " " + num + "</a>"
                + " <a href=\"#helpline-disclosure\">" + Html.text(config.texts().disclosureLinkText()) + "</a></aside>"
                + "<div data-helpline=\"disclosure\" id=\"helpline-disclosure\" role=\"dialog\"><h2>"
                + Html.text(config.texts().disclosureTitle()) + "</h2><p>" + Html.text(config.texts().disclosureBody()) + "</p></div>"
                + "<form data-helpline=\"form\" method=\"post\" action=\"" + Html.attr(contextPath + config.formPath()) + "\">"
                + "<input type=\"tel\" name=\"phone\"></form>";
        return new Widget(html, List.of());
    }

    /** Everything written at the start of the body: asset tags, banner, disclosure, form. */
    public String bodyStart() {
        return bodyStart;
    }

    /** The asset of that file name, if the widget has one. */
    public java.util.Optional<Asset> asset(String fileName) {
        return assets.stream().filter(a -> a.fileName().equals(fileName)).findFirst();
    }

    /** The CSS and JS files the fragments refer to. */
    public List<Asset> assets() {
        return assets;
    }
}

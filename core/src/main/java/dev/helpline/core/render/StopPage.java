package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Profile;
import dev.helpline.core.config.Texts;

import java.util.Map;
import java.util.Objects;

/**
 * The visitor's "stop calling me / delete my request" page: a form with one field (the
 * number), its signed token and the honeypot, or the answer once it was sent. A page of its
 * own, served by the filter: it works without JavaScript, needs no inline script or style
 * (the widget's stylesheet, same origin, with its integrity hash) and speaks the language
 * and texts of the page that linked to it.
 *
 * <pre>{@code
 * String html = StopPage.form(config, "", null, "es", token, Map.of());          // the empty form
 * String err  = StopPage.form(config, "", null, "es", token, Map.of("phone", "…")); // with an error
 * String done = StopPage.done(config, "", null, "es");
 * }</pre>
 */
public final class StopPage {
    static final String PHONE_ID = "helpline-stop-phone";
    private static final String HINT_ID = "helpline-stop-hint";
    private static final String ERROR_ID = "helpline-stop-error";

    private StopPage() {
    }

    /**
     * The form, with {@code errors} (field name to message: {@code phone}, or {@code form}
     * for the form as a whole) shown beside what they concern.
     */
    public static String form(HelplineConfig config, String contextPath, Profile profile, String language, String token,
                              Map<String, String> errors) {
        Objects.requireNonNull(token, "token");
        Texts t = config.texts(profile, language);
        String phoneError = errors.get("phone");
        String formError = errors.get("form");
        StringBuilder b = start(config, contextPath, profile, language, t);
        b.append("<p>").append(Html.text(t.stopIntro())).append("</p>")
                .append("<form method=\"post\" action=\"").append(Html.attr(contextPath + config.rights().stopPath()))
                .append("\" novalidate><input type=\"hidden\" name=\"token\" value=\"").append(Html.attr(token)).append("\">");
        if (formError != null) {
            b.append("<p class=\"helpline-error\" role=\"alert\">").append(Html.text(formError)).append("</p>");
        }
        b.append("<div class=\"helpline-field\"><label for=\"" + PHONE_ID + "\">").append(Html.text(t.formPhoneLabel()))
                .append("</label><p class=\"helpline-hint\" id=\"" + HINT_ID + "\">").append(Html.text(t.formHint()))
                .append("</p><input type=\"tel\" name=\"phone\" id=\"" + PHONE_ID + "\" autocomplete=\"tel\" required")
                .append(phoneError == null ? " aria-describedby=\"" + HINT_ID + "\""
                        : " aria-describedby=\"" + HINT_ID + " " + ERROR_ID + "\" aria-invalid=\"true\" autofocus")
                .append('>');
        if (phoneError != null) {
            b.append("<p class=\"helpline-error\" id=\"" + ERROR_ID + "\" role=\"alert\">").append(Html.text(phoneError))
                    .append("</p>");
        }
        // The same trap as the callback form's: off screen, out of the tab order.
        b.append("</div><div class=\"helpline-trap\"><label for=\"helpline-stop-website\">")
                .append(Html.text(t.formHoneypotLabel()))
                .append("</label><input type=\"text\" name=\"website\" id=\"helpline-stop-website\" value=\"\" tabindex=\"-1\""
                        + " autocomplete=\"off\"></div><button type=\"submit\" class=\"helpline-submit\">")
                .append(Html.text(t.stopSubmitText())).append("</button></form>");
        return end(b);
    }

    /** The answer once the form was sent: the same text whatever the store held about the number. */
    public static String done(HelplineConfig config, String contextPath, Profile profile, String language) {
        Texts t = config.texts(profile, language);
        StringBuilder b = start(config, contextPath, profile, language, t);
        b.append("<p class=\"helpline-done\" role=\"status\">").append(Html.text(t.stopDoneText())).append("</p>");
        return end(b);
    }

    private static StringBuilder start(HelplineConfig config, String contextPath, Profile profile, String language,
                                       Texts t) {
        String css = contextPath + config.assetsPath() + "/" + StaticAssets.CSS.fileName();
        StringBuilder b = new StringBuilder(3000)
                .append("<!doctype html><html lang=\"").append(Html.attr(language)).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"robots\" content=\"noindex\"><title>").append(Html.text(t.stopHeading()))
                .append("</title><link rel=\"stylesheet\" href=\"").append(Html.attr(css)).append("\" integrity=\"")
                .append(StaticAssets.CSS.integrity()).append("\"></head><body>")
                .append("<main data-helpline=\"stop\" aria-labelledby=\"helpline-stop-title\">")
                .append("<h1 id=\"helpline-stop-title\">").append(Html.text(t.stopHeading())).append("</h1>");
        if (config.crisis(profile).enabled()) {
            // Someone asking for calls to stop may still need help now.
            b.append("<div class=\"helpline-crisis\"><p>").append(Widget.crisisLinks(t.crisisText())).append("</p><p>")
                    .append(Widget.crisisLinks(t.crisisSamhsaText())).append("</p></div>");
        }
        return b;
    }

    private static String end(StringBuilder b) {
        return b.append("</main></body></html>").toString();
    }
}

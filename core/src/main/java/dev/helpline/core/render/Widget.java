package dev.helpline.core.render;

import dev.helpline.core.config.CrisisPlacement;
import dev.helpline.core.config.CrisisText;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Profile;
import dev.helpline.core.config.Texts;
import dev.helpline.core.html.Fragment;
import dev.helpline.core.phone.PhoneNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The widget's HTML fragments and assets for one configuration, rendered once and then
 * shared by every response. Immutable and thread safe.
 *
 * <pre>{@code
 * Widget widget = Widget.render(config, "");   // "" = the web application's context path
 * String html = widget.bodyStart(new RenderContext(nonce, token, FormState.NONE));
 * }</pre>
 *
 * <p>Every configuration text reaches the markup through {@link Html} at render time; the
 * per-response work is escaping the per-response values: {@link #bodyStartFragment} hands
 * them to the rewriter beside the parts rendered once, {@link #bodyStart(RenderContext)}
 * concatenates them into one string.
 *
 * <p>What the CSS and script rely on (keep in step with {@code helpline.css} and
 * {@code helpline.js}): top-level elements carry {@code data-helpline="banner|disclosure|
 * callback|cta|style|script"}; the crisis lines sit in {@code .helpline-crisis} (disclosure and
 * panel) or {@code .helpline-crisis-line} (banner and box); the disclosure is {@code #helpline-disclosure}, the callback
 * panel {@code #helpline-callback}, both opened by any link to their fragment and closed by
 * {@code .helpline-close}; an open element has the class {@code helpline-is-open}; a field's
 * error message has the id {@code <field id>-error}.
 *
 * <p>Links to the public crisis lines (988, 911, SAMHSA's National Helpline) are marked
 * {@code data-helpline="crisis"}, never {@code data-helpline="tel"}, which means the
 * helpline's own number, and never get a "Who Answers?" trigger: the operator does not
 * answer them.
 */
public final class Widget {
    static final String DISCLOSURE_ID = "helpline-disclosure";
    static final String PANEL_ID = "helpline-callback";
    static final String OPEN_CLASS = "helpline-is-open";

    private static final String PHONE_ID = "helpline-phone";
    private static final String HINT_ID = "helpline-phone-hint";
    private static final String CONSENT_ID = "helpline-consent";
    private static final String PHONE_VALID = " aria-describedby=\"" + HINT_ID + "\"";
    private static final String PHONE_INVALID = " aria-describedby=\"" + HINT_ID + " " + PHONE_ID + "-error\" aria-invalid=\"true\"";
    /** What goes around a nonce and a form token in their slots. */
    private static final String NONCE_OPEN = " nonce=\"";
    private static final String NONCE_CLOSE = "\"";
    private static final String TOKEN_OPEN = "<input type=\"hidden\" name=\"token\" value=\"";
    private static final String TOKEN_CLOSE = "\">";
    private static final String CONSENT_INVALID = " aria-describedby=\"" + CONSENT_ID + "-error\" aria-invalid=\"true\"";
    /**
     * Closing links point at an id nobody has: following it clears {@code :target} (so the
     * no-JS overlay disappears) without scrolling the page, unlike a bare {@code #}.
     */
    private static final String CLOSE_HREF = "#helpline-closed";
    /** A blank line (spaces allowed) separates paragraphs of the disclosure text. */
    private static final Pattern BLANK_LINE = Pattern.compile("\\n\\s*\\n");

    /** Where a per-response value goes. */
    private enum Slot { NONCE, PANEL_OPEN, TOKEN, PHONE_ATTRS, PHONE_ERROR, CONSENT_ATTRS, CONSENT_ERROR, STATUS }

    private final String language;
    private final PhoneNumber phone;
    private final Pieces bodyStartPieces;
    private final Pieces bodyStartClosedPieces;
    private final String bodyStartNone;
    private final String bodyStartClosedNone;
    private final String banner;
    private final String bannerClosed;
    private final String disclosure;
    private final String form;
    private final String cta;
    private final String ctaWithoutStats;
    private final String ctaClosed;
    private final String numberOpen;
    private final String numberClose;
    private final String successStatus;
    private final boolean consentField;
    /**
     * The body start without a form outcome as templates, made on first use, one per shape
     * (line open or not, with a nonce or not, with a token or not; see {@link #shape}): only
     * the nonce and the token are left to fill per response.
     */
    private final Shape[] shapes = new Shape[8];

    /**
     * A template and, for each of its slots, the value that goes there ({@code NONCE} or
     * {@code TOKEN}); {@code filled} is the fragment itself when it has no slot, so that a
     * response without nonce and token allocates nothing for it.
     */
    private record Shape(Fragment.Template template, Slot[] slots, Fragment filled) {
    }

    private Widget(Builder b) {
        this.language = b.language;
        this.phone = b.phone;
        this.bodyStartPieces = b.bodyStart;
        this.bodyStartClosedPieces = b.bodyStartClosed;
        this.banner = b.banner;
        this.bannerClosed = b.bannerClosed;
        this.disclosure = b.disclosure;
        this.cta = b.cta;
        this.ctaWithoutStats = b.ctaWithoutStats;
        this.ctaClosed = b.ctaClosed;
        this.numberOpen = b.numberOpen;
        this.numberClose = b.numberClose;
        this.successStatus = b.successStatus;
        this.consentField = b.consentField;
        this.bodyStartNone = assemble(bodyStartPieces, RenderContext.NONE);
        this.bodyStartClosedNone = assemble(bodyStartClosedPieces, RenderContext.NONE);
        this.form = assemble(b.form, RenderContext.NONE);
    }

    /** What {@link #render} hands the constructor. */
    private static final class Builder {
        String language;
        PhoneNumber phone;
        Pieces bodyStart;
        Pieces bodyStartClosed;
        Pieces form;
        String banner;
        String bannerClosed;
        String disclosure;
        String cta;
        String ctaWithoutStats;
        String ctaClosed;
        String numberOpen;
        String numberClose;
        String successStatus;
        boolean consentField;
    }

    /**
     * Renders the widget.
     *
     * @param contextPath the web application's context path ({@code ""} for the root), put
     *                    in front of the form action and the asset URLs
     * @throws IllegalArgumentException if the context path is neither empty nor starts with
     *                                  {@code /}, or ends with {@code /}
     */
    public static Widget render(HelplineConfig config, String contextPath) {
        Objects.requireNonNull(config, "config");
        return render(config, contextPath, null, config.locale());
    }

    /**
     * Renders the widget of a profile in a language (see {@link Widgets} for the cached set);
     * with the callback form unless {@code helpline.callback.enabled=false}.
     *
     * <pre>{@code
     * Widget es = Widget.render(config, "", config.profileFor("/es/"), "es");
     * }</pre>
     *
     * @param profile  from {@link HelplineConfig#profileFor}, or {@code null} for the top level
     * @param language a primary language subtag ({@code es}), as {@link HelplineConfig#language} answers
     * @throws IllegalArgumentException if the context path is neither empty nor starts with
     *                                  {@code /}, or ends with {@code /}
     */
    public static Widget render(HelplineConfig config, String contextPath, Profile profile, String language) {
        return render(config, contextPath, profile, language, config.callback().enabled());
    }

    /**
     * As {@link #render(HelplineConfig, String, Profile, String)}; with {@code withForm}
     * false there is no callback panel and no link to it (the banner, the disclosure and
     * the box stay), for a site whose callback store cannot take requests.
     */
    public static Widget render(HelplineConfig config, String contextPath, Profile profile, String language,
                                boolean withForm) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(contextPath, "contextPath");
        Objects.requireNonNull(language, "language");
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("contextPath must be \"\" or start with '/' and not end with it: " + contextPath);
        }
        Texts t = config.texts(profile, language);
        PhoneNumber phone = config.phone(profile);
        String tel = "href=\"" + Html.attr(phone.telUri()) + "\"";
        String number = Html.text(phone.display());
        String whoLink = "<a class=\"helpline-who\" href=\"#" + DISCLOSURE_ID + "\" aria-haspopup=\"dialog\">"
                + Html.text(t.disclosureLinkText()) + "</a>";
        String close = "<a class=\"helpline-close\" href=\"" + CLOSE_HREF + "\">" + Html.text(t.disclosureCloseText()) + "</a>";
        CrisisPlacement crisis = config.crisis(profile);
        String crisisLine = crisis.enabled() ? crisisLinks(t.crisisText()) : "";
        String crisisBlock = crisis.enabled()
                ? "<div class=\"helpline-crisis\"><p>" + crisisLine + "</p><p>" + crisisLinks(t.crisisSamhsaText()) + "</p></div>"
                : "";
        String bannerCrisis = crisis.inBanner()
                ? " <span class=\"helpline-crisis-line\">" + crisisLine + "</span>" : "";

        String banner = "<aside data-helpline=\"banner\" aria-label=\"" + Html.attr(t.bannerAriaLabel()) + "\">"
                + "<a data-helpline=\"tel\" class=\"helpline-banner-call\" " + tel + ">"
                + "<span class=\"helpline-call-text\">" + Html.text(t.bannerCallText()) + "</span>: "
                + "<span class=\"helpline-label\">" + Html.text(t.bannerLabel()) + "</span> "
                + "<span class=\"helpline-number\">" + number + "</span></a> "
                + "<span class=\"helpline-sep\" aria-hidden=\"true\">&#xB7;</span> "
                + whoLink
                + (withForm ? " <a class=\"helpline-open-form\" href=\"#" + PANEL_ID + "\" aria-controls=\"" + PANEL_ID + "\">"
                + Html.text(t.formHeading()) + "</a>" : "") + bannerCrisis + "</aside>";
        // Outside the hours nobody picks up: no call link, the form instead. The disclosure
        // stays, since it says who will call back.
        String openForm = !withForm ? "" : "<a class=\"helpline-open-form\" href=\"#" + PANEL_ID + "\" aria-controls=\"" + PANEL_ID + "\">"
                + Html.text(t.formHeading()) + "</a>";
        String bannerClosed = "<aside data-helpline=\"banner\" class=\"helpline-off\" aria-label=\"" + Html.attr(t.bannerAriaLabel()) + "\">"
                + "<span class=\"helpline-off-hours\">" + Html.text(t.bannerOffHoursText()) + "</span> "
                + "<span class=\"helpline-sep\" aria-hidden=\"true\">&#xB7;</span> "
                + whoLink + (withForm ? " " + openForm : "") + bannerCrisis + "</aside>";

        StringBuilder d = new StringBuilder()
                .append("<div data-helpline=\"disclosure\" id=\"").append(DISCLOSURE_ID)
                .append("\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"helpline-disclosure-title\" tabindex=\"-1\">")
                .append("<h2 id=\"helpline-disclosure-title\">").append(Html.text(t.disclosureTitle())).append("</h2>")
                // First: someone in crisis needs 988 or 911 before reading about admissions.
                .append(crisisBlock);
        for (String paragraph : paragraphs(t.disclosureBody())) {
            d.append("<p>").append(Html.text(paragraph)).append("</p>");
        }
        List<String> represented = t.representedProviderList();
        if (!represented.isEmpty()) {
            d.append("<p class=\"helpline-represented\">").append(Html.text(t.disclosureRepresentedProvidersText()))
                    .append("</p><ul class=\"helpline-represented-list\">");
            represented.forEach(name -> d.append("<li>").append(Html.text(name)).append("</li>"));
            d.append("</ul>");
        }
        // A plain link the visitor may follow; the page itself requests nothing from it, and
        // noreferrer keeps the article's address (a health topic) out of the locator's logs.
        d.append("<p class=\"helpline-providers\">").append(Html.text(t.disclosureProvidersText()))
                .append(" <a class=\"helpline-providers-link\" href=\"").append(Html.attr(t.disclosureProvidersUrl()))
                .append("\" rel=\"noreferrer\">").append(Html.text(shownUrl(t.disclosureProvidersUrl()))).append("</a></p>");
        // How to take a request back, and stop calls, wherever a visitor reads who calls them.
        String stop = !withForm ? "" : "<p class=\"helpline-stop\"><a class=\"helpline-stop-link\" href=\""
                + Html.attr(stopHref(config, contextPath, profile, language)) + "\">" + Html.text(t.stopLinkText()) + "</a></p>";
        String disclosure = d.append(stop).append(close).append("</div>").toString();

        Pieces form = !withForm ? new Pieces.Builder().text("").build() : new Pieces.Builder()
                .text("<section data-helpline=\"callback\" id=\"" + PANEL_ID + "\" class=\"helpline-panel")
                .slot(Slot.PANEL_OPEN)
                .text("\" aria-labelledby=\"helpline-callback-title\" tabindex=\"-1\">"
                        + "<h2 id=\"helpline-callback-title\">" + Html.text(t.formHeading()) + "</h2>"
                        + crisisBlock
                        + "<form data-helpline=\"form\" method=\"post\" action=\"" + Html.attr(contextPath + config.formPath())
                        + "\" novalidate data-helpline-success=\"" + Html.attr(t.formSuccessText()) + "\">")
                .slot(Slot.TOKEN)
                .text("<div class=\"helpline-field\"><label for=\"" + PHONE_ID + "\">" + Html.text(t.formPhoneLabel()) + "</label>"
                        + "<p class=\"helpline-hint\" id=\"" + HINT_ID + "\">" + Html.text(t.formHint()) + "</p>"
                        + "<input type=\"tel\" name=\"phone\" id=\"" + PHONE_ID + "\" autocomplete=\"tel\" required")
                .slot(Slot.PHONE_ATTRS)
                .text(">")
                .slot(Slot.PHONE_ERROR)
                // Bots fill every field they see; people never reach this one: it sits off
                // screen (not display:none, which bots skip) and out of the tab order.
                .text("</div><div class=\"helpline-trap\"><label for=\"helpline-website\">" + Html.text(t.formHoneypotLabel())
                        + "</label><input type=\"text\" name=\"website\" id=\"helpline-website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>")
                .consent(config.consentRequired(), Html.text(t.formConsentText()))
                .text("<button type=\"submit\" class=\"helpline-submit\">" + Html.text(t.formSubmitText()) + "</button>"
                        + "<div class=\"helpline-status\" id=\"helpline-callback-status\" role=\"status\" aria-live=\"polite\">")
                .slot(Slot.STATUS)
                .text("</div></form>" + stop + close + "</section>")
                .build();

        String assetsBase = contextPath + config.assetsPath() + "/";
        // Stylesheet first: browsers hold back painting what follows a body <link>, so the
        // banner never shows unstyled.
        Pieces head = new Pieces.Builder()
                .text("<link data-helpline=\"style\" rel=\"stylesheet\" href=\"" + Html.attr(assetsBase + StaticAssets.CSS.fileName())
                        + "\" integrity=\"" + StaticAssets.CSS.integrity() + "\"")
                .slot(Slot.NONCE)
                .text("><script data-helpline=\"script\" src=\"" + Html.attr(assetsBase + StaticAssets.JS.fileName())
                        + "\" integrity=\"" + StaticAssets.JS.integrity() + "\" defer")
                .slot(Slot.NONCE)
                .text("></script>")
                .build();
        Pieces bodyStart = new Pieces.Builder().append(head).text(banner + disclosure).append(form).build();
        Pieces bodyStartClosed = new Pieces.Builder().append(head).text(bannerClosed + disclosure).append(form).build();

        String ctaTop = "<div data-helpline=\"cta\" class=\"helpline-cta\">"
                + "<p class=\"helpline-cta-heading\">" + Html.text(t.ctaHeading()) + "</p>"
                + (t.ctaSubheading().isEmpty() ? "" : "<p class=\"helpline-cta-sub\">" + Html.text(t.ctaSubheading()) + "</p>");
        String ctaCall = "<p class=\"helpline-cta-call\"><span class=\"helpline-cta-call-text\">" + Html.text(t.ctaCallText())
                + "</span> <a data-helpline=\"tel\" " + tel + ">" + number + "</a> (" + whoLink + ")</p>";
        String ctaCrisis = crisis.inCta() ? "<p class=\"helpline-crisis-line\">" + crisisLine + "</p>" : "";
        String stats = t.ctaStats().isEmpty() ? ""
                : "<p class=\"helpline-cta-stats\">" + Html.text(t.ctaStats())
                + (t.ctaStatsAsOf().isEmpty() ? "" : " " + Html.text(t.ctaStatsAsOf())) + "</p>";

        Builder w = new Builder();
        w.language = language;
        w.phone = phone;
        w.bodyStart = bodyStart;
        w.bodyStartClosed = bodyStartClosed;
        w.form = form;
        w.banner = banner;
        w.bannerClosed = bannerClosed;
        w.disclosure = disclosure;
        w.cta = ctaTop + ctaCall + stats + ctaCrisis + "</div>";
        w.ctaWithoutStats = ctaTop + ctaCall + ctaCrisis + "</div>";
        // The response-time claim is about calls: not made while nobody answers.
        w.ctaClosed = ctaTop + "<p class=\"helpline-cta-off-hours\">" + Html.text(t.bannerOffHoursText())
                + (withForm ? " " + openForm : "") + "</p>" + ctaCrisis + "</div>";
        w.numberOpen = telLink(phone);
        w.numberClose = "</a><span data-helpline=\"who\"> (" + whoLink + ")</span>";
        w.successStatus = "<p class=\"helpline-success\">" + Html.text(t.formSuccessText()) + "</p>";
        w.consentField = config.consentRequired();
        return new Widget(w);
    }

    /**
     * The stop form's address for a page of this profile in this language: the form then
     * speaks the page's language and texts. Profile and language names are plain tokens
     * ({@code [a-z0-9-]}), checked at load.
     */
    static String stopHref(HelplineConfig config, String contextPath, Profile profile, String language) {
        return contextPath + config.rights().stopPath() + "?lang=" + language
                + (profile == null ? "" : "&profile=" + profile.name());
    }

    private static String telLink(PhoneNumber number) {
        return "<a data-helpline=\"tel\" href=\"" + Html.attr(number.telUri()) + "\">";
    }

    /**
     * A crisis text with its public lines as links of their own. A link whose text is a word
     * ("Call", "text") gets an accessible name with the number, so that a list of the page's
     * links still says where each one goes.
     */
    static String crisisLinks(String template) {
        StringBuilder b = new StringBuilder();
        for (CrisisText.Part part : CrisisText.parse(template).parts()) {
            if (part instanceof CrisisText.Link l) {
                b.append("<a data-helpline=\"crisis\" href=\"").append(Html.attr(l.uri())).append('"');
                if (!l.labelIsNumber()) {
                    b.append(" aria-label=\"").append(Html.attr(l.label() + " " + l.line().display())).append('"');
                }
                b.append('>').append(Html.text(l.label())).append("</a>");
            } else {
                b.append(Html.text(((CrisisText.Text) part).text()));
            }
        }
        return b.toString();
    }

    /** {@code https://findtreatment.gov/} is shown as {@code findtreatment.gov}: where the link goes, readably. */
    static String shownUrl(String url) {
        String u = url.replaceFirst("(?i)^https?://", "");
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** Splits the disclosure text at blank lines; each part becomes one {@code <p>}. */
    static List<String> paragraphs(String body) {
        List<String> out = new ArrayList<>();
        for (String part : BLANK_LINE.split(body)) {
            String p = part.strip();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Everything written right after {@code <body…>}: the stylesheet and script tags, the
     * banner, the disclosure and the callback panel. Same as
     * {@code bodyStart(RenderContext.NONE)}.
     */
    public String bodyStart() {
        return bodyStartNone;
    }

    /**
     * {@link #bodyStart()} with one response's nonce, form token and form outcome.
     *
     * <pre>{@code
     * widget.bodyStart(new RenderContext(nonce, token, FormState.error(Map.of("phone", "Check the number."))));
     * }</pre>
     */
    public String bodyStart(RenderContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        boolean plain = (ctx.nonce() == null || ctx.nonce().isEmpty()) && ctx.formToken() == null
                && ctx.formState().status() == FormState.Status.NONE;
        if (plain) {
            return ctx.open() ? bodyStartNone : bodyStartClosedNone;
        }
        return assemble(ctx.open() ? bodyStartPieces : bodyStartClosedPieces, ctx);
    }

    /**
     * {@link #bodyStart(RenderContext)} in parts, for the rewriter: the markup rendered once,
     * and this response's nonce and token written between its parts, so that a response
     * neither assembles nor encodes the fragment again. Reads the same as
     * {@code bodyStart(ctx)}. A form outcome (shown after a post without JavaScript, rare)
     * is assembled as {@code bodyStart(ctx)} is.
     *
     * <pre>{@code
     * Fragment f = widget.bodyStartFragment(new RenderContext(nonce, token, FormState.NONE));
     * }</pre>
     */
    public Fragment bodyStartFragment(RenderContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        if (ctx.formState().status() != FormState.Status.NONE) {
            return Fragment.of(bodyStart(ctx));
        }
        boolean nonce = ctx.nonce() != null && !ctx.nonce().isEmpty();
        boolean token = ctx.formToken() != null;
        Shape shape = shape(ctx.open(), nonce, token);
        Slot[] slots = shape.slots();
        if (slots.length == 0) {
            return shape.filled();
        }
        String nonceValue = nonce ? Html.attr(ctx.nonce()) : null;
        String tokenValue = token ? Html.attr(ctx.formToken()) : null;
        String[] values = new String[slots.length];
        for (int i = 0; i < slots.length; i++) {
            values[i] = slots[i] == Slot.NONCE ? nonceValue : tokenValue;
        }
        return shape.template().with(values);
    }

    private Shape shape(boolean open, boolean nonce, boolean token) {
        int i = (open ? 4 : 0) | (nonce ? 2 : 0) | (token ? 1 : 0);
        Shape s = shapes[i];
        if (s == null) {
            // A race renders the same shape twice; Shape is immutable, so publishing it is safe.
            s = resolve(open ? bodyStartPieces : bodyStartClosedPieces, nonce, token);
            shapes[i] = s;
        }
        return s;
    }

    /**
     * The pieces with every slot but the nonce and the token filled as without a form
     * outcome; those two become slots of the template (with their attribute or hidden input
     * around them in the literal parts) when the response has them, else nothing.
     */
    private Shape resolve(Pieces pieces, boolean nonce, boolean token) {
        List<String> parts = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        StringBuilder current = new StringBuilder(pieces.literals[0]);
        for (int i = 0; i < pieces.slots.length; i++) {
            Slot slot = pieces.slots[i];
            if (slot == Slot.NONCE && nonce || slot == Slot.TOKEN && token) {
                current.append(slot == Slot.NONCE ? NONCE_OPEN : TOKEN_OPEN);
                parts.add(current.toString());
                slots.add(slot);
                current = new StringBuilder(slot == Slot.NONCE ? NONCE_CLOSE : TOKEN_CLOSE);
            } else {
                fill(current, slot, RenderContext.NONE);
            }
            current.append(pieces.literals[i + 1]);
        }
        parts.add(current.toString());
        Fragment.Template template = Fragment.template(parts.toArray(String[]::new));
        return new Shape(template, slots.toArray(Slot[]::new), slots.isEmpty() ? template.with() : null);
    }

    /** The sticky banner: call link, "Who Answers?" link, callback-form link. */
    public String banner() {
        return banner;
    }

    /**
     * The banner while the line is open ({@link #banner()}), or outside the hours: the
     * off-hours text, the "Who Answers?" link and the callback-form link, no call link.
     */
    public String banner(boolean open) {
        return open ? banner : bannerClosed;
    }

    /** The language the texts are in ({@code en}, {@code es}, …). */
    public String language() {
        return language;
    }

    /** The number this widget shows and calls. */
    public PhoneNumber phone() {
        return phone;
    }

    /**
     * Written before a number found in the page's text: opens its {@code tel:} link.
     *
     * <pre>{@code
     * widget.numberOpen(number) + "800-601-3889" + widget.numberClose()
     * // <a data-helpline="tel" href="tel:+1-800-601-3889">800-601-3889</a><span data-helpline="who"> (<a …>Who Answers?</a>)</span>
     * }</pre>
     */
    public String numberOpen(PhoneNumber number) {
        Objects.requireNonNull(number, "number");
        return number.equals(phone) ? numberOpen : telLink(number);
    }

    /** Written after a number found in the page's text: closes the link and adds the disclosure trigger. */
    public String numberClose() {
        return numberClose;
    }

    /** The "Who Answers?" dialog, {@code #helpline-disclosure}. */
    public String disclosure() {
        return disclosure;
    }

    /** The callback panel {@code #helpline-callback} with its form, empty and closed, without a token. */
    public String form() {
        return form;
    }

    /**
     * The call-to-action box for the host's slots. It has no ids, so a page may hold it
     * more than once.
     */
    public String cta() {
        return cta;
    }

    /**
     * The call-to-action box while the line is open, with or without its statistics line
     * (left out once its date is too old); outside the hours it offers the callback form
     * instead of the call and makes no response-time claim.
     */
    public String cta(boolean open, boolean withStats) {
        return !open ? ctaClosed : withStats ? cta : ctaWithoutStats;
    }

    /** The CSS and JS files the fragments refer to. */
    public List<Asset> assets() {
        return StaticAssets.ALL;
    }

    /**
     * The asset with this file name, as requested under {@code helpline.assets.path}.
     *
     * <pre>{@code
     * widget.asset("helpline-3f2a9c1d.css").map(Asset::bytes)
     * }</pre>
     */
    public Optional<Asset> asset(String fileName) {
        return StaticAssets.ALL.stream().filter(a -> a.fileName().equals(fileName)).findFirst();
    }

    private String assemble(Pieces pieces, RenderContext ctx) {
        StringBuilder out = new StringBuilder(pieces.length() + 512);
        for (int i = 0; i < pieces.slots.length; i++) {
            out.append(pieces.literals[i]);
            fill(out, pieces.slots[i], ctx);
        }
        return out.append(pieces.literals[pieces.slots.length]).toString();
    }

    private void fill(StringBuilder out, Slot slot, RenderContext ctx) {
        FormState state = ctx.formState();
        switch (slot) {
            case NONCE -> {
                if (ctx.nonce() != null && !ctx.nonce().isEmpty()) {
                    out.append(NONCE_OPEN).append(Html.attr(ctx.nonce())).append(NONCE_CLOSE);
                }
            }
            case PANEL_OPEN -> {
                if (state.status() != FormState.Status.NONE) {
                    out.append(' ').append(OPEN_CLASS);
                }
            }
            case TOKEN -> {
                if (ctx.formToken() != null) {
                    out.append(TOKEN_OPEN).append(Html.attr(ctx.formToken())).append(TOKEN_CLOSE);
                }
            }
            case PHONE_ATTRS -> out.append(error(state, "phone") == null ? PHONE_VALID : PHONE_INVALID);
            case PHONE_ERROR -> message(out, PHONE_ID, error(state, "phone"));
            case CONSENT_ATTRS -> out.append(error(state, "consent") == null ? "" : CONSENT_INVALID);
            case CONSENT_ERROR -> message(out, CONSENT_ID, error(state, "consent"));
            case STATUS -> {
                if (state.status() == FormState.Status.SUCCESS) {
                    out.append(successStatus);
                } else {
                    for (Map.Entry<String, String> e : state.fieldErrors().entrySet()) {
                        if (!hasField(e.getKey())) {
                            out.append("<p class=\"helpline-error\">").append(Html.text(e.getValue())).append("</p>");
                        }
                    }
                }
            }
        }
    }

    private boolean hasField(String name) {
        return name.equals("phone") || (consentField && name.equals("consent"));
    }

    private String error(FormState state, String field) {
        return hasField(field) ? state.fieldErrors().get(field) : null;
    }

    private static void message(StringBuilder out, String fieldId, String message) {
        if (message != null) {
            out.append("<p class=\"helpline-error\" id=\"").append(fieldId).append("-error\">")
                    .append(Html.text(message)).append("</p>");
        }
    }

    /** Markup split around its slots: {@code literals.length == slots.length + 1}. */
    private record Pieces(String[] literals, Slot[] slots) {
        int length() {
            int n = 0;
            for (String s : literals) {
                n += s.length();
            }
            return n;
        }

        static final class Builder {
            private final List<String> literals = new ArrayList<>();
            private final List<Slot> slots = new ArrayList<>();
            private StringBuilder current = new StringBuilder();

            Builder text(String s) {
                current.append(s);
                return this;
            }

            Builder slot(Slot slot) {
                literals.add(current.toString());
                slots.add(slot);
                current = new StringBuilder();
                return this;
            }

            Builder append(Pieces other) {
                for (int i = 0; i < other.slots.length; i++) {
                    text(other.literals[i]).slot(other.slots[i]);
                }
                return text(other.literals[other.slots.length]);
            }

            /** The consent checkbox, or only its text when the server does not ask for it. */
            Builder consent(boolean required, String escapedText) {
                if (!required) {
                    return text("<p class=\"helpline-consent\">" + escapedText + "</p>");
                }
                return text("<div class=\"helpline-check\"><input type=\"checkbox\" name=\"consent\" value=\"yes\" id=\""
                        + CONSENT_ID + "\" required")
                        .slot(Slot.CONSENT_ATTRS)
                        .text("><label for=\"" + CONSENT_ID + "\">" + escapedText + "</label></div>")
                        .slot(Slot.CONSENT_ERROR);
            }

            Pieces build() {
                List<String> all = new ArrayList<>(literals);
                all.add(current.toString());
                return new Pieces(all.toArray(String[]::new), slots.toArray(Slot[]::new));
            }
        }
    }
}

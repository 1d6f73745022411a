package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Hours;
import dev.helpline.core.config.Profile;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every variant of the widget one configuration needs: one {@link Widget} per profile and
 * language, rendered on first use and kept (there are a handful: the languages with texts
 * times the profiles), plus the clock-dependent choices (open hours, fresh statistics).
 *
 * <pre>{@code
 * Widgets widgets = Widgets.of(config, contextPath);               // once, at start
 * Widget w = widgets.forRequest("/es/articulo", "es", "es-MX,en;q=0.5");
 * PageWidget page = widgets.forResponse(path, acceptLanguage,      // once per response
 *         language -> new RenderContext(nonce, token, formState));
 * }</pre>
 *
 * <p>Thread safe.
 */
public final class Widgets {
    private static final System.Logger LOG = System.getLogger(Widgets.class.getName());

    private final HelplineConfig config;
    private final String contextPath;
    private final Clock clock;
    private final AuditListener audit;
    private final ConcurrentHashMap<String, Widget> cache;
    private final boolean withForm;

    private Widgets(HelplineConfig config, String contextPath, Clock clock, AuditListener audit,
                    ConcurrentHashMap<String, Widget> cache) {
        // No form (and so no token and no link to it) where the configuration switched callbacks off.
        this(config, contextPath, clock, audit, cache, config.callback().enabled());
    }

    private Widgets(HelplineConfig config, String contextPath, Clock clock, AuditListener audit,
                    ConcurrentHashMap<String, Widget> cache, boolean withForm) {
        this.withForm = withForm;
        this.config = Objects.requireNonNull(config, "config");
        this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.cache = cache;
    }

    /**
     * The widgets of a configuration, on the system clock, logging audit findings when
     * {@code helpline.audit.enabled}. Renders the top level's widget at once, so that a
     * rendering problem shows at start.
     *
     * @throws IllegalArgumentException if the context path is not {@code ""} or {@code /name}
     */
    public static Widgets of(HelplineConfig config, String contextPath) {
        Widgets w = new Widgets(config, contextPath, Clock.systemUTC(),
                config.auditEnabled() ? AuditListener.logging() : AuditListener.none(), new ConcurrentHashMap<>());
        w.widget(null, config.locale());
        if (config.statsAsOf() == null && !config.texts().ctaStats().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "helpline: the CTA box's statistics line has no date; set"
                    + " helpline.cta.stats-as-of so that it leaves the pages once it is out of date");
        }
        String crisisOff = crisisOff(config);
        if (!crisisOff.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "helpline: the crisis lines (988, 911, SAMHSA's National Helpline) are"
                    + " turned off for " + crisisOff + "; visitors in crisis on those pages see only the operator's number");
        }
        return w;
    }

    /** Where {@code helpline.crisis.enabled} is false ("pages no profile matches", "profiles es, fl"), or "". */
    static String crisisOff(HelplineConfig config) {
        List<String> parts = new ArrayList<>();
        if (!config.crisis(null).enabled()) {
            parts.add("pages no profile matches");
        }
        List<String> profiles = config.profiles().stream().filter(p -> !p.crisis().enabled()).map(Profile::name).toList();
        if (!profiles.isEmpty()) {
            parts.add((profiles.size() == 1 ? "profile " : "profiles ") + String.join(", ", profiles));
        }
        return String.join(" and ", parts);
    }

    /** The same widgets on another clock (tests, previews). */
    public Widgets withClock(Clock newClock) {
        return new Widgets(config, contextPath, newClock, audit, cache, withForm);
    }

    /**
     * The same widgets without the callback panel and the links to it: for a site whose
     * callback store is unavailable, so that nobody fills in a form that cannot be sent.
     */
    public Widgets withoutForm() {
        return withForm ? new Widgets(config, contextPath, clock, audit, new ConcurrentHashMap<>(), false) : this;
    }

    /** The same widgets telling another listener about other numbers (ignored when {@code helpline.audit.enabled=false}). */
    public Widgets withAudit(AuditListener listener) {
        return new Widgets(config, contextPath, clock, config.auditEnabled() ? listener : AuditListener.none(), cache, withForm);
    }

    /** The widget of a profile ({@code null}: the top level) in a language, rendered once. */
    public Widget widget(Profile profile, String language) {
        return cache.computeIfAbsent((profile == null ? "" : profile.name()) + "|" + language,
                k -> Widget.render(config, contextPath, profile, language, withForm));
    }

    /**
     * The widget for a page: its path's profile, in the language {@link HelplineConfig#language}
     * picks from the profile, the page's {@code <html lang>} and the {@code Accept-Language} header.
     */
    public Widget forRequest(String path, String htmlLang, String acceptLanguage) {
        Profile p = config.profileFor(path);
        return widget(p, config.language(p, htmlLang, acceptLanguage));
    }

    /**
     * What the rewriter asks one response for.
     *
     * @param path           the request path without the context path
     * @param acceptLanguage the request's {@code Accept-Language}, or {@code null}
     * @param context        the response's nonce, form token and form state, asked for once,
     *                       with the page's language, when the body starts
     */
    public RequestWidget forResponse(String path, String acceptLanguage, Function<String, RenderContext> context) {
        return new RequestWidget(this, path, acceptLanguage, context);
    }

    /** Whether the phone line is answered now. */
    public boolean isOpen() {
        return isOpen(null);
    }

    /** Whether the number of a profile ({@code null}: the top level) is answered now. */
    public boolean isOpen(Profile profile) {
        Hours hours = profile != null && profile.hours() != null ? profile.hours() : config.hours();
        return hours.isOpen(clock.instant());
    }

    /**
     * Whether the CTA box's statistics may be shown now: always without a date, else until
     * {@code stats-as-of + stats-max-age} (inclusive) in the schedule's time zone.
     */
    public boolean statsCurrent() {
        LocalDate asOf = config.statsAsOf();
        if (asOf == null) {
            return true;
        }
        LocalDate today = LocalDate.ofInstant(Instant.now(clock), config.hours().zone());
        return !today.isAfter(asOf.plus(config.statsMaxAge()));
    }

    public HelplineConfig config() {
        return config;
    }

    AuditListener audit() {
        return audit;
    }
}

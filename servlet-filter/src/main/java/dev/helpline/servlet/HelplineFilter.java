package dev.helpline.servlet;

import dev.helpline.core.callback.CallbackStore;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.DeliveryListener;
import dev.helpline.core.callback.FormResult;
import dev.helpline.core.callback.FormView;
import dev.helpline.core.callback.MissingDriverException;
import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.Outcome;
import dev.helpline.core.html.RewriteCounts;
import dev.helpline.core.html.RewriteListener;
import dev.helpline.core.html.StopReason;
import dev.helpline.core.render.FormState;
import dev.helpline.core.render.RenderContext;
import dev.helpline.core.render.Widget;
import dev.helpline.core.render.Widgets;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Injects the helpline widget into the HTML pages a web application serves, and answers
 * the widget's own requests (its assets and the callback form).
 *
 * <p>Register it on {@code /*} for the {@code REQUEST}, {@code FORWARD} and {@code ASYNC}
 * dispatches, with {@code async-supported} (the {@link HelplineInitializer} does). It wraps
 * only the {@code REQUEST} pass; in a {@code FORWARD} or {@code ASYNC} pass it finishes the
 * page at the end of that pass. Mapped for {@code REQUEST} alone, a page written by a
 * forward or after {@code AsyncContext.dispatch()} passes unchanged instead. {@code INCLUDE}
 * and {@code ERROR} mappings change nothing: an include is part of its page, and container
 * error pages never get the widget.
 *
 * <p>It touches only GET (and HEAD) requests whose response turns out to be
 * {@code text/html} with status 200 and no {@code Content-Encoding}, {@code Content-Range}
 * or {@code Content-Disposition: attachment}; everything else passes through untouched. It
 * fails open: when anything in the widget's path goes wrong, the host's bytes are served as
 * they were.
 *
 * <p>Init parameters (all optional):
 * <dl>
 *   <dt>{@code config}</dt><dd>a properties file read on top of the classpath
 *   {@code helpline.properties} (see {@link ConfigLoader} for every source)</dd>
 *   <dt>{@code optional}</dt><dd>{@code true}: without any configuration source the filter
 *   passes everything through instead of failing the start (the jar's own
 *   {@code web-fragment.xml} declares it so)</dd>
 * </dl>
 *
 * <p>Request attributes:
 * <dl>
 *   <dt>{@value #OPT_OUT_ATTRIBUTE}</dt><dd>set to {@code Boolean.TRUE} by the host, before
 *   its first body byte (or flush), to keep the widget off this response</dd>
 *   <dt>{@value #HANDLED_ATTRIBUTE}</dt><dd>set by the filter; a request is wrapped once</dd>
 * </dl>
 *
 * <p>Thread safe once initialised.
 */
public class HelplineFilter implements Filter {
    /** The host sets this request attribute to {@code Boolean.TRUE} to opt a response out. */
    public static final String OPT_OUT_ATTRIBUTE = "dev.helpline.skip";
    /** Marks a request the filter has already wrapped. */
    public static final String HANDLED_ATTRIBUTE = "dev.helpline.handled";
    /** Holds the request wrapper (and through it the response wrapper) of a rewritten page. */
    static final String EXCHANGE_ATTRIBUTE = "dev.helpline.exchange";

    static final System.Logger LOG = System.getLogger(HelplineFilter.class.getName());

    private final HelplineConfig given;
    /** The host's DataSource for the outbox, or null for {@code helpline.callback.store.url}. */
    private final DataSource dataSource;
    private final HelplineListener listener;
    /** The last failed delivery, for {@link #status()}: what went wrong and when. */
    private volatile String lastDeliveryError;
    private volatile Instant lastDeliveryErrorAt;
    /** Why the store could not be opened at init, for {@link #status()}; null when it opened. */
    private volatile String storeError;
    private volatile Runtime runtime;
    /** Decides the opening hours and the statistics' age; tests set a fixed one before {@link #init}. */
    Clock clock = Clock.systemUTC();

    /** For containers and {@code web.xml}: the configuration is loaded in {@link #init}. */
    public HelplineFilter() {
        this.given = null;
        this.dataSource = null;
        this.listener = HelplineListener.NONE;
    }

    /** For programmatic registration with a configuration loaded by the caller. */
    public HelplineFilter(HelplineConfig config) {
        this(config, null, HelplineListener.NONE);
    }

    /**
     * For programmatic registration by frameworks (the Spring Boot starter) and hosts that
     * export metrics: the configuration loaded by the caller, the host's DataSource for the
     * callback outbox, and a listener told about pages, form answers and deliveries.
     *
     * <pre>{@code
     * HelplineFilter filter = new HelplineFilter(config, appDataSource, myListener);
     * }</pre>
     *
     * @param dataSource where the outbox keeps its tables (created at init), or {@code null}
     *                   to open {@code helpline.callback.store.url} as usual; never closed by the filter
     * @param listener   {@link HelplineListener#NONE} to listen to nothing
     */
    public HelplineFilter(HelplineConfig config, DataSource dataSource, HelplineListener listener) {
        this.given = java.util.Objects.requireNonNull(config, "config");
        this.dataSource = dataSource;
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * What the filter needs per request, built once at init. {@code callbacks} is null when
     * the form is switched off or its store could not be opened.
     */
    private record Runtime(HelplineConfig config, ResponseSelector selector, Widgets widgets, HtmlRewriter rewriter,
                           AssetsEndpoint assets, CallbackService callbacks, CallbackEndpoint callbackEndpoint,
                           ClassLoader webapp, StopEndpoint stopEndpoint, AdminEndpoint adminEndpoint) {
    }

    /** Encoders and their buffers for pages written through getWriter(), lent one response at a time. */
    private final EncodingWriter.Pool encoders = new EncodingWriter.Pool();

    /** This filter's pages per head outcome and body stops per reason (each logged at debug with its path). */
    private final RewriteCounts rewriteCounts = new RewriteCounts();

    /** What the rewriter reports: counted here, and body stops passed on to the listener's meters. */
    private final RewriteListener rewriteEvents = new RewriteListener() {
        @Override
        public void headOutcome(String path, Outcome outcome) {
            rewriteCounts.headOutcome(path, outcome);
        }

        @Override
        public void bodyStopped(String path, StopReason reason, long offset) {
            rewriteCounts.bodyStopped(path, reason, offset);
            tell(() -> listener.bodyStopped(reason));
        }
    };

    /**
     * What this filter's rewriter did with its pages: how many got the widget or passed
     * through, and why ({@link dev.helpline.core.html.Outcome}); where the body features
     * stopped, by reason ({@link dev.helpline.core.html.StopReason}).
     */
    public RewriteCounts rewriteCounts() {
        return rewriteCounts;
    }

    /**
     * Loads and validates the configuration and renders the widget.
     *
     * @throws ServletException wrapping a {@link ConfigException} that lists every problem
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        HelplineConfig config = given;
        if (config == null) {
            String file = filterConfig.getInitParameter("config");
            try {
                ConfigLoader loader = ConfigLoader.standard();
                ClassLoader webapp = filterConfig.getServletContext().getClassLoader();
                if (webapp != null) {
                    loader = loader.classLoader(webapp);
                }
                loader = file == null || file.isBlank() ? loader : loader.file(Path.of(file));
                if ("true".equals(filterConfig.getInitParameter("optional")) && !loader.anySourcePresent()) {
                    // Declared by the jar's web-fragment.xml in an application that has no configuration.
                    filterConfig.getServletContext().log("helpline: no helpline.properties or helpline.config;"
                            + " the filter passes every request through");
                    return;
                }
                config = loader.load();
            } catch (ConfigException e) {
                throw new ServletException(e.getMessage(), e);
            }
        }
        String contextPath = filterConfig.getServletContext().getContextPath();
        Widgets widgets = Widgets.of(config, contextPath == null ? "" : contextPath).withClock(clock);
        Widget widget = widgets.widget(null, config.locale());
        CallbackService callbacks = startCallbacks(config, dataSource, (id, delivered, latency, error) -> {
            if (!delivered) {
                lastDeliveryError = error;
                lastDeliveryErrorAt = Instant.now();
            }
            listener.deliveryAttempted(delivered, latency, error);
        });
        if (callbacks == null) {
            widgets = widgets.withoutForm(); // nobody fills in a form that cannot be sent (switched off: already so)
        }
        HtmlRewriter pages = new HtmlRewriter(new HtmlRewriter.Options(config.ctaAfterParagraph(), rewriteEvents));
        runtime = new Runtime(config, new ResponseSelector(config), widgets, pages, new AssetsEndpoint(widget),
                callbacks, callbacks == null ? null : new CallbackEndpoint(config, callbacks, listener),
                filterConfig.getServletContext().getClassLoader(),
                callbacks == null ? null : new StopEndpoint(config, callbacks, contextPath == null ? "" : contextPath),
                callbacks == null || !config.rights().adminEnabled() ? null : new AdminEndpoint(config, callbacks));
        LOG.log(System.Logger.Level.INFO, "helpline: widget ready for " + config.phone().display()
                + (config.enabled() ? "" : " (disabled by helpline.enabled=false)"));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Runtime rt = runtime;
        if (rt == null || !(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (request.getAttribute(HANDLED_ATTRIBUTE) != null) {
            // A handled request is never wrapped again: the REQUEST pass's wrapper sees a
            // forwarded page, an include is part of its page, an error page is the container's.
            // A FORWARD or ASYNC pass of a page we may rewrite is finished at its end: Tomcat 11
            // finishes a forwarded response underneath every wrapper as soon as the forward
            // returns, and after an async dispatch nobody else would.
            DispatcherType type = request.getDispatcherType();
            if ((type == DispatcherType.FORWARD || type == DispatcherType.ASYNC)
                    && request.getAttribute(EXCHANGE_ATTRIBUTE) instanceof HelplineRequest exchange) {
                if (type == DispatcherType.ASYNC) {
                    exchange.newPass();
                }
                exchange.response().dispatchArrived();
                chain.doFilter(req, res);
                finishUnlessAsync(exchange, request);
                return;
            }
            chain.doFilter(req, res);
            return;
        }
        request.setAttribute(HANDLED_ATTRIBUTE, Boolean.TRUE);
        String path = pathOf(request);

        if (rt.config().enabled() && path.startsWith(rt.config().assetsPath() + "/")) {
            rt.assets().handle(request, response, path.substring(rt.config().assetsPath().length() + 1));
            return;
        }
        if (rt.config().enabled() && rt.config().callback().enabled() && path.equals(rt.config().formPath())) {
            // Switched off, the form path is the host's like any other: nothing here answers it.
            // The endpoint reads the body itself (to enforce its size limit): nothing here may touch parameters.
            if (rt.callbackEndpoint() != null) {
                rt.callbackEndpoint().handle(request, response);
            } else {
                CallbackEndpoint.withoutService(request, response);
                tell(() -> listener.callbackAnswered("unavailable", response.getStatus()));
            }
            return;
        }

        if (rt.config().enabled() && rt.config().callback().enabled() && path.equals(rt.config().rights().stopPath())) {
            if (rt.stopEndpoint() != null) {
                rt.stopEndpoint().handle(request, response);
            } else {
                CallbackEndpoint.withoutService(request, response);
            }
            return;
        }
        if (rt.config().enabled() && rt.config().callback().enabled() && rt.config().rights().adminEnabled()
                && path.equals(rt.config().rights().adminDeletePath())) {
            if (rt.adminEndpoint() != null) {
                rt.adminEndpoint().handle(request, response);
            } else {
                CallbackEndpoint.withoutService(request, response);
            }
            return;
        }

        ResponseSelector.Reason wanted;
        try {
            wanted = rt.selector().wantsRequest(request, path);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "helpline: passing a request through: " + e);
            wanted = ResponseSelector.Reason.SELECTOR_FAILED;
        }
        if (wanted != ResponseSelector.Reason.REWRITE) {
            chain.doFilter(req, res);
            return;
        }

        // Built only when the page turns out to be rewritten: it picks profile, language and hours.
        InjectingResponse wrapped = new InjectingResponse(response, rt.selector(), rt.rewriter(),
                () -> rt.widgets().forResponse(path, request.getHeader("Accept-Language"),
                        language -> renderContext(rt, request, response, path, language)), request, encoders)
                .listener(listener);
        HelplineRequest exchange = new HelplineRequest(request, wrapped);
        request.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
        try {
            chain.doFilter(exchange, wrapped);
        } catch (Throwable hostFailure) {
            wrapped.hostFailed();
            throw hostFailure;
        }
        finishUnlessAsync(exchange, request);
    }

    /**
     * Writes what the rewriter holds once the host is done with the page. When the host went
     * asynchronous, its {@code AsyncContext.complete()} (or the end of a dispatched pass)
     * does it instead: the container must not complete the response before.
     */
    private static void finishUnlessAsync(HelplineRequest exchange, HttpServletRequest request) throws IOException {
        if (exchange.asyncStartedInThisPass() || request.isAsyncStarted()) {
            return;
        }
        try {
            exchange.response().finish();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "helpline: finishing a page failed: " + e);
        }
    }

    private CallbackService startCallbacks(HelplineConfig config, DataSource dataSource, DeliveryListener deliveries) {
        if (!config.callback().enabled()) {
            return null;
        }
        try {
            return CallbackService.start(config, dataSource, deliveries);
        } catch (MissingDriverException e) {
            storeError = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "helpline: the callback form is off: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // The pages keep their banner and disclosure; the form is not shown, its path answers 503.
            storeError = e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "helpline: callback store unavailable, the form is not shown and its"
                    + " path answers 503: " + e.getMessage());
            return null;
        }
    }

    /**
     * The callback side's state now: whether the form works, the webhook, the backlog of
     * undelivered requests and the last delivery error. Asks the store (one query), so call
     * it for health checks and gauges, not per request.
     *
     * @throws IllegalStateException before {@link #init} or after {@link #destroy}
     */
    public HelplineStatus status() {
        Runtime rt = runtime;
        if (rt == null) {
            throw new IllegalStateException("the helpline filter is not running");
        }
        boolean webhook = rt.config().callback().webhookUrl() != null;
        if (rt.callbacks() == null) {
            return new HelplineStatus(false, webhook, 0, Duration.ZERO, lastDeliveryError, lastDeliveryErrorAt,
                    rt.config().callback().enabled() ? storeError : null);
        }
        try {
            CallbackStore.Backlog backlog = rt.callbacks().outbox().backlog();
            Duration age = backlog.oldestPending() == null ? Duration.ZERO
                    : Duration.between(backlog.oldestPending(), Instant.now());
            return new HelplineStatus(true, webhook, backlog.pending(), age.isNegative() ? Duration.ZERO : age,
                    lastDeliveryError, lastDeliveryErrorAt, null);
        } catch (RuntimeException e) {
            return new HelplineStatus(true, webhook, -1, Duration.ZERO, lastDeliveryError, lastDeliveryErrorAt,
                    e.getMessage());
        }
    }

    /** Calls the listener; its failure is logged, never the host's problem. */
    static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "helpline: a listener failed: " + e);
        }
    }

    /** The per-response values of the widget: the host's CSP nonce, a fresh form token, the form's result. */
    private static RenderContext renderContext(Runtime rt, HttpServletRequest request, HttpServletResponse response,
                                               String path, String language) {
        HelplineConfig config = rt.config();
        String nonce = null;
        if (!config.nonceAttribute().isEmpty() && request.getAttribute(config.nonceAttribute()) instanceof String n
                && !n.isBlank()) {
            nonce = n;
        }
        if (nonce == null) {
            nonce = CspNonce.fromPolicy(response.getHeader("Content-Security-Policy"));
        }
        // The token names the profile and language this form is shown in: the consent recorded is this one.
        String token = rt.callbacks() == null ? null
                : rt.callbacks().issueToken(new FormView(config.profileFor(path), language));
        return new RenderContext(nonce, token, formState(request.getQueryString(), language));
    }

    /**
     * The result the callback endpoint's post/redirect/get left in the page's query string,
     * with the messages in the page's language.
     */
    static FormState formState(String query, String language) {
        if (query == null || !query.contains(FormResult.PARAM + "=")) {
            return FormState.NONE;
        }
        FormResult result = FormResult.fromQuery(query, language);
        return switch (result.status()) {
            case NONE -> FormState.NONE;
            case SUCCESS -> FormState.SUCCESS;
            case ERROR -> FormState.error(result.fieldErrors());
        };
    }

    /**
     * The request path inside the web application as the container dispatches it: decoded
     * once, without path parameters ({@code ;jsessionid=…}) and dot segments. Path rules,
     * profiles and the audit see the same path the container chose the page by, so
     * {@code /%69ntake} or {@code /intake;x} is {@code /intake}.
     */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        if (servletPath != null) {
            String info = request.getPathInfo();
            String path = info == null ? servletPath : servletPath + info;
            return path.isEmpty() ? "/" : path;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    /** The configuration in force; {@code null} before {@link #init}. */
    public HelplineConfig config() {
        Runtime rt = runtime;
        return rt == null ? null : rt.config();
    }

    @Override
    public void destroy() {
        Runtime rt = runtime;
        runtime = null;
        if (rt != null && rt.callbacks() != null) {
            rt.callbacks().close();
        }
        if (rt != null) {
            // The drivers this web application loaded (the store's) must not outlive it.
            CallbackService.deregisterDrivers(rt.webapp());
        }
    }
}

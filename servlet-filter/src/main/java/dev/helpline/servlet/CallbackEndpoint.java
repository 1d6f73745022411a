package dev.helpline.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.ClientAddress;
import dev.helpline.core.callback.FormView;
import dev.helpline.core.callback.FieldError;
import dev.helpline.core.callback.FormResult;
import dev.helpline.core.callback.SubmissionOutcome;
import dev.helpline.core.callback.Submission;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Profile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Answers the callback form's POST at {@code helpline.form.path}, for the form posted without
 * JavaScript ({@code application/x-www-form-urlencoded}, answered with a {@code 303} back to
 * the page: post/redirect/get) and for the widget's own {@code fetch} (answered in JSON when
 * the request sends {@code Accept: application/json}).
 *
 * <p>In order, before the body is read: method (405), cross-site checks (403), content type
 * (415), declared size (413, at most {@value #MAX_BODY} bytes), the client's per-IP limit (429
 * with {@code Retry-After}), the bound on submissions in flight ({@code helpline.callback.max-in-flight},
 * else 503 with {@code Retry-After}); refused this early, the connection is closed without reading the
 * body. Then the body, whole within {@code helpline.callback.body-deadline} (408; 400 when
 * it ends early or is not a form or a single JSON object); then the {@link CallbackService}:
 * honeypot and per-number limit (answered exactly as accepted), form token (403, or a form error
 * when expired or too fast), validation (422 naming each bad field), durable commit (202; 503 if
 * the store failed). Every answer carries {@code Cache-Control: no-store}.
 *
 * <pre>{@code
 * CallbackEndpoint endpoint = new CallbackEndpoint(config, CallbackService.start(config));
 * if (endpoint.matches(request)) { endpoint.handle(request, response); return; }
 * FormResult shown = CallbackEndpoint.fromQuery(request.getQueryString()); // for the page's form
 * }</pre>
 *
 * <p>Thread safe. The phone number never reaches a URL, a header or a log line.
 */
public final class CallbackEndpoint {
    /** Largest body accepted, in bytes. */
    public static final int MAX_BODY = 8 * 1024;
    // Strict: trailing garbage or a second document after the object is a bad request.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final int MAX_FIELDS = 20;

    private final HelplineConfig config;
    private final CallbackService service;
    private final HelplineListener listener;
    private final PostIntake intake;
    private final PostIntake.Endpoint submissions = new PostIntake.Endpoint() {
        @Override
        public void received(PostIntake.Admitted request, byte[] body) throws IOException {
            process(request, body);
        }

        @Override
        public void rateLimited(HttpServletRequest req, HttpServletResponse res, boolean json, long seconds)
                throws IOException {
            CallbackEndpoint.this.rateLimited(req, res, json, null, seconds);
        }

        @Override
        public void answered(HttpServletRequest req, HttpServletResponse res, PostIntake.Check refusedAt) {
            if (refusedAt == PostIntake.Check.IN_FLIGHT) {
                req.setAttribute(RESULT_ATTRIBUTE, "busy");
            }
            CallbackEndpoint.this.answered(req, res);
        }
    };

    /**
     * An endpoint with the configured body deadline ({@code helpline.callback.body-deadline}:
     * the whole body must arrive within it, so that no client holds a connection and its memory
     * indefinitely) and bound on submissions in flight ({@code helpline.callback.max-in-flight}:
     * far above what people filling in a form produce, and far below a container's request
     * threads, so that clients holding their bodies back never take the pages' threads).
     */
    public CallbackEndpoint(HelplineConfig config, CallbackService service) {
        this(config, service, HelplineListener.NONE);
    }

    /**
     * As the other constructor; {@code listener} is told about every answer
     * ({@link HelplineListener#callbackAnswered}).
     */
    public CallbackEndpoint(HelplineConfig config, CallbackService service, HelplineListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.config = Objects.requireNonNull(config, "config");
        this.service = Objects.requireNonNull(service, "service");
        this.intake = new PostIntake(service, List.of(PostIntake.Check.METHOD, PostIntake.Check.CROSS_SITE,
                PostIntake.Check.MEDIA_TYPE, PostIntake.Check.SIZE, PostIntake.Check.CLIENT_LIMIT,
                PostIntake.Check.IN_FLIGHT), "POST", true, MAX_BODY, config.callback().bodyDeadline(),
                config.callback().maxInFlight(), "form");
    }

    /** The form's state to render from the page's query string after a no-JavaScript post. */
    public static FormResult fromQuery(String queryString) {
        return FormResult.fromQuery(queryString);
    }

    /**
     * Whether this request is for the form path (any method; {@link #handle} answers 405 to all
     * but POST); never with {@code helpline.callback.enabled=false}, when the path is the host's.
     */
    public boolean matches(HttpServletRequest req) {
        return config.callback().enabled() && HelplineFilter.pathOf(req).equals(config.formPath());
    }

    /**
     * Answers a request for the form path completely. When the container allows it
     * ({@code async-supported}), the body is read without holding a request thread; either
     * way the whole body must arrive within the body deadline.
     */
    public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        respond(req, res);
        if (!req.isAsyncStarted()) {
            answered(req, res);
        }
    }

    /** Request attribute naming what became of a submission, for {@link HelplineListener#callbackAnswered}. */
    private static final String RESULT_ATTRIBUTE = "dev.helpline.callback.result";
    private static final String TOLD_ATTRIBUTE = "dev.helpline.callback.told";

    /** Tells the listener, once per request, what the answer was; {@code refused} unless a result was set. */
    private void answered(HttpServletRequest req, HttpServletResponse res) {
        if (req.getAttribute(TOLD_ATTRIBUTE) != null) {
            return;
        }
        req.setAttribute(TOLD_ATTRIBUTE, Boolean.TRUE);
        String result = req.getAttribute(RESULT_ATTRIBUTE) instanceof String r ? r : "refused";
        HelplineFilter.tell(() -> listener.callbackAnswered(result, res.getStatus()));
    }

    static String resultOf(SubmissionOutcome outcome) {
        if (outcome instanceof SubmissionOutcome.Accepted) {
            return "accepted";
        } else if (outcome instanceof SubmissionOutcome.Spam) {
            return "spam";
        } else if (outcome instanceof SubmissionOutcome.PhoneLimited) {
            return "phone-limited";
        } else if (outcome instanceof SubmissionOutcome.TokenRejected t) {
            return "token-" + t.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
        } else if (outcome instanceof SubmissionOutcome.Invalid) {
            return "invalid";
        } else if (outcome instanceof SubmissionOutcome.RateLimited) {
            return "rate-limited";
        }
        return "unavailable";
    }

    private void respond(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Answers.noStore(res);
        boolean json = acceptsJson(req);
        if (!config.callback().enabled()) {
            Answers.error(res, json, 404, "not_found", "Not found");
            return;
        }
        intake.take(req, res, json, submissions);
    }

    /** The body is in: the service decides, and the answer says what became of it. */
    private void process(PostIntake.Admitted in, byte[] body) throws IOException {
        HttpServletRequest req = in.req();
        HttpServletResponse res = in.res();
        Map<String, String> fields;
        try {
            fields = in.jsonBody() ? parseJson(body) : parseForm(body);
        } catch (IllegalArgumentException e) {
            Answers.error(res, in.json(), 400, "bad_request", "The form could not be read");
            return;
        }
        String referer = sameOrigin(req.getHeader("Referer"), in.ownOrigin()) ? req.getHeader("Referer") : null;
        FormView view = service.viewOf(fields.get("token"));
        SubmissionOutcome outcome = service.submitAdmitted(new Submission(fields, in.clientIp(),
                referer == null ? "" : stripFragment(referer), req.getHeader("User-Agent")));
        req.setAttribute(RESULT_ATTRIBUTE, resultOf(outcome));
        answer(req, res, in.json(), referer, view, outcome);
    }

    private void rateLimited(HttpServletRequest req, HttpServletResponse res, boolean json, String referer,
                             long seconds) throws IOException {
        req.setAttribute(RESULT_ATTRIBUTE, "rate-limited");
        res.setHeader("Retry-After", Long.toString(seconds));
        if (json) {
            ObjectNode o = JSON.createObjectNode().put("error", "rate_limited").put("retryAfter", seconds);
            o.putObject("errors").put("form", "Too many requests. Please try again in " + seconds + " seconds.");
            Answers.json(res, 429, o);
        } else {
            writeHtml(res, 429, "Too many requests. Please wait " + seconds + " seconds, then go back and try again.",
                    backUrl(req, referer, null));
        }
    }

    /**
     * Answers an outcome in the language of the form that was sent (its token names it),
     * else in the site's language: never one picked from the request's headers.
     */
    private void answer(HttpServletRequest req, HttpServletResponse res, boolean json, String referer, FormView view,
                        SubmissionOutcome outcome) throws IOException {
        Profile profile = view == null ? null : view.profile();
        String language = view == null ? config.locale() : view.language();
        if (outcome instanceof SubmissionOutcome.Accepted || outcome instanceof SubmissionOutcome.Spam
                || outcome instanceof SubmissionOutcome.PhoneLimited) {
            // Spam and a number over its limit look exactly like an accepted request, on purpose.
            success(req, res, json, referer, config.texts(profile, language).formSuccessText());
        } else if (outcome instanceof SubmissionOutcome.Invalid bad) {
            formErrors(req, res, json, referer, bad.errors(), null, language);
        } else if (outcome instanceof SubmissionOutcome.TokenRejected t) {
            if (t.formError() != null) {
                formErrors(req, res, json, referer, List.of(t.formError()),
                        service.issueToken(view == null ? new FormView(null, config.locale()) : view), language);
            } else {
                Answers.error(res, json, 403, "invalid_token", "This form cannot be accepted. Please reload the page and try again.");
            }
        } else if (outcome instanceof SubmissionOutcome.RateLimited r) {
            rateLimited(req, res, json, referer, Math.max(1, (r.retryAfter().toMillis() + 999) / 1000));
        } else if (json) { // Unavailable: nothing was stored
            ObjectNode o = JSON.createObjectNode().put("error", "unavailable");
            o.putObject("errors").put("form", FieldError.FORM_UNAVAILABLE.message(language));
            Answers.json(res, 503, o);
        } else {
            redirect(res, backUrl(req, referer, FormResult.toQuery(List.of(FieldError.FORM_UNAVAILABLE))));
        }
    }

    private void success(HttpServletRequest req, HttpServletResponse res, boolean json, String referer, String message)
            throws IOException {
        if (json) {
            Answers.json(res, 202, JSON.createObjectNode().put("status", "accepted").put("message", message));
        } else {
            redirect(res, backUrl(req, referer, FormResult.toQuery(List.of())));
        }
    }

    private void formErrors(HttpServletRequest req, HttpServletResponse res, boolean json, String referer,
                            List<FieldError> errors, String freshToken, String language) throws IOException {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            ObjectNode e = o.putObject("errors");
            errors.forEach(f -> {
                if (!e.has(f.field())) {
                    e.put(f.field(), f.message(language));
                }
            });
            if (freshToken != null) {
                o.put("token", freshToken);
            }
            Answers.json(res, 422, o);
        } else {
            redirect(res, backUrl(req, referer, FormResult.toQuery(errors)));
        }
    }

    private static boolean acceptsJson(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    /**
     * {@code scheme://host[:port]} of this request, default ports left out. Behind a trusted
     * proxy that terminates TLS, the scheme is the one the proxy says the browser used
     * ({@code Forwarded: proto=} or {@code X-Forwarded-Proto}), and a {@code Host} without a
     * port means that scheme's default port.
     */
    static String ownOrigin(HttpServletRequest req, ClientAddress proxies) {
        String forwarded = proxies.forwardedProto(req.getRemoteAddr(), Collections.list(req.getHeaders("Forwarded")),
                Collections.list(req.getHeaders("X-Forwarded-Proto")));
        if (forwarded != null) {
            String host = req.getHeader("Host");
            if (host != null && !host.isBlank()) {
                String h = host.trim().toLowerCase(Locale.ROOT);
                boolean defaultPort = h.endsWith(forwarded.equals("https") ? ":443" : ":80");
                return forwarded + "://" + (defaultPort ? h.substring(0, h.lastIndexOf(':')) : h);
            }
        }
        return ownOrigin(req);
    }

    /** {@code scheme://host[:port]} of this request as the container sees it, default ports left out. */
    static String ownOrigin(HttpServletRequest req) {
        String scheme = req.getScheme().toLowerCase(Locale.ROOT);
        int port = req.getServerPort();
        boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = req.getServerName().toLowerCase(Locale.ROOT);
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    static boolean isCrossSite(HttpServletRequest req, String own) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
            return true;
        }
        String origin = req.getHeader("Origin");
        if (origin != null) {
            return !sameOrigin(origin, own); // includes "null" (sandboxed or privacy-redirected)
        }
        String referer = req.getHeader("Referer");
        return referer != null && !sameOrigin(referer, own);
    }

    private static boolean sameOrigin(String url, String own) {
        if (url == null) {
            return false;
        }
        try {
            URI u = new URI(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return false;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            String origin = scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
            return origin.equals(own);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** First value wins; at most {@value #MAX_FIELDS} fields. */
    static Map<String, String> parseForm(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
            if (out.size() > MAX_FIELDS) {
                throw new IllegalArgumentException("too many fields");
            }
        }
        return out;
    }

    /** A flat JSON object; {@code true} becomes {@code "yes"} (a checked box). */
    static Map<String, String> parseJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (root == null || !root.isObject() || root.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                out.put(e.getKey(), v.booleanValue() ? "yes" : "");
            } else if (v.isTextual() || v.isNumber()) {
                out.put(e.getKey(), v.asText());
            } else if (!v.isNull()) {
                throw new IllegalArgumentException("field " + e.getKey() + " is not a single value");
            }
        });
        return out;
    }

    private static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    /** The page the form was on, without our old status parameters, plus {@code query} (when not null). */
    static String backUrl(HttpServletRequest req, String referer, String query) {
        String base = referer == null ? req.getContextPath() + "/" : stripFragment(referer);
        int q = base.indexOf('?');
        StringBuilder kept = new StringBuilder();
        if (q >= 0) {
            for (String pair : base.substring(q + 1).split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!pair.isEmpty() && !name.equals(FormResult.PARAM) && !name.equals(FormResult.ERRORS_PARAM)) {
                    kept.append(kept.length() == 0 ? "" : "&").append(pair);
                }
            }
            base = base.substring(0, q);
        }
        if (query != null) {
            kept.append(kept.length() == 0 ? "" : "&").append(query);
        }
        return kept.length() == 0 ? base : base + "?" + kept;
    }

    private static void redirect(HttpServletResponse res, String location) {
        res.setStatus(303);
        res.setHeader("Location", location);
        res.setContentLength(0);
    }

    /**
     * The form path's answer when the callback service could not be started (its store could
     * not be opened): 503, in JSON for JSON clients, never the container's HTML error page.
     */
    static void withoutService(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        Answers.error(res, acceptsJson(req), HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable",
                "Callback requests are not available right now");
    }

    private static void writeHtml(HttpServletResponse res, int status, String message, String back) throws IOException {
        res.setStatus(status);
        res.setContentType("text/html;charset=utf-8");
        res.getWriter().write("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Please wait</title>"
                + "<p role=\"alert\">" + escape(message) + "</p><p><a href=\"" + escape(back) + "\">Back to the page</a></p></html>");
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

package dev.helpline.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.FieldError;
import dev.helpline.core.callback.FormResult;
import dev.helpline.core.callback.Outcome;
import dev.helpline.core.callback.Submission;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Profile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
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
 * <p>In order: method (405), cross-site checks (403), content type (415) and size (413, at most
 * {@value #MAX_BODY} bytes), then the {@link CallbackService}: rate limits (429 with
 * {@code Retry-After}), honeypot (a success-shaped answer), form token (403, or a form error when
 * expired or too fast), validation (422 naming each bad field), durable commit (202; 503 if the
 * store failed). Every answer carries {@code Cache-Control: no-store}.
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FIELDS = 20;

    private final HelplineConfig config;
    private final CallbackService service;

    public CallbackEndpoint(HelplineConfig config, CallbackService service) {
        this.config = Objects.requireNonNull(config, "config");
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The form's state to render from the page's query string after a no-JavaScript post. */
    public static FormResult fromQuery(String queryString) {
        return FormResult.fromQuery(queryString);
    }

    /** Whether this request is for the form path (any method; {@link #handle} answers 405 to all but POST). */
    public boolean matches(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String path = uri.substring(Math.min(req.getContextPath().length(), uri.length()));
        return path.equals(config.formPath());
    }

    /** Answers a request for the form path completely. */
    public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        boolean json = acceptsJson(req);
        if (!config.callback().enabled()) {
            error(res, json, 404, "not_found", "Not found");
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            res.setHeader("Allow", "POST");
            error(res, json, 405, "method_not_allowed", "Only POST is allowed here");
            return;
        }
        // Refusals before the body is read close the connection (refuseUnread): it cannot be
        // reused safely. Once the body is read, keep-alive is fine (Tomcat cannot take a
        // Connection header back once it is set, so it is only set where it is meant).
        String own = ownOrigin(req);
        if (isCrossSite(req, own)) {
            refuseUnread(res, json, 403, "cross_site", "Cross-site submissions are refused");
            return;
        }
        String type = mediaType(req.getContentType());
        boolean jsonBody = type.equals("application/json");
        if (!jsonBody && !type.equals("application/x-www-form-urlencoded")) {
            refuseUnread(res, json, 415, "unsupported_media_type", "Send application/x-www-form-urlencoded or application/json");
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            refuseUnread(res, json, 413, "too_large", "The form is too large");
            return;
        }
        byte[] body = readAtMost(req.getInputStream(), MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuseUnread(res, json, 413, "too_large", "The form is too large");
            return;
        }
        Map<String, String> fields;
        try {
            fields = jsonBody ? parseJson(body) : parseForm(body);
        } catch (IllegalArgumentException e) {
            error(res, json, 400, "bad_request", "The form could not be read");
            return;
        }
        String referer = sameOrigin(req.getHeader("Referer"), own) ? req.getHeader("Referer") : null;
        String clientIp = service.clientIp(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")));
        Profile profile = profileOf(req, referer);
        Outcome outcome = service.submit(new Submission(fields, clientIp, referer == null ? "" : stripFragment(referer),
                req.getHeader("User-Agent"), profile, language(req, profile)));
        req.setAttribute(RESULT_ATTRIBUTE, resultOf(outcome));
        answer(req, res, json, referer, outcome);
    }

    /** Request attribute naming what became of a submission, for the filter's listener (see {@link HelplineListener#callbackAnswered}). */
    static final String RESULT_ATTRIBUTE = "dev.helpline.callback.result";

    static String resultOf(Outcome outcome) {
        if (outcome instanceof Outcome.Accepted) {
            return "accepted";
        } else if (outcome instanceof Outcome.Spam) {
            return "spam";
        } else if (outcome instanceof Outcome.TokenRejected t) {
            return "token-" + t.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        } else if (outcome instanceof Outcome.Invalid) {
            return "invalid";
        } else if (outcome instanceof Outcome.RateLimited) {
            return "rate-limited";
        }
        return "unavailable";
    }

    /** The profile of the page the form was on (from its Referer), or null. */
    private Profile profileOf(HttpServletRequest req, String referer) {
        if (referer == null) {
            return null;
        }
        try {
            String path = new URI(referer.trim()).getPath();
            String context = req.getContextPath();
            if (path != null && context != null && !context.isEmpty() && path.startsWith(context)) {
                path = path.substring(context.length());
            }
            return path == null ? null : config.profileFor(path.isEmpty() ? "/" : path);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The language of the JSON messages: the page's profile, else Accept-Language, else the site's. */
    private String language(HttpServletRequest req, Profile profile) {
        return config.language(profile, null, req.getHeader("Accept-Language"));
    }

    private void answer(HttpServletRequest req, HttpServletResponse res, boolean json, String referer, Outcome outcome)
            throws IOException {
        Profile profile = profileOf(req, referer);
        String language = language(req, profile);
        if (outcome instanceof Outcome.Accepted || outcome instanceof Outcome.Spam) {
            success(req, res, json, referer, config.texts(profile, language).formSuccessText()); // spam looks the same on purpose
        } else if (outcome instanceof Outcome.Invalid bad) {
            formErrors(req, res, json, referer, bad.errors(), false, language);
        } else if (outcome instanceof Outcome.TokenRejected t) {
            if (t.formError() != null) {
                formErrors(req, res, json, referer, List.of(t.formError()), true, language);
            } else {
                error(res, json, 403, "invalid_token", "This form cannot be accepted. Please reload the page and try again.");
            }
        } else if (outcome instanceof Outcome.RateLimited r) {
            long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
            res.setHeader("Retry-After", Long.toString(seconds));
            if (json) {
                ObjectNode o = JSON.createObjectNode().put("error", "rate_limited").put("retryAfter", seconds);
                o.putObject("errors").put("form", "Too many requests. Please try again in " + seconds + " seconds.");
                writeJson(res, 429, o);
            } else {
                writeHtml(res, 429, "Too many requests. Please wait " + seconds + " seconds, then go back and try again.",
                        backUrl(req, referer, null));
            }
        } else if (json) { // Unavailable: nothing was stored
            ObjectNode o = JSON.createObjectNode().put("error", "unavailable");
            o.putObject("errors").put("form", FieldError.FORM_UNAVAILABLE.message(language));
            writeJson(res, 503, o);
        } else {
            redirect(res, backUrl(req, referer, FormResult.toQuery(List.of(FieldError.FORM_UNAVAILABLE))));
        }
    }

    private void success(HttpServletRequest req, HttpServletResponse res, boolean json, String referer, String message)
            throws IOException {
        if (json) {
            writeJson(res, 202, JSON.createObjectNode().put("status", "accepted").put("message", message));
        } else {
            redirect(res, backUrl(req, referer, FormResult.toQuery(List.of())));
        }
    }

    private void formErrors(HttpServletRequest req, HttpServletResponse res, boolean json, String referer,
                            List<FieldError> errors, boolean freshToken, String language) throws IOException {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            ObjectNode e = o.putObject("errors");
            errors.forEach(f -> {
                if (!e.has(f.field())) {
                    e.put(f.field(), f.message(language));
                }
            });
            if (freshToken) {
                o.put("token", service.issueToken());
            }
            writeJson(res, 422, o);
        } else {
            redirect(res, backUrl(req, referer, FormResult.toQuery(errors)));
        }
    }

    private static boolean acceptsJson(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    /** {@code scheme://host[:port]} of this request, default ports left out. */
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

    private static boolean isCrossSite(HttpServletRequest req, String own) {
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

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        return in.readNBytes(max);
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
     * The form path's answer when there is no callback service: 404 when the form is
     * switched off, 503 when its store could not be opened at start; in JSON for JSON
     * clients, never the container's HTML error page.
     */
    static void withoutService(HelplineConfig config, HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        if (!config.callback().enabled()) {
            error(res, acceptsJson(req), HttpServletResponse.SC_NOT_FOUND, "not_found", "Not found");
        } else {
            error(res, acceptsJson(req), HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable",
                    "Callback requests are not available right now");
        }
    }

    /** A refusal before the request body was read: the connection is closed after it. */
    private static void refuseUnread(HttpServletResponse res, boolean json, int status, String code, String message)
            throws IOException {
        res.setHeader("Connection", "close");
        error(res, json, status, code, message);
    }

    private static void error(HttpServletResponse res, boolean json, int status, String code, String message)
            throws IOException {
        if (json) {
            writeJson(res, status, JSON.createObjectNode().put("error", code).put("message", message));
        } else {
            res.setStatus(status);
            res.setContentType("text/plain;charset=utf-8");
            res.getWriter().write(message + "\n");
        }
    }

    private static void writeJson(HttpServletResponse res, int status, ObjectNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        res.setStatus(status);
        res.setContentType("application/json;charset=utf-8");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
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

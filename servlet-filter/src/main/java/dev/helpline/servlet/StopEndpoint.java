package dev.helpline.servlet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.FieldError;
import dev.helpline.core.callback.FormView;
import dev.helpline.core.callback.SubmissionOutcome;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Profile;
import dev.helpline.core.render.StopPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The visitor's "stop calling me / delete my request" form at {@code helpline.stop.path}:
 * GET shows it (in the language and texts of the page that linked to it:
 * {@code ?lang=es&profile=name}), POST records a revocation and deletes the number's
 * requests not delivered yet ({@link CallbackService#revokeAdmitted}).
 *
 * <p>The POST has the callback form's protections, in the same order: method (405),
 * cross-site (403), content type (415), size (413), the client's per-IP limit shared with
 * the callback form (429), bodies in flight (503), the body within the deadline (408), the
 * honeypot, the signed token of this form (403; an expired or too-fast one shows the form
 * again), the number (422). A sent form is answered the same way whether or not the number
 * had requests: a 303 to the "done" page without JavaScript, or 200 in JSON. Every answer
 * carries {@code Cache-Control: no-store}. Thread safe.
 */
public final class StopEndpoint {
    static final int MAX_BODY = 2 * 1024;
    /** Stop forms read at once, at most: far fewer are sent than callback forms ({@code max-in-flight} if lower). */
    static final int MAX_IN_FLIGHT = 8;
    /** The query parameter of the "done" page the no-JavaScript form is sent on to. */
    static final String SENT_PARAM = "sent";

    private final HelplineConfig config;
    private final CallbackService service;
    private final String contextPath;
    private final PostIntake intake;

    public StopEndpoint(HelplineConfig config, CallbackService service, String contextPath) {
        this.config = Objects.requireNonNull(config, "config");
        this.service = Objects.requireNonNull(service, "service");
        this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
        this.intake = new PostIntake(service, List.of(PostIntake.Check.METHOD, PostIntake.Check.CROSS_SITE,
                PostIntake.Check.MEDIA_TYPE, PostIntake.Check.SIZE, PostIntake.Check.CLIENT_LIMIT,
                PostIntake.Check.IN_FLIGHT), "GET, HEAD, POST", true, MAX_BODY, config.callback().bodyDeadline(),
                Math.min(MAX_IN_FLIGHT, config.callback().maxInFlight()), "form");
    }

    /** Whether this request is for the stop form's path (any method). */
    public boolean matches(HttpServletRequest req) {
        return HelplineFilter.pathOf(req).equals(config.rights().stopPath());
    }

    /** Answers a request for the stop form's path completely. */
    public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Answers.noStore(res);
        res.setHeader("Referrer-Policy", "same-origin");
        boolean json = Answers.acceptsJson(req.getHeader("Accept"));
        if ("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod())) {
            show(req, res);
            return;
        }
        intake.take(req, res, json, (in, body) -> submit(in.res(), in.json(), in.jsonBody(), body));
    }

    private void submit(HttpServletResponse res, boolean json, boolean jsonBody, byte[] body) throws IOException {
        Map<String, String> fields;
        try {
            fields = jsonBody ? CallbackEndpoint.parseJson(body) : CallbackEndpoint.parseForm(body);
        } catch (IllegalArgumentException e) {
            Answers.error(res, json, 400, "bad_request", "The form could not be read");
            return;
        }
        FormView view = service.stopViewOf(fields.get("token"));
        if (view == null) {
            view = new FormView(null, config.locale());
        }
        SubmissionOutcome outcome = service.revokeAdmitted(fields);
        String language = view.language();
        if (outcome instanceof SubmissionOutcome.Accepted || outcome instanceof SubmissionOutcome.Spam) {
            // Whatever the store held for the number: no answer may tell.
            if (json) {
                Answers.json(res, 200, Answers.JSON.createObjectNode().put("status", "received")
                        .put("message", config.texts(view.profile(), language).stopDoneText()));
            } else {
                res.setStatus(303);
                res.setHeader("Location", contextPath + config.rights().stopPath() + query(view) + "&" + SENT_PARAM + "=1");
                res.setContentLength(0);
            }
        } else if (outcome instanceof SubmissionOutcome.Invalid bad) {
            errors(res, json, view, bad.errors(), 422);
        } else if (outcome instanceof SubmissionOutcome.TokenRejected t && t.formError() != null) {
            errors(res, json, view, List.of(t.formError()), 422);
        } else if (outcome instanceof SubmissionOutcome.TokenRejected) {
            Answers.error(res, json, 403, "invalid_token", "This form cannot be accepted. Please reload the page and try again.");
        } else {
            errors(res, json, view, List.of(FieldError.FORM_UNAVAILABLE), 503);
        }
    }

    private void errors(HttpServletResponse res, boolean json, FormView view, List<FieldError> errors, int status)
            throws IOException {
        Map<String, String> byField = new LinkedHashMap<>();
        errors.forEach(e -> byField.putIfAbsent(e.field(), e.message(view.language())));
        String token = service.issueStopToken(view);
        if (json) {
            ObjectNode o = Answers.JSON.createObjectNode();
            ObjectNode e = o.putObject("errors");
            byField.forEach(e::put);
            o.put("token", token);
            Answers.json(res, status, o);
        } else {
            Answers.html(res, status, StopPage.form(config, contextPath, view.profile(), view.language(), token, byField));
        }
    }

    private void show(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Map<String, String> q = query(req.getQueryString());
        FormView view = viewOf(q.get("lang"), q.get("profile"));
        String page = q.containsKey(SENT_PARAM)
                ? StopPage.done(config, contextPath, view.profile(), view.language())
                : StopPage.form(config, contextPath, view.profile(), view.language(), service.issueStopToken(view), Map.of());
        Answers.html(res, 200, page);
    }

    /** Only a known profile and a language it is shown in; anything else falls back to the site's own. */
    FormView viewOf(String lang, String profileName) {
        Profile profile = null;
        for (Profile p : config.profiles()) {
            if (p.name().equals(profileName)) {
                profile = p;
            }
        }
        boolean known = lang != null && (config.languages().contains(lang) || profile != null && lang.equals(profile.locale()));
        return new FormView(profile, known ? lang : profile != null && profile.locale() != null ? profile.locale()
                : config.locale());
    }

    private static String query(FormView view) {
        return "?lang=" + view.language() + (view.profile() == null ? "" : "&profile=" + view.profile().name());
    }

    private static Map<String, String> query(String queryString) {
        Map<String, String> out = new LinkedHashMap<>();
        if (queryString == null) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed pair is ignored
            }
        }
        return out;
    }
}

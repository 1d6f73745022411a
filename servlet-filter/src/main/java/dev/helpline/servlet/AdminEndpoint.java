package dev.helpline.servlet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.DataRights;
import dev.helpline.core.callback.SubmissionOutcome;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.phone.PhoneNumber;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * The operator's deletion endpoint, {@code POST {helpline.admin.path}/delete}, on only when
 * {@code helpline.admin.token} is set: with {@code Authorization: Bearer <token>} and
 * {@code {"phone": "…"}} it deletes every request row the store still holds for the number,
 * records a revocation and queues {@code consent.revoked} and {@code callback.deleted} for
 * the operator's webhook ({@link DataRights}). It answers 200 with counts and event ids,
 * never the number or the requests.
 *
 * <p>In order: method (405), cross-site (403), the client's per-IP limit shared with the
 * callback form (429), the token (401 with {@code WWW-Authenticate: Bearer}, compared in
 * constant time), content type (415), size (413), body within the deadline (408), a JSON
 * object with a {@code phone} string (400), a number (422), the store (503). Every answer
 * is JSON with {@code Cache-Control: no-store}. Thread safe.
 */
public final class AdminEndpoint {
    static final int MAX_BODY = 1024;
    private static final int MAX_IN_FLIGHT = 4;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final HelplineConfig config;
    private final CallbackService service;
    private final byte[] tokenHash;
    private final Duration bodyDeadline;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /**
     * @throws IllegalArgumentException when the configuration has no admin token (the endpoint is off)
     */
    public AdminEndpoint(HelplineConfig config, CallbackService service) {
        this(config, service, config.callback().bodyDeadline());
    }

    /** As the other constructor, with another body deadline (tests). */
    public AdminEndpoint(HelplineConfig config, CallbackService service, Duration bodyDeadline) {
        this.config = Objects.requireNonNull(config, "config");
        this.service = Objects.requireNonNull(service, "service");
        if (!config.rights().adminEnabled()) {
            throw new IllegalArgumentException("helpline.admin.token is not set: the operator's endpoint is off");
        }
        this.tokenHash = sha256(config.rights().adminToken());
        this.bodyDeadline = bodyDeadline;
    }

    /** Whether this request is for the deletion endpoint (any method). */
    public boolean matches(HttpServletRequest req) {
        return HelplineFilter.pathOf(req).equals(config.rights().adminDeletePath());
    }

    /** Answers a request for the deletion endpoint completely. */
    public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Answers.noStore(res);
        if (!"POST".equals(req.getMethod())) {
            res.setHeader("Allow", "POST");
            Answers.error(res, true, 405, "method_not_allowed", "Only POST is allowed here");
            return;
        }
        if (CallbackEndpoint.isCrossSite(req, CallbackEndpoint.ownOrigin(req, service.clientAddress()))) {
            Answers.refuseBeforeBody(req, res, () -> Answers.error(res, true, 403, "cross_site", "Cross-site requests are refused"));
            return;
        }
        String clientIp = service.clientIp(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")));
        SubmissionOutcome.RateLimited limited = service.admit(clientIp);
        if (limited != null) {
            long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
            res.setHeader("Retry-After", Long.toString(seconds));
            Answers.refuseBeforeBody(req, res, () -> Answers.json(res, 429, Answers.JSON.createObjectNode().put("error", "rate_limited").put("retryAfter", seconds)));
            return;
        }
        if (!authorized(req.getHeader("Authorization"))) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"helpline-admin\"");
            Answers.refuseBeforeBody(req, res, () -> Answers.error(res, true, 401, "unauthorized", "A valid bearer token is required"));
            return;
        }
        if (!Answers.mediaType(req.getContentType()).equals("application/json")) {
            Answers.refuseBeforeBody(req, res, () -> Answers.error(res, true, 415, "unsupported_media_type", "Send application/json"));
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            Answers.refuseBeforeBody(req, res, () -> Answers.error(res, true, 413, "too_large", "The request is too large"));
            return;
        }
        BoundedBody.read(req, res, true, MAX_BODY, bodyDeadline, inFlight, body -> delete(res, body));
    }

    /** Constant time whatever the given token's length: both sides are hashed first. */
    boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenHash, sha256(header.substring(7).strip()));
    }

    private void delete(HttpServletResponse res, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (IOException e) {
            Answers.error(res, true, 400, "bad_request", "The body is not JSON");
            return;
        }
        if (root == null || !root.isObject() || !root.path("phone").isTextual()) {
            Answers.error(res, true, 400, "bad_request", "Send a JSON object with the number as a string: {\"phone\": \"…\"}");
            return;
        }
        PhoneNumber phone = PhoneNumber.tryParse(root.get("phone").asText());
        if (phone == null) {
            Answers.error(res, true, 422, "invalid_phone", "phone is not a US or Canadian number");
            return;
        }
        DataRights.Result r;
        try {
            r = service.erase(phone, DataRights.Source.OPERATOR);
        } catch (IllegalStateException e) {
            HelplineFilter.LOG.log(System.Logger.Level.ERROR, "helpline: an operator deletion failed: " + e.getMessage());
            Answers.error(res, true, 503, "unavailable", "The store could not record the deletion; nothing was changed");
            return;
        }
        ObjectNode out = Answers.JSON.createObjectNode();
        ObjectNode deleted = out.putObject("deleted");
        deleted.put("requests", r.requestsDeleted());
        deleted.put("pendingDeliveriesCancelled", r.pendingCancelled());
        deleted.put("possiblyDeliveredAlready", r.possiblyInFlight());
        ObjectNode events = out.putObject("events");
        events.put(DataRights.REVOKED, r.revocationId());
        events.put(DataRights.DELETED, r.deletionId());
        out.put("honourBy", r.honourBy().toString());
        out.put("deleteBy", r.deleteBy().toString());
        Answers.json(res, 200, out);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.helpline.servlet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.DataRights;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.phone.PhoneNumber;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

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
    /** Deletions read at once, at most: an operator's tool, not a crowd ({@code max-in-flight} if lower). */
    static final int MAX_IN_FLIGHT = 4;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final HelplineConfig config;
    private final CallbackService service;
    private final byte[] tokenHash;
    private final PostIntake intake;
    private final PostIntake.Endpoint deletions = new PostIntake.Endpoint() {
        @Override
        public void received(PostIntake.Admitted request, byte[] body) throws IOException {
            delete(request.res(), body);
        }

        @Override
        public boolean authorized(HttpServletRequest req) {
            return AdminEndpoint.this.authorized(req.getHeader("Authorization"));
        }
    };

    /**
     * @throws IllegalArgumentException when the configuration has no admin token (the endpoint is off)
     */
    public AdminEndpoint(HelplineConfig config, CallbackService service) {
        this.config = Objects.requireNonNull(config, "config");
        this.service = Objects.requireNonNull(service, "service");
        if (!config.rights().adminEnabled()) {
            throw new IllegalArgumentException("helpline.admin.token is not set: the operator's endpoint is off");
        }
        this.tokenHash = sha256(config.rights().adminToken());
        // The client's allowance is taken before the token is looked at: guessing tokens costs it.
        this.intake = new PostIntake(service, List.of(PostIntake.Check.METHOD, PostIntake.Check.CROSS_SITE,
                PostIntake.Check.CLIENT_LIMIT, PostIntake.Check.AUTHORIZED, PostIntake.Check.MEDIA_TYPE,
                PostIntake.Check.SIZE, PostIntake.Check.IN_FLIGHT), "POST", false, MAX_BODY,
                config.callback().bodyDeadline(), Math.min(MAX_IN_FLIGHT, config.callback().maxInFlight()), "request");
    }

    /** Whether this request is for the deletion endpoint (any method). */
    public boolean matches(HttpServletRequest req) {
        return HelplineFilter.pathOf(req).equals(config.rights().adminDeletePath());
    }

    /** Answers a request for the deletion endpoint completely. */
    public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Answers.noStore(res);
        intake.take(req, res, true, deletions);
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

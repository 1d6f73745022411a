package dev.helpline.servlet.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.CallbackStore;
import dev.helpline.core.callback.DataRights;
import dev.helpline.core.callback.MutableClock;
import dev.helpline.core.callback.TestCallbacks;
import dev.helpline.core.callback.TestReceiver;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue K §4 over real HTTP to a real Jetty (store on H2): the operator's deletion endpoint
 * and the visitor's stop form, every refusal, the answers that must not tell whether a
 * number had requests, and what reaches the operator's webhook.
 */
class DataRightsEndpointTest {
    static final String ADMIN_TOKEN = "operator-token-0123456789abcdef-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Site site;
    private TestReceiver receiver;

    private Site start(Map<String, String> overrides) throws Exception {
        receiver = new TestReceiver();
        Map<String, String> p = new HashMap<>(Map.of("helpline.admin.token", ADMIN_TOKEN,
                "helpline.callback.rate-limit.per-minute", "1000",
                "helpline.callback.webhook.url", receiver.url().toString(),
                "helpline.callback.webhook.secret", TestReceiver.SECRET,
                "helpline.callback.body-deadline", "PT1S", "helpline.callback.max-in-flight", "32"));
        p.putAll(overrides);
        HelplineConfig config = HelplineConfig.fromProperties(Site.props("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), p));
        site = new Site(config, clock, false, 0, true);
        return site;
    }

    @AfterEach
    void stop() throws Exception {
        if (site != null) {
            site.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Accepts a callback request for {@code phone} through the real form endpoint. */
    private void requestCall(String phone) throws Exception {
        String token = site.service.issueToken();
        clock.advance(Duration.ofSeconds(3));
        HttpResponse<String> r = post("/helpline/callback", "application/json", JSON.writeValueAsString(
                Map.of("phone", phone, "consent", true, "website", "", "token", token)), Map.of("Accept", "application/json"));
        assertEquals(202, r.statusCode(), r.body());
    }

    private HttpResponse<String> post(String path, String type, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site.origin() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String body, Map<String, String> headers) throws Exception {
        return post("/helpline/admin/delete", "application/json", body, headers);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(site.origin() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A stop form's token as its page renders it, 3 s old. */
    private String stopToken() throws Exception {
        Matcher m = TOKEN.matcher(get("/helpline/stop").body());
        assertTrue(m.find());
        clock.advance(Duration.ofSeconds(3));
        return m.group(1);
    }

    private static String form(Map<String, String> f) {
        StringBuilder b = new StringBuilder();
        f.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private List<JsonNode> deliveredEvents() throws Exception {
        TestCallbacks.deliverDue(site.service);
        List<JsonNode> out = new java.util.ArrayList<>();
        for (TestReceiver.Delivery d : receiver.deliveries()) {
            assertTrue(d.signatureValid(), "signed like every delivery");
            JsonNode n = JSON.readTree(d.body());
            assertEquals(d.id(), n.at("/data/id").asText(), "webhook-id is the event's id");
            out.add(n);
        }
        return out;
    }

    /**
     * A data-rights request's place among the bodies being read is free once its body is in,
     * as the callback form's is: before, it was freed only after the answer was written and
     * the exchange completed, so a client sending its next request the moment it had the
     * answer could be refused {@code 503} while the bound was otherwise full. The other places
     * are held by clients that never finish their bodies; the first request's endpoint is held
     * just after its answer went out.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/helpline/stop", "/helpline/admin/delete", "/helpline/callback"})
    void everyBodyEndpoint_placeFreedOnceTheBodyIsIn_nextRequestNotRefused503(String path) throws Exception {
        boolean admin = path.contains("admin");
        boolean callback = path.contains("callback");
        // The callback form's bound is the configured one (made small here); the data-rights
        // endpoints keep their own smaller ones: AdminEndpoint.MAX_IN_FLIGHT, StopEndpoint.MAX_IN_FLIGHT.
        start(callback ? Map.of("helpline.callback.body-deadline", "PT30S", "helpline.callback.max-in-flight", "2")
                : Map.of("helpline.callback.body-deadline", "PT30S"));
        String auth = admin ? "Authorization: Bearer " + ADMIN_TOKEN + "\r\n" : "";
        int bound = callback ? 2 : admin ? 4 : 8;
        List<Socket> stalled = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int i = 0; i < bound - 1; i++) {
                Socket s = new Socket("127.0.0.1", site.port());
                stalled.add(s);
                s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + site.port() + "\r\n" + auth
                        + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: 100\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            site.holdAfterAnswer = hold;
            String body = "{\"phone\":\"" + TestNumbers.A + "\"}";
            Map<String, String> headers = new HashMap<>(admin ? bearer(ADMIN_TOKEN) : Map.of());
            headers.put("Accept", "application/json");
            Map<String, String> held = new HashMap<>(headers);
            held.put(Site.HOLD_HEADER, "1");
            // Each on a connection of its own: the held one's connection is busy until it is let go.
            HttpResponse<String> first = send(path, body, held);
            HttpResponse<String> next = send(path, body, headers);
            assertEquals(first.statusCode(), next.statusCode(), "the next request is answered as the first: " + next.body());
            assertTrue(first.statusCode() != 503, first.body());
        } finally {
            hold.countDown();
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    private HttpResponse<String> send(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site.origin() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void admin_withoutOrWithAWrongToken_401WithWwwAuthenticate_andNothingDeleted() throws Exception {
        start(Map.of());
        requestCall(TestNumbers.A);
        String body = "{\"phone\":\"" + TestNumbers.A + "\"}";
        for (Map<String, String> headers : List.of(Map.<String, String>of(), bearer(ADMIN_TOKEN + "x"), bearer("short"),
                Map.of("Authorization", "Basic " + ADMIN_TOKEN), bearer(ADMIN_TOKEN.substring(1)))) {
            HttpResponse<String> r = admin(body, headers);
            assertEquals(401, r.statusCode(), headers.toString());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
            assertEquals("unauthorized", JSON.readTree(r.body()).get("error").asText());
        }
        assertEquals(1, site.service.outbox().counts().pending(), "nothing was deleted");
    }

    @Test
    void admin_crossSiteWrongMethodBadJsonBadType_refusedWithJsonErrors() throws Exception {
        start(Map.of());
        Map<String, String> auth = new HashMap<>(bearer(ADMIN_TOKEN));
        auth.put("Origin", "https://attacker.example");
        assertEquals(403, admin("{\"phone\":\"" + TestNumbers.A + "\"}", auth).statusCode());
        assertEquals(403, admin("{\"phone\":\"" + TestNumbers.A + "\"}",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Sec-Fetch-Site", "cross-site")).statusCode());

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(site.origin() + "/helpline/admin/delete"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));

        for (String bad : List.of("{\"phone\":", "[\"" + TestNumbers.A + "\"]", "{\"phone\":1}", "{}",
                "{\"phone\":\"x\"} trailing", "{\"phone\":\"a\",\"phone\":\"b\"}")) {
            HttpResponse<String> r = admin(bad, bearer(ADMIN_TOKEN));
            assertEquals(400, r.statusCode(), bad);
            assertEquals("application/json;charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("bad_request", JSON.readTree(r.body()).get("error").asText(), bad);
        }
        assertEquals(422, admin("{\"phone\":\"555-0100\"}", bearer(ADMIN_TOKEN)).statusCode());
        assertEquals(415, post("/helpline/admin/delete", "text/plain", "phone=1", bearer(ADMIN_TOKEN)).statusCode());
        assertEquals(0, site.service.outbox().revocations().size(), "no refusal recorded anything");
    }

    @Test
    void admin_rateLimitedPerIpLikeTheForm_429WithRetryAfter() throws Exception {
        start(Map.of("helpline.callback.rate-limit.per-minute", "2"));
        assertEquals(401, admin("{}", Map.of()).statusCode());
        assertEquals(401, admin("{}", Map.of()).statusCode());
        HttpResponse<String> r = admin("{\"phone\":\"" + TestNumbers.A + "\"}", bearer(ADMIN_TOKEN));
        assertEquals(429, r.statusCode(), "guessing tokens costs the same allowance as the form");
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }

    /** A request deleted before its delivery is never delivered; the operator gets the two signed events. */
    @Test
    void admin_delete_200WithCountsNeverTheData_theRequestIsNeverDeliveredButTheEventsAre() throws Exception {
        start(Map.of());
        requestCall(TestNumbers.A);
        requestCall(TestNumbers.B);
        String requestId = site.service.outbox().claimDue(10, clock.instant(), Duration.ofMillis(1)).stream()
                .filter(p -> p.payload().contains("+14159267381")).findFirst().orElseThrow().id();
        clock.advance(Duration.ofSeconds(1)); // the claim above leased nothing that matters

        HttpResponse<String> r = admin("{\"phone\":\"415.926.7381\"}", bearer(ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(1, answer.at("/deleted/requests").asInt());
        assertEquals(1, answer.at("/deleted/pendingDeliveriesCancelled").asInt());
        assertFalse(r.body().replaceAll("[^0-9]", "").contains("4159267381"), "never the number: " + r.body());
        assertFalse(r.body().contains(requestId), "never the request: " + r.body());

        List<JsonNode> events = deliveredEvents();
        Set<String> ids = new HashSet<>();
        receiver.deliveries().forEach(d -> ids.add(d.id()));
        assertFalse(ids.contains(requestId), "the deleted request was never delivered");
        Map<String, JsonNode> byType = new HashMap<>();
        for (JsonNode e : events) {
            byType.put(e.get("type").asText(), e);
        }
        assertEquals(Set.of("callback.requested", DataRights.REVOKED, DataRights.DELETED), byType.keySet());
        assertEquals("+13034862957", byType.get("callback.requested").at("/data/phone").asText(), "the other number's request");
        JsonNode revoked = byType.get(DataRights.REVOKED);
        assertEquals("+14159267381", revoked.at("/data/phone").asText());
        assertEquals("operator", revoked.at("/data/source").asText());
        assertEquals(answer.get("honourBy").asText(), revoked.at("/data/honourBy").asText());
        assertEquals(answer.at("/events/consent.revoked").asText(), revoked.at("/data/id").asText());
        JsonNode deleted = byType.get(DataRights.DELETED);
        assertEquals(requestId, deleted.at("/data/requestIds/0").asText());
        assertEquals(answer.get("deleteBy").asText(), deleted.at("/data/deleteBy").asText());
    }

    @Test
    void stop_getShowsTheForm_postAnswersTheSameWhetherOrNotTheNumberHadRequests() throws Exception {
        start(Map.of());
        requestCall(TestNumbers.A);
        HttpResponse<String> page = get("/helpline/stop?lang=es");
        assertEquals(200, page.statusCode());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(page.body());
        assertEquals("es", doc.selectFirst("html").attr("lang"));
        assertEquals("Su número de teléfono", doc.selectFirst("label[for=helpline-stop-phone]").text());
        assertEquals("Dejar de llamar a este número", doc.selectFirst("main[data-helpline=stop] button[type=submit]").text());
        assertEquals("/helpline/stop", doc.selectFirst("form").attr("action"));

        Map<String, String> answers = new HashMap<>();
        for (String phone : List.of(TestNumbers.A, TestNumbers.C)) { // A has a pending request, C none
            HttpResponse<String> r = post("/helpline/stop", "application/x-www-form-urlencoded",
                    form(Map.of("phone", phone, "website", "", "token", stopToken())), Map.of());
            answers.put(phone, r.statusCode() + " " + r.headers().firstValue("Location").orElse("") + " [" + r.body() + "]");
        }
        assertEquals(answers.get(TestNumbers.A), answers.get(TestNumbers.C), "no oracle: " + answers);
        assertEquals("303 /helpline/stop?lang=en&sent=1 []", answers.get(TestNumbers.A));
        for (String phone : List.of(TestNumbers.B, TestNumbers.C)) {
            HttpResponse<String> r = post("/helpline/stop", "application/json",
                    JSON.writeValueAsString(Map.of("phone", phone, "token", stopToken())), Map.of("Accept", "application/json"));
            answers.put("json " + phone, r.statusCode() + " " + r.body());
        }
        assertEquals(answers.get("json " + TestNumbers.B), answers.get("json " + TestNumbers.C));
        assertTrue(answers.get("json " + TestNumbers.B).startsWith("200 {\"status\":\"received\""), answers.toString());

        assertEquals(0, site.service.outbox().counts().pending(), "the pending request for A is gone");
        assertEquals(4, site.service.outbox().revocations().size(), "every revocation is recorded, known number or not");
        HttpResponse<String> done = get("/helpline/stop?lang=en&sent=1");
        assertTrue(done.body().contains("has been told to stop calling this number"), done.body());
        List<JsonNode> events = deliveredEvents();
        assertEquals(8, events.size(), "two events per revocation, none for the deleted request");
        assertTrue(events.stream().noneMatch(e -> e.get("type").asText().equals("callback.requested")));
    }

    @Test
    void stop_refusals_crossSiteTokensOfAnotherFormBadNumberAndSlowBody() throws Exception {
        start(Map.of());
        String token = stopToken();
        Map<String, String> f = Map.of("phone", TestNumbers.A, "token", token);
        assertEquals(403, post("/helpline/stop", "application/x-www-form-urlencoded", form(f),
                Map.of("Origin", "https://attacker.example")).statusCode());
        assertEquals(403, post("/helpline/stop", "application/x-www-form-urlencoded", form(f),
                Map.of("Sec-Fetch-Site", "cross-site")).statusCode());
        assertEquals(403, post("/helpline/stop", "application/x-www-form-urlencoded",
                form(Map.of("phone", TestNumbers.A)), Map.of()).statusCode(), "no token");
        String callbackToken = site.service.issueToken();
        clock.advance(Duration.ofSeconds(3));
        assertEquals(403, post("/helpline/stop", "application/x-www-form-urlencoded",
                form(Map.of("phone", TestNumbers.A, "token", callbackToken)), Map.of()).statusCode(),
                "the callback form's token is not the stop form's");
        HttpResponse<String> cb = post("/helpline/callback", "application/json", JSON.writeValueAsString(
                Map.of("phone", TestNumbers.A, "consent", true, "token", stopToken())), Map.of("Accept", "application/json"));
        assertEquals(422, cb.statusCode(), "and the other way round (answered as an outdated form): " + cb.body());
        assertEquals(0, site.service.outbox().counts().pending(), "nothing was accepted with it");
        HttpResponse<String> bad = post("/helpline/stop", "application/x-www-form-urlencoded",
                form(Map.of("phone", "555-0100", "token", stopToken())), Map.of());
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("aria-invalid=\"true\""), bad.body());
        assertTrue(bad.body().contains("Enter a valid 10-digit US or Canadian phone number"), bad.body());
        assertTrue(TOKEN.matcher(bad.body()).find(), "a fresh form to correct it");
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(site.origin() + "/helpline/stop"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(415, post("/helpline/stop", "text/plain", "x", Map.of()).statusCode());

        // A body that never arrives whole is cut off at the deadline (1 s here).
        try (Socket s = new Socket("127.0.0.1", site.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /helpline/stop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 100\r\n\r\nphone=").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 408", head);
        }
        assertEquals(0, site.service.outbox().revocations().size(), "no refusal recorded anything");
    }

    @Test
    void stop_honeypotFilled_answeredAsDoneButNothingRecorded() throws Exception {
        start(Map.of());
        HttpResponse<String> r = post("/helpline/stop", "application/x-www-form-urlencoded",
                form(Map.of("phone", TestNumbers.A, "website", "https://spam.example", "token", stopToken())), Map.of());
        assertEquals(303, r.statusCode());
        assertEquals(0, site.service.outbox().revocations().size());
        assertNotNull(r.headers().firstValue("Location").orElse(null));
    }

    @Test
    void outbox_counts_ignoreEventRows() throws Exception {
        start(Map.of());
        requestCall(TestNumbers.B);
        assertEquals(200, admin("{\"phone\":\"" + TestNumbers.C + "\"}", bearer(ADMIN_TOKEN)).statusCode());
        assertEquals(new CallbackStore.Counts(1, 0, 0, 0), site.service.outbox().counts());
        assertEquals(3, site.service.outbox().backlog().pending(), "the backlog includes the two events to deliver");
    }
}

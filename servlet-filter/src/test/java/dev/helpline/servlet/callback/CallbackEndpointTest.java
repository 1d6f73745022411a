package dev.helpline.servlet.callback;

import dev.helpline.core.callback.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.CallbackStore;
import dev.helpline.core.callback.FieldError;
import dev.helpline.core.callback.FormView;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every answer of the endpoint, over real HTTP to a real Jetty, with the store on H2. */
class CallbackEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Site site;

    private Site start(Map<String, String> overrides) throws Exception {
        HelplineConfig config = HelplineConfig.fromProperties(
                Site.props("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), overrides));
        site = new Site(config, clock, false, 0);
        return site;
    }

    private Site start() throws Exception {
        return start(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    /** A token rendered 3 s ago (longer than the minimum fill time). */
    private String token() {
        String t = site.service.issueToken();
        clock.advance(Duration.ofSeconds(3));
        return t;
    }

    private Map<String, String> fields(String phone) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("phone", phone);
        f.put("consent", "yes");
        f.put("website", "");
        f.put("token", token());
        return f;
    }

    private static String form(Map<String, String> f) {
        return f.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private HttpRequest.Builder post(String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site.origin() + "/helpline/callback"))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    /** As the browser posts the form without JavaScript, from the article page. */
    private HttpResponse<String> postForm(Map<String, String> f, String... headers) throws Exception {
        HttpRequest req = post(headers).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", site.origin()).header("Referer", site.origin() + "/article?x=1")
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(form(f))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** As the widget's fetch posts it. */
    private HttpResponse<String> postJson(Map<String, ?> f, String... headers) throws Exception {
        HttpRequest req = post(headers).header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Origin", site.origin()).header("Referer", site.origin() + "/article")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(f))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private long stored() {
        CallbackStore.Counts c = site.service.outbox().counts();
        return c.pending() + c.delivered() + c.undeliverable();
    }

    @Test
    void postForm_valid_303BackToPageWithSentAndStored() throws Exception {
        start();
        HttpResponse<String> res = postForm(fields(TestNumbers.A));
        assertEquals(303, res.statusCode());
        assertEquals(site.origin() + "/article?x=1&helpline=sent", res.headers().firstValue("Location").orElseThrow());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(1, stored());
        // the page reads the result back (post/redirect/get: reloading it posts nothing)
        String page = http.send(HttpRequest.newBuilder(URI.create(res.headers().firstValue("Location").get())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("status=SUCCESS"), page);
    }

    @Test
    void postJson_valid_202AndStoredWithConsentRecord() throws Exception {
        start();
        Map<String, Object> f = new LinkedHashMap<>(fields(TestNumbers.B));
        f.put("consent", true);
        HttpResponse<String> res = postJson(f, "User-Agent", "TestBrowser/1.0");
        assertEquals(202, res.statusCode(), res.body());
        assertEquals("accepted", JSON.readTree(res.body()).get("status").asText());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        var p = site.service.outbox().claimDue(10, clock.instant(), Duration.ofMinutes(1)).get(0);
        JsonNode data = JSON.readTree(p.payload()).get("data");
        assertEquals("+13034862957", data.get("phone").asText());
        assertEquals(site.origin() + "/article", data.get("pageUrl").asText());
        assertEquals("TestBrowser/1.0", data.get("userAgent").asText());
        assertTrue(data.get("consent").get("given").asBoolean());
        assertEquals(64, data.get("consent").get("textSha256").asText().length());
        assertEquals(64, data.get("consent").get("disclosureSha256").asText().length());
        assertTrue(data.get("consent").get("text").asText().contains("Example Recovery Line"));
    }

    @Test
    void postJson_invalidPhoneAndNoConsent_422NamingEachField() throws Exception {
        start();
        Map<String, String> f = fields("555-0100");
        f.remove("consent");
        HttpResponse<String> res = postJson(f);
        assertEquals(422, res.statusCode());
        JsonNode errors = JSON.readTree(res.body()).get("errors");
        assertEquals(FieldError.PHONE_INVALID.message(), errors.get("phone").asText());
        assertEquals(FieldError.CONSENT_REQUIRED.message(), errors.get("consent").asText());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(0, stored());
    }

    @Test
    void postJson_fromSpanishProfilePage_messagesInSpanish() throws Exception {
        start(Map.of("helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es"));
        Map<String, String> f = fields("555-0100");
        f.remove("consent");
        f.put("token", site.service.issueToken(new FormView(site.config.profileFor("/es/articulo"), "es")));
        clock.advance(Duration.ofSeconds(3));
        HttpRequest req = post().header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Origin", site.origin()).header("Referer", site.origin() + "/es/articulo")
                .header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(f))).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(422, res.statusCode());
        JsonNode errors = JSON.readTree(res.body()).get("errors");
        assertEquals(FieldError.PHONE_INVALID.message("es"), errors.get("phone").asText());
        assertTrue(errors.get("consent").asText().startsWith("Marque la casilla"), res.body());
    }

    /**
     * Issue J §1: the consent was picked by the browser's Accept-Language, so an English page
     * viewed with {@code Accept-Language: es} stored the Spanish text the person never saw.
     */
    @Test
    void postJson_englishFormFromSpanishBrowser_englishConsentStoredAndAnswered() throws Exception {
        start();
        HttpResponse<String> res = postJson(fields(TestNumbers.A), "Accept-Language", "es-US,es;q=0.9");
        assertEquals(202, res.statusCode());
        assertEquals("Thank you. We will call you back shortly.", JSON.readTree(res.body()).get("message").asText());
        String payload = site.service.outbox().claimDue(10, clock.instant(), Duration.ofMinutes(1)).get(0).payload();
        assertTrue(payload.contains("I agree that Example Recovery Line may call me back"), payload);
        assertFalse(payload.contains("Acepto"), payload);
    }

    /** Issue J §1, the other way: a Spanish page's form sent by an English browser records the Spanish text. */
    @Test
    void postJson_spanishFormFromEnglishBrowser_spanishConsentStoredAndAnswered() throws Exception {
        start(Map.of("helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es"));
        Map<String, String> f = fields(TestNumbers.A);
        f.put("token", site.service.issueToken(new FormView(site.config.profileFor("/es/x"), "es")));
        clock.advance(Duration.ofSeconds(3));
        HttpResponse<String> res = postJson(f, "Accept-Language", "en-US,en;q=0.9");
        assertEquals(202, res.statusCode());
        assertEquals("Gracias. Le llamaremos en breve.", JSON.readTree(res.body()).get("message").asText());
        String payload = site.service.outbox().claimDue(10, clock.instant(), Duration.ofMinutes(1)).get(0).payload();
        assertTrue(payload.contains("Acepto que Example Recovery Line"), payload);
        assertFalse(payload.contains("I agree"), payload);
    }

    @Test
    void postForm_emptyPhone_303WithErrorCodesNotTheValue() throws Exception {
        start();
        Map<String, String> f = fields("");
        HttpResponse<String> res = postForm(f);
        assertEquals(303, res.statusCode());
        String location = res.headers().firstValue("Location").orElseThrow();
        assertEquals(site.origin() + "/article?x=1&helpline=error&helpline-errors=phone.required", location);
        String page = http.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("status=ERROR") && page.contains("errors=[phone]"), page);
    }

    @Test
    void postForm_invalidNumber_numberNotInLocation() throws Exception {
        start();
        HttpResponse<String> res = postForm(fields("415-926-738"));
        String location = res.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("helpline=error&helpline-errors=phone.invalid"), location);
        assertFalse(location.contains("926"), location);
    }

    @Test
    void post_bodyOver8k_413() throws Exception {
        start();
        Map<String, String> f = fields(TestNumbers.A);
        f.put("pad", "x".repeat(9000));
        assertEquals(413, postForm(f).statusCode());
        // without a Content-Length (chunked), the limit holds while reading
        HttpRequest chunked = post("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(form(f).getBytes(StandardCharsets.UTF_8)))).build();
        HttpResponse<String> res = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, res.statusCode());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(0, stored());
    }

    @Test
    void post_otherContentType_415() throws Exception {
        start();
        HttpRequest req = post("Content-Type", "text/plain", "Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("phone=1")).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(415, res.statusCode());
        assertEquals("unsupported_media_type", JSON.readTree(res.body()).get("error").asText());
        HttpRequest multipart = post("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--")).build();
        assertEquals(415, http.send(multipart, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void get_405WithAllowPost() throws Exception {
        start();
        HttpResponse<String> res = http.send(post().GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, res.statusCode());
        assertEquals("POST", res.headers().firstValue("Allow").orElseThrow());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void honeypotFilled_successShapedNothingStoredCounted() throws Exception {
        start();
        Map<String, String> f = fields(TestNumbers.A);
        f.put("website", "http://spam.example");
        HttpResponse<String> json = postJson(f);
        assertEquals(202, json.statusCode());
        assertEquals("accepted", JSON.readTree(json.body()).get("status").asText());
        HttpResponse<String> form = postForm(f);
        assertEquals(303, form.statusCode());
        assertTrue(form.headers().firstValue("Location").orElseThrow().endsWith("helpline=sent"));
        assertEquals(0, stored());
        assertEquals(2, site.answered("spam", 2));
    }

    @Test
    void token_missingOrForged_403() throws Exception {
        start();
        Map<String, String> f = fields(TestNumbers.A);
        f.remove("token");
        assertEquals(403, postJson(f).statusCode());
        assertEquals(403, postForm(f).statusCode());
        f.put("token", "1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        HttpResponse<String> res = postJson(f);
        assertEquals(403, res.statusCode());
        assertEquals("invalid_token", JSON.readTree(res.body()).get("error").asText());
        assertEquals(0, stored());
        assertEquals(3, site.answered("token-", 3));
    }

    @Test
    void token_expired_422FormErrorWithFreshToken() throws Exception {
        start(Map.of("helpline.callback.token.max-age", "PT1H"));
        Map<String, String> f = fields(TestNumbers.A);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        HttpResponse<String> res = postJson(f);
        assertEquals(422, res.statusCode());
        JsonNode body = JSON.readTree(res.body());
        assertEquals(FieldError.FORM_EXPIRED.message(), body.get("errors").get("form").asText());
        assertNotNull(body.get("token"));
        HttpResponse<String> form = postForm(f);
        assertTrue(form.headers().firstValue("Location").orElseThrow().endsWith("helpline-errors=form.expired"));
        assertEquals(0, stored());
    }

    @Test
    void token_fasterThanMinFillTime_refused() throws Exception {
        start();
        Map<String, String> f = fields(TestNumbers.A);
        f.put("token", site.service.issueToken()); // rendered just now
        clock.advance(Duration.ofMillis(1500));
        HttpResponse<String> res = postJson(f);
        assertEquals(422, res.statusCode());
        assertEquals(FieldError.FORM_TOO_FAST.message(), JSON.readTree(res.body()).get("errors").get("form").asText());
        assertEquals(0, stored());
    }

    @Test
    void crossSite_secFetchSiteOriginOrReferer_403() throws Exception {
        start();
        String body = form(fields(TestNumbers.A));
        HttpRequest.Builder base = post("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        assertEquals(403, http.send(base.copy().header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(base.copy().header("Origin", "https://evil.example").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(base.copy().header("Origin", "null").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(base.copy().header("Origin", "http://127.0.0.1:1").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(base.copy().header("Referer", "https://evil.example/page").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0, stored());
        // same origin passes
        assertEquals(303, http.send(base.copy().header("Origin", site.origin()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(1, stored());
    }

    @Test
    void rateLimit_perIp_429WithRetryAfter() throws Exception {
        start(Map.of("helpline.callback.rate-limit.per-minute", "2"));
        assertEquals(202, postJson(fields(TestNumbers.A)).statusCode());
        assertEquals(202, postJson(fields(TestNumbers.B)).statusCode());
        HttpResponse<String> res = postJson(fields(TestNumbers.C));
        assertEquals(429, res.statusCode());
        long retry = Long.parseLong(res.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElseThrow());
        HttpResponse<String> noJs = postForm(fields(TestNumbers.C));
        assertEquals(429, noJs.statusCode());
        assertTrue(noJs.headers().firstValue("Retry-After").isPresent());
        // X-Forwarded-For from an untrusted peer changes nothing
        assertEquals(429, postJson(fields(TestNumbers.C), "X-Forwarded-For", "198.51.100.7").statusCode());
        assertEquals(2, stored());
    }

    @Test
    void rateLimit_trustedProxy_forwardedClientsCountedApart() throws Exception {
        start(Map.of("helpline.callback.rate-limit.per-minute", "1", "helpline.callback.trusted-proxies", "127.0.0.1"));
        assertEquals(202, postJson(fields(TestNumbers.A), "X-Forwarded-For", "198.51.100.7").statusCode());
        assertEquals(429, postJson(fields(TestNumbers.B), "X-Forwarded-For", "198.51.100.7").statusCode());
        assertEquals(202, postJson(fields(TestNumbers.B), "X-Forwarded-For", "198.51.100.8").statusCode());
        // a spoofed left-most entry does not help: the right-most untrusted hop is the client
        assertEquals(429, postJson(fields(TestNumbers.C), "X-Forwarded-For", "203.0.113.1, 198.51.100.8").statusCode());
    }

    /**
     * Issue J §6: over the per-number limit the answer was 429, which told a stranger that
     * the number had asked for a call. Now it is the accepted answer, and nothing is stored.
     */
    @Test
    void rateLimit_perPhone_answeredAsAcceptedWhateverTheFormattingAndNotStored() throws Exception {
        start(Map.of("helpline.callback.rate-limit.per-phone-per-hour", "1"));
        HttpResponse<String> first = postJson(fields(TestNumbers.A));
        HttpResponse<String> again = postJson(fields("415.926.7381"));
        HttpResponse<String> fresh = postJson(fields(TestNumbers.B));
        for (HttpResponse<String> r : List.of(first, again, fresh)) {
            assertEquals(202, r.statusCode());
            assertEquals(first.body(), r.body());
            assertEquals(first.headers().firstValue("Content-Type"), r.headers().firstValue("Content-Type"));
            assertFalse(r.headers().firstValue("Retry-After").isPresent());
        }
        assertEquals(2, stored(), "the first request for each number");
        HttpResponse<String> noJs = postForm(fields("(415) 926-7381"));
        assertEquals(303, noJs.statusCode());
        assertEquals(site.origin() + "/article?x=1&helpline=sent", noJs.headers().firstValue("Location").orElseThrow());
        assertEquals(2, stored());
    }

    @Test
    void postJson_notAnObject_400() throws Exception {
        start();
        HttpRequest req = post("Content-Type", "application/json", "Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1,2]")).build();
        assertEquals(400, http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** Switched off, the endpoint does not claim the form path: the site's own servlet answers (it has no doPost). */
    @Test
    void disabled_theFormPathIsTheSites() throws Exception {
        start(Map.of("helpline.callback.enabled", "false"));
        HttpResponse<String> r = postJson(fields(TestNumbers.A));
        assertEquals(405, r.statusCode(), r.body());
        assertFalse(r.body().contains("\"error\""), r.body());
        assertEquals(0, stored());
    }
}

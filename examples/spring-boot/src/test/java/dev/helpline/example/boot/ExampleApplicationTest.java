package dev.helpline.example.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the example application on a random port, configured by its own
 * {@code application.properties} (plus, on the command line as an operator would, the
 * webhook of a receiver the test runs and an in-memory database), and checks over HTTP what a
 * visitor, the operator and the site's monitoring see. The same class runs on Boot 3.5
 * (this module) and Boot 4.0 ({@code examples/spring-boot-4}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleApplicationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The example keeps the default minimum fill time; the test waits it out once. */
    private static final Duration MIN_FILL = Duration.ofSeconds(2);

    private static WebhookReceiver receiver;
    private static ConfigurableApplicationContext app;
    private static String origin;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        app = SpringApplication.run(ExampleApplication.class,
                "--server.port=0",
                "--server.tomcat.basedir=target/tomcat",
                "--spring.datasource.url=jdbc:h2:mem:example-" + UUID.randomUUID(),
                "--helpline.callback.webhook.url=" + receiver.url(),
                "--helpline.callback.webhook.secret=" + WebhookReceiver.SECRET);
        origin = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Pages fetched (everything but Actuator's endpoints): each went through the rewriter once. */
    private static final java.util.concurrent.atomic.AtomicInteger PAGES = new java.util.concurrent.atomic.AtomicInteger();

    private static HttpResponse<String> get(String path) throws Exception {
        if (!path.startsWith("/actuator/")) {
            PAGES.incrementAndGet();
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/about.html", "/about", "/async"})
    @Order(1)
    void page_getsTheWidgetExactlyOnce(String path) throws Exception {
        HttpResponse<String> res = get(path);
        assertEquals(200, res.statusCode(), res.body());
        Document page = Jsoup.parse(res.body());
        assertEquals(1, page.select("body > [data-helpline=banner]").size(), "banner on " + path + " (Boot "
                + SpringBootVersion.getVersion() + ")");
        assertEquals(1, page.select("[data-helpline=disclosure]").size(), path);
        assertEquals(1, page.select("form[data-helpline=form]").size(), path);
        assertEquals(1, page.select("script[data-helpline=script]").size(), path);
        assertEquals(1, page.select("input[name=token]").size(), path);
        // the host's own content is all still there
        assertFalse(page.select("main h1").text().isEmpty(), path);
    }

    @Test
    @Order(2)
    void article_numberLinkedAndBoxInTheSlot() throws Exception {
        Document page = Jsoup.parse(get("/").body());
        assertEquals("tel:+18006013889", page.select("article p a[data-helpline=tel]").attr("href"));
        assertEquals(1, page.select("div[data-helpline-slot=cta] > [data-helpline=cta]").size());
    }

    @Test
    @Order(3)
    void assets_servedWithTheirIntegrity() throws Exception {
        Document page = Jsoup.parse(get("/").body());
        String src = page.select("script[data-helpline=script]").attr("src");
        HttpResponse<byte[]> js = HTTP.send(HttpRequest.newBuilder(URI.create(origin + src)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, js.statusCode());
        String integrity = page.select("script[data-helpline=script]").attr("integrity");
        String digest = "sha384-" + java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-384").digest(js.body()));
        assertEquals(integrity, digest);
    }

    private static String token() throws Exception {
        return Jsoup.parse(get("/").body()).select("input[name=token]").attr("value");
    }

    private static Map<String, String> fields(String phone, String token) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("phone", phone);
        f.put("consent", "yes");
        f.put("website", "");
        f.put("token", token);
        return f;
    }

    private static HttpResponse<String> post(Map<String, String> f, boolean json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/helpline/callback"))
                .timeout(Duration.ofSeconds(20))
                .header("Origin", origin).header("Referer", origin + "/")
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (json) {
            b.header("Accept", "application/json");
        }
        String body = f.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(4)
    void form_endToEnd_tooFastThen202And303_deliveredSignedAndStoredInTheAppsDataSource() throws Exception {
        String first = token();
        String second = token();
        HttpResponse<String> tooFast = post(fields("(415) 926-7381", first), true);
        assertEquals(422, tooFast.statusCode(), tooFast.body());
        JsonNode refused = JSON.readTree(tooFast.body());
        assertTrue(refused.path("errors").has("form"), tooFast.body());
        assertFalse(refused.path("token").asText().isEmpty(), "a fresh token comes with the refusal");

        Thread.sleep(MIN_FILL.toMillis() + 500);
        HttpResponse<String> accepted = post(fields("(415) 926-7381", first), true);
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("accepted", JSON.readTree(accepted.body()).path("status").asText());

        HttpResponse<String> redirected = post(fields("303-486-2957", second), false);
        assertEquals(303, redirected.statusCode(), redirected.body());
        assertEquals(origin + "/?helpline=sent", redirected.headers().firstValue("Location").orElseThrow());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.deliveries().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(2, receiver.deliveries().size(), "deliveries");
        assertTrue(receiver.deliveries().stream().allMatch(WebhookReceiver.Delivery::signed));
        assertEquals(2, receiver.deliveries().stream().map(WebhookReceiver.Delivery::id).distinct().count());

        // The outbox lives in the application's own DataSource (no helpline.callback.store.url set).
        JdbcTemplate db = new JdbcTemplate(app.getBean(DataSource.class));
        assertEquals(2, db.queryForObject("SELECT COUNT(*) FROM helpline_callback", Long.class));
    }

    @Test
    @Order(5)
    void health_helplineIndicatorReportsTheOutbox() throws Exception {
        HttpResponse<String> res = get("/actuator/health/helpline");
        assertEquals(200, res.statusCode(), res.body());
        JsonNode health = JSON.readTree(res.body());
        assertEquals("UP", health.path("status").asText(), res.body());
        JsonNode d = health.path("details");
        assertTrue(d.path("webhookConfigured").asBoolean(), res.body());
        assertTrue(d.path("formAvailable").asBoolean(), res.body());
        assertEquals(0, d.path("backlog").asLong(), res.body());
        assertEquals("none", d.path("lastDeliveryError").asText(), res.body());
        assertEquals(0, d.path("oldestUndeliveredSeconds").asLong(-1), res.body());
        JsonNode all = JSON.readTree(get("/actuator/health").body());
        assertEquals("UP", all.path("components").path("helpline").path("status").asText());
    }

    private static double metric(String name, String... tags) throws Exception {
        StringBuilder q = new StringBuilder("/actuator/metrics/" + name);
        for (int i = 0; i < tags.length; i++) {
            q.append(i == 0 ? "?" : "&").append("tag=").append(tags[i]);
        }
        HttpResponse<String> res = get(q.toString());
        assertEquals(200, res.statusCode(), q + ": " + res.body());
        return JSON.readTree(res.body()).path("measurements").get(0).path("value").asDouble();
    }

    @Test
    @Order(6)
    void metrics_countWhatTheFilterDid() throws Exception {
        // The filter tells its listener once a page is complete, which can be just after the client has it.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (metric("helpline.responses", "outcome:injected") < PAGES.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(PAGES.get(), metric("helpline.responses", "outcome:injected"));
        assertEquals(0, metric("helpline.responses", "outcome:internal-error"));
        double linked = metric("helpline.numbers.linked");
        assertTrue(linked >= 1, "numbers linked: " + linked);
        double boxes = metric("helpline.boxes.placed");
        assertTrue(boxes >= 1, "boxes placed: " + boxes);
        assertEquals(2, metric("helpline.callbacks", "result:accepted"));
        assertEquals(1, metric("helpline.callbacks", "result:token-too-fast", "status:422"));
        assertEquals(2, metric("helpline.deliveries.successes"));
        assertEquals(0, metric("helpline.deliveries.failures"));
        assertEquals(2, metric("helpline.deliveries.latency"));  // COUNT is the first measurement
        assertEquals(0, metric("helpline.outbox.depth"));
        assertEquals(0, metric("helpline.delivery.lag"));
    }
}

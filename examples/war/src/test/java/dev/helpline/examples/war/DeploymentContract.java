package dev.helpline.examples.war;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.PostgresServer;
import dev.helpline.core.callback.TestReceiver;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a partner's WAR must get on a standalone container, checked over HTTP against the
 * real distribution: the widget once, its assets with their SRI, the callback form end to
 * end (on the default H2 store, and on PostgreSQL named by an operator's
 * {@code -Dhelpline.config}), JSON refusals, and a clean stop: no leak warnings, no SEVERE.
 */
abstract class DeploymentContract {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A valid number a visitor leaves (not the helpline's). */
    static final String VISITOR = "(415) 926-7381";
    /** What the default minimum fill time asks a visitor to spend on the page, with a margin. */
    static final Duration FILL_TIME = Duration.ofMillis(2_300);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path runDir;

    abstract StandaloneServer newServer(Path runDir) throws Exception;

    /** The pages of the example that this container serves (each must get the widget once). */
    List<String> pages() {
        return List.of("/", "/guide.html");
    }

    @Test
    void defaultH2Store_widgetAssetsFormAndDeliveryThenACleanStop() throws Exception {
        try (TestReceiver receiver = new TestReceiver(); StandaloneServer server = newServer(runDir)) {
            server.systemProperty("helpline.callback.webhook.url", receiver.url().toString())
                    .systemProperty("helpline.callback.webhook.secret", TestReceiver.SECRET)
                    .start(StandaloneServer.WAR, pages().get(0));

            for (String page : pages()) {
                assertWidgetOnce(server, page, true);
            }
            assertAssetsMatchTheirIntegrity(server, pages().get(0));
            submitBothWays(server, pages().get(0));
            assertRefusalsAreJson(server);

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (receiver.deliveries().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(2, receiver.deliveries().size(), "both accepted requests delivered:\n" + server.log());
            assertTrue(receiver.deliveries().stream().allMatch(TestReceiver.Delivery::signatureValid));
            assertTrue(Files.isDirectory(runDir.resolve(storeDirectory())), "the default H2 store is under the working directory");

            String log = server.stop();
            assertCleanLog(log);
        }
    }

    @Test
    @ExtendWith(PostgresServer.class)
    void postgresStoreNamedByHelplineConfig_formEndToEndThenACleanStop(PostgresServer pg) throws Exception {
        // A partner on PostgreSQL: its driver instead of H2's, the store named in the operator's own file.
        Path war = StandaloneServer.variant(StandaloneServer.WAR, runDir.resolve("pg.war"),
                name -> name.matches("WEB-INF/lib/h2-.*\\.jar"), StandaloneServer.postgresDriver());
        String url = pg.newDatabase();
        Path ops = Files.writeString(runDir.resolve("helpline-ops.properties"),
                "helpline.callback.store.url=" + url + "\n");
        try (StandaloneServer server = newServer(runDir)) {
            server.systemProperty("helpline.config", ops.toString()).start(war, pages().get(0));
            assertWidgetOnce(server, pages().get(0), true);
            submitBothWays(server, pages().get(0));
            String log = server.stop();
            assertCleanLog(log);
            assertFalse(Files.exists(runDir.resolve(storeDirectory())), "no H2 file store was made");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM helpline_callback WHERE phone_e164 = '+14159267381'")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "both requests are in PostgreSQL");
        }
    }

    /**
     * The jar in a WAR that has no configuration: the application starts, its pages pass
     * through untouched, and nothing is stored anywhere.
     */
    void assertHarmlessWithoutConfiguration(String page) throws Exception {
        Path war = StandaloneServer.variant(StandaloneServer.WAR, runDir.resolve("unconfigured.war"),
                name -> name.equals("WEB-INF/classes/helpline.properties"));
        try (StandaloneServer server = newServer(runDir)) {
            server.start(war, page);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri(page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertFalse(r.body().contains("data-helpline=\""), r.body()); // the host's own data-helpline-slot stays
            String log = server.stop();
            assertEquals(0, count(log, "helpline: widget ready"), log);
            for (String line : log.split("\\R")) {
                assertFalse(LEAK.matcher(line).find() || SEVERE.matcher(line).find(), "log line: " + line + "\n" + log);
            }
            assertFalse(Files.exists(runDir.resolve(storeDirectory())), "no store was made");
        }
    }

    /** Where the default store's file goes: under the server's working directory. */
    String storeDirectory() {
        return "helpline-data";
    }

    /** The banner, the disclosure and (when the store works) the form, each exactly once. */
    Document assertWidgetOnce(StandaloneServer server, String path, boolean form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        Document doc = Jsoup.parse(r.body());
        assertEquals(1, doc.select("[data-helpline=banner]").size(), path + ":\n" + r.body());
        assertEquals(1, doc.select("[data-helpline=disclosure]").size(), path);
        assertEquals(form ? 1 : 0, doc.select("form[data-helpline=form]").size(), path);
        assertEquals(form ? 1 : 0, doc.select("a.helpline-open-form").size(), path + ": a link to the form only with a form");
        assertEquals(1, doc.select("link[data-helpline=style]").size(), path);
        assertEquals(1, doc.select("script[data-helpline=script]").size(), path);
        Element number = doc.selectFirst("article a[data-helpline=tel]");
        assertNotNull(number, path + ": the article's number is linked");
        assertEquals("tel:+18006013889", number.attr("href"));
        return doc;
    }

    void assertAssetsMatchTheirIntegrity(StandaloneServer server, String page) throws Exception {
        Document doc = Jsoup.parse(http.send(HttpRequest.newBuilder(server.uri(page)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (Element e : doc.select("link[data-helpline=style], script[data-helpline=script]")) {
            String url = e.hasAttr("href") ? e.attr("href") : e.attr("src");
            String integrity = e.attr("integrity");
            assertTrue(integrity.startsWith("sha384-"), integrity);
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.uri(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), url);
            String actual = "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(r.body()));
            assertEquals(integrity, actual, url + " matches its integrity attribute");
            String type = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith(url.endsWith(".css") ? "text/css" : "text/javascript")
                    || type.startsWith("application/javascript"), url + ": " + type);
        }
    }

    /** The form without JavaScript (303 back to the page) and the widget's fetch (202 JSON), each on a fresh page. */
    void submitBothWays(StandaloneServer server, String page) throws Exception {
        String origin = "http://127.0.0.1:" + server.port;
        for (boolean json : new boolean[] {false, true}) {
            long shown = System.nanoTime();
            Document doc = assertWidgetOnce(server, page, true);
            Element form = doc.selectFirst("form[data-helpline=form]");
            String token = form.selectFirst("input[name=token]").val();
            assertFalse(token.isEmpty());
            long wait = FILL_TIME.toNanos() - (System.nanoTime() - shown);
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            HttpRequest.Builder post = HttpRequest.newBuilder(server.uri(form.attr("action")))
                    .header("Origin", origin).header("Referer", origin + page);
            HttpResponse<String> r;
            if (json) {
                String body = JSON.createObjectNode().put("phone", VISITOR).put("consent", true).put("token", token)
                        .put("website", "").toString();
                r = http.send(post.header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode(), r.body());
                assertEquals("accepted", JSON.readTree(r.body()).get("status").asText());
            } else {
                String body = "phone=" + URLEncoder.encode(VISITOR, StandardCharsets.UTF_8) + "&consent=yes&website=&token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8);
                r = http.send(post.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(303, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Location").orElse("").contains("helpline=sent"), r.headers().toString());
            }
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
            assertFalse(r.headers().allValues("Connection").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close")),
                    "an accepted request keeps the connection: " + r.headers());
        }
    }

    void assertRefusalsAreJson(StandaloneServer server) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri("/helpline/callback"))
                .header("Accept", "application/json").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertEquals("unsupported_media_type", JSON.readTree(r.body()).get("error").asText());
        r = http.send(HttpRequest.newBuilder(server.uri("/helpline/callback")).header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("method_not_allowed", JSON.readTree(r.body()).get("error").asText());
    }

    private static final Pattern LEAK = Pattern.compile(
            "(?i)memory leak|appears to have started a thread|failed to unregister|registered the JDBC driver"
                    + "|failed to stop it|ThreadLocal with key|delivery round failed");
    /** JUL's and Tomcat's level, Jetty's level, and any stack trace or exception message. */
    private static final Pattern SEVERE = Pattern.compile("\\bSEVERE\\b|:ERROR\\s*:|\\bERROR\\b|Exception\\b");

    /** No leak warning, nothing severe, and the widget started exactly once. */
    static void assertCleanLog(String log) {
        for (String line : log.split("\\R")) {
            assertFalse(LEAK.matcher(line).find() || SEVERE.matcher(line).find(),
                    "log line: " + line + "\n--- whole log ---\n" + log);
        }
        assertEquals(1, count(log, "helpline: widget ready"), "one filter, started once:\n" + log);
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}

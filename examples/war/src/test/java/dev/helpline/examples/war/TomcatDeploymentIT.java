package dev.helpline.examples.war;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.helpline.core.callback.PostgresServer;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example WAR on the standalone Tomcat 10.1 and 11 distributions. */
class TomcatDeploymentIT {
    static final String TOMCAT10 = System.getProperty("tomcat10.version", "10.1.49");
    static final String TOMCAT11 = System.getProperty("tomcat11.version", "11.0.14");

    @Nested
    class Tomcat10 extends DeploymentContract {
        @Override
        StandaloneServer newServer(Path runDir) throws Exception {
            return new StandaloneServer.Tomcat(TOMCAT10, runDir);
        }

        @Test
        void withoutAConfiguration_startsAndLeavesPagesAlone() throws Exception {
            assertHarmlessWithoutConfiguration("/");
        }

        @Test
        void refusedTricklingClients_closedUnreadAndPagesStillServed() throws Exception {
            assertRefusedTricklersLetGo(this, TOMCAT10);
        }
    }

    @Nested
    class Tomcat11 extends DeploymentContract {
        @Override
        StandaloneServer newServer(Path runDir) throws Exception {
            return new StandaloneServer.Tomcat(TOMCAT11, runDir);
        }

        @Test
        void refusedTricklingClients_closedUnreadAndPagesStillServed() throws Exception {
            assertRefusedTricklersLetGo(this, TOMCAT11);
        }

        /**
         * A partner who left the driver out: the pages keep their banner and disclosure, no
         * form is offered, one warning names the dependency to add, and a post that comes
         * anyway gets 503 in JSON.
         */
        @Test
        void withoutADriver_noFormOneWarning503Json() throws Exception {
            Path war = StandaloneServer.variant(StandaloneServer.WAR, runDir.resolve("nodriver.war"),
                    name -> name.matches("WEB-INF/lib/h2-.*\\.jar"));
            try (StandaloneServer server = newServer(runDir)) {
                server.start(war, "/");
                for (String page : pages()) {
                    Document doc = assertWidgetOnce(server, page, false);
                    assertTrue(doc.select("#helpline-callback").isEmpty(), page);
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri("/helpline/callback"))
                        .header("Accept", "application/json").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
                JsonNode body = json(r.body());
                assertEquals("unavailable", body.get("error").asText());
                String log = server.stop();
                assertEquals(1, count(log, "com.h2database:h2"), "one warning naming the fix:\n" + log);
                assertTrue(log.contains("helpline.callback.store.jndi"), log);
                assertCleanLog(log);
            }
        }

        /**
         * The store on a DataSource Tomcat manages ({@code helpline.callback.store.jndi}): the
         * resource in the application's {@code META-INF/context.xml}, its driver in Tomcat's
         * {@code lib/}, no driver in the WAR.
         */
        @Test
        @ExtendWith(PostgresServer.class)
        void containerDataSourceByJndi_formEndToEndWithoutADriverInTheWar(PostgresServer pg) throws Exception {
            String url = pg.newDatabase();
            String context = "<Context>\n  <Resource name=\"jdbc/helpline\" type=\"javax.sql.DataSource\" auth=\"Container\"\n"
                    + "            driverClassName=\"org.postgresql.Driver\" url=\"" + url + "\" maxTotal=\"8\"/>\n</Context>\n";
            Path war = StandaloneServer.variant(StandaloneServer.WAR, runDir.resolve("jndi.war"),
                    name -> name.matches("WEB-INF/lib/h2-.*\\.jar"),
                    Map.of("META-INF/context.xml", context.getBytes(StandardCharsets.UTF_8)));
            Path ops = Files.writeString(runDir.resolve("helpline-ops.properties"), "helpline.callback.store.jndi=jdbc/helpline\n");
            try (StandaloneServer.Tomcat server = (StandaloneServer.Tomcat) newServer(runDir)) {
                Files.copy(StandaloneServer.postgresDriver(), server.lib().resolve("postgresql.jar"));
                server.systemProperty("helpline.config", ops.toString()).start(war, "/");
                submitBothWays(server, "/");
                String log = server.stop();
                assertTrue(log.contains("JNDI jdbc/helpline"), "the store named in the log:\n" + log);
                assertCleanLog(log);
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM helpline_callback")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "both requests are in the container's database");
            }
        }
    }

    /** Request threads of the Tomcat under attack: far fewer than the clients refused. */
    static final int FEW_THREADS = 4;

    /**
     * Issue J: Tomcat read ("swallowed") the rest of a declared body after the endpoint had
     * refused it unread, on a request thread, for as long as the client kept trickling bytes.
     * Here {@value #FEW_THREADS} request threads face 11 refused clients that keep trickling
     * after their answer (5 over their per-IP allowance: 429; 6 beyond the 32 submissions in
     * flight: 503) and 32 that hold the places in flight until the 10 s body deadline (408).
     * Every one must get its answer (JSON, {@code Connection: close}) and then be closed by
     * the server while it still owes almost all of its body, and pages loaded meanwhile must
     * all be served. Only keys that existed before the fix are set, so that the same test ran
     * against the WAR of before: there the first four 429s held all four threads, nothing
     * else was answered, and the pages timed out.
     */
    static void assertRefusedTricklersLetGo(DeploymentContract contract, String version) throws Exception {
        long budget = 16_000; // past the 10 s body deadline, far short of the 4,000 bytes at 2 a second
        try (StandaloneServer.Tomcat server = new StandaloneServer.Tomcat(version, contract.runDir)) {
            server.maxThreads(FEW_THREADS)
                    .systemProperty("helpline.callback.rate-limit.per-minute", "1")
                    .systemProperty("helpline.callback.trusted-proxies", "127.0.0.1")
                    .start(StandaloneServer.WAR, "/");
            List<TricklingClient> clients = new ArrayList<>();
            // From the site's own address: the first is admitted (and holds a place), five are over the limit.
            clients.add(new TricklingClient(server.port, null, budget));
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                clients.add(new TricklingClient(server.port, null, budget));
            }
            // Through the trusted proxy, each its own address: 31 take the other places, six find none.
            for (int i = 1; i <= 31; i++) {
                clients.add(new TricklingClient(server.port, "198.18.0." + i, budget));
            }
            Thread.sleep(1_000);
            for (int i = 1; i <= 6; i++) {
                clients.add(new TricklingClient(server.port, "198.18.1." + i, budget));
            }

            List<String> pages = new ArrayList<>();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            while (clients.stream().anyMatch(TricklingClient::alive)) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri("/")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    pages.add(r.statusCode() + (r.body().contains("data-helpline=\"banner\"") ? "" : " without the widget"));
                } catch (java.io.IOException e) {
                    pages.add(e.toString());
                }
                Thread.sleep(200);
            }
            for (TricklingClient c : clients) {
                c.join();
            }

            Map<String, Long> statuses = clients.stream().collect(Collectors.groupingBy(TricklingClient::status,
                    TreeMap::new, Collectors.counting()));
            String all = statuses + "\n" + clients.stream().map(TricklingClient::toString).collect(Collectors.joining("\n---\n"));
            assertEquals(Map.of("408", 32L, "429", 5L, "503", 6L), statuses, all);
            Map<String, String> errors = Map.of("408", "timeout", "429", "rate_limited", "503", "busy");
            for (TricklingClient c : clients) {
                assertTrue(c.closedByServer(), "closed by the server, not drained: " + c);
                assertTrue(c.bytesSent() < TricklingClient.DECLARED_LENGTH / 10, c.toString());
                assertTrue(c.saysConnectionClose(), c.toString());
                assertTrue(c.answer().contains("\"error\":\"" + errors.get(c.status()) + "\""), c.toString());
            }
            assertTrue(pages.size() >= 5, "pages loaded during the attack: " + pages);
            assertEquals(List.of("200"), pages.stream().distinct().toList(), "every page served during the attack: " + pages);
            DeploymentContract.assertCleanLog(server.stop());
        }
    }
}

package dev.helpline.examples.war;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.helpline.core.callback.PostgresServer;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

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
    }

    @Nested
    class Tomcat11 extends DeploymentContract {
        @Override
        StandaloneServer newServer(Path runDir) throws Exception {
            return new StandaloneServer.Tomcat(TOMCAT11, runDir);
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
}

package dev.helpline.examples.war;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.helpline.core.callback.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example WAR on the standalone Jetty 12.1 distribution (ee10), in a base made with
 * {@code start.jar --add-modules=…} as an operator makes one.
 */
class JettyDeploymentIT {
    /**
     * The store on a DataSource Jetty manages ({@code helpline.callback.store.jndi}): the
     * {@code ee10-plus} and {@code ext} modules, the resource in the application's
     * {@code WEB-INF/jetty-env.xml}, the driver in the base's {@code lib/ext}, none in the WAR.
     */
    @Nested
    class WithAJndiDataSource {
        @TempDir
        Path runDir;

        @Test
        @ExtendWith(PostgresServer.class)
        void containerDataSourceByJndi_formEndToEndWithoutADriverInTheWar(PostgresServer pg) throws Exception {
            String url = pg.newDatabase();
            String env = "<?xml version=\"1.0\"?>\n"
                    + "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"https://jetty.org/configure_10_0.dtd\">\n"
                    + "<Configure id=\"wac\" class=\"org.eclipse.jetty.ee10.webapp.WebAppContext\">\n"
                    + "  <New id=\"helpline\" class=\"org.eclipse.jetty.plus.jndi.Resource\">\n"
                    + "    <Arg><Ref refid=\"wac\"/></Arg>\n"
                    + "    <Arg>jdbc/helpline</Arg>\n"
                    + "    <Arg><New class=\"org.postgresql.ds.PGSimpleDataSource\"><Set name=\"url\">" + url + "</Set></New></Arg>\n"
                    // Without a <resource-ref> in web.xml (this WAR has none), the name is put into java:comp/env here.
                    + "    <Call name=\"bindToENC\"><Arg>jdbc/helpline</Arg></Call>\n"
                    + "  </New>\n"
                    + "</Configure>\n";
            Path war = StandaloneServer.variant(StandaloneServer.WAR, runDir.resolve("jndi.war"),
                    name -> name.matches("WEB-INF/lib/h2-.*\\.jar"),
                    Map.of("WEB-INF/jetty-env.xml", env.getBytes(StandardCharsets.UTF_8)));
            DeploymentContract contract = new DeploymentContract() {
                @Override
                StandaloneServer newServer(Path dir) {
                    throw new UnsupportedOperationException();
                }
            };
            try (StandaloneServer.Jetty server = new StandaloneServer.Jetty(JETTY, runDir,
                    "http,ee10-deploy,ee10-webapp,ee10-plus,ext")) {
                Files.copy(StandaloneServer.postgresDriver(), server.extLib().resolve("postgresql.jar"));
                server.systemProperty("helpline.callback.store.jndi", "jdbc/helpline").start(war, "/guide.html");
                contract.submitBothWays(server, "/guide.html");
                String log = server.stop();
                assertTrue(log.contains("JNDI jdbc/helpline"), "the store named in the log:\n" + log);
                DeploymentContract.assertCleanLog(log);
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM helpline_callback")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "both requests are in the container's database");
            }
        }
    }

    static final String JETTY = System.getProperty("jetty.version", "12.1.5");

    /**
     * The modules a site with annotated servlets enables anyway ({@code ee10-annotations}
     * for its {@code @WebServlet} home page): both pages get the widget.
     */
    @Nested
    class WithAnnotations extends DeploymentContract {
        @Override
        StandaloneServer newServer(Path runDir) throws Exception {
            return new StandaloneServer.Jetty(JETTY, runDir, "http,ee10-deploy,ee10-webapp,ee10-annotations");
        }
    }

    /**
     * Only {@code http}, {@code ee10-deploy} and {@code ee10-webapp}: no
     * {@code ServletContainerInitializer} runs, and the jar's {@code web-fragment.xml}
     * registers the filter instead. The site's own {@code @WebServlet} page is not there
     * (that needs annotations), so the static page is checked.
     */
    @Nested
    class WithoutAnnotations extends DeploymentContract {
        @Override
        StandaloneServer newServer(Path runDir) throws Exception {
            return new StandaloneServer.Jetty(JETTY, runDir, "http,ee10-deploy,ee10-webapp");
        }

        @Override
        List<String> pages() {
            return List.of("/guide.html");
        }

        /** The fragment's filter, with nothing to configure it, stays out of the way. */
        @Test
        void withoutAConfiguration_startsAndLeavesPagesAlone() throws Exception {
            assertHarmlessWithoutConfiguration("/guide.html");
        }
    }
}

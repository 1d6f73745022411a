package dev.helpline.examples.war;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * The example WAR on the standalone Jetty 12.1 distribution (ee10), in a base made with
 * {@code start.jar --add-modules=…} as an operator makes one.
 */
class JettyDeploymentIT {
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

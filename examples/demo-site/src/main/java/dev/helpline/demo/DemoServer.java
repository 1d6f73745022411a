package dev.helpline.demo;

import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.servlet.HelplineFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import dev.helpline.demo.intake.IntakeServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * The demo site on embedded Jetty 12: the bundled articles (or a directory's static files)
 * served by Jetty's own {@link DefaultServlet} — real ETag, Range, HEAD and 304 handling —
 * behind {@link SecurityHeadersFilter} (a strict Content-Security-Policy) and
 * {@link HelplineFilter}, with the container's gzip compression outside the chain.
 */
public final class DemoServer implements AutoCloseable {
    /**
     * Signs the demo's deliveries to its own {@code /intake} receiver. A demo value only:
     * a real site sets {@code helpline.callback.webhook.secret} to the operator's secret.
     */
    static final String INTAKE_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "helpline demo intake secret, not for production".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    /**
     * The bearer token of the demo's operator endpoint ({@code POST /helpline/admin/delete}).
     * A demo value only: a real site sets {@code helpline.admin.token} to a secret of its own,
     * or leaves it empty to keep the endpoint off.
     */
    public static final String ADMIN_TOKEN = "demo-operator-token-not-for-production-use";

    private final Server server;
    private final ServerConnector connector;

    private DemoServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts the site.
     *
     * @param port       the port, {@code null} for 8080, 0 for any free port
     * @param configFile layered over the bundled configuration, or {@code null}
     * @param docroot    a directory to serve instead of the bundled articles, or {@code null}
     * @throws dev.helpline.core.config.ConfigException on a bad configuration
     */
    public static DemoServer start(Integer port, Path configFile, Path docroot) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port == null ? 8080 : port);
        server.addConnector(connector);
        // Bound before the configuration is read, so that the default webhook can name this port.
        connector.open();
        HelplineConfig config;
        try {
            config = ConfigLoader.standard().defaults(Map.of(
                    "helpline.callback.webhook.url", "http://127.0.0.1:" + connector.getLocalPort() + "/intake",
                    "helpline.callback.webhook.secret", INTAKE_SECRET,
                    "helpline.admin.token", ADMIN_TOKEN)).file(configFile).load();
        } catch (RuntimeException e) {
            connector.close();
            throw e;
        }

        ServletContextHandler context = new ServletContextHandler("/");
        Resource base = docroot != null
                ? ResourceFactory.of(context).newResource(docroot.toAbsolutePath())
                : ResourceFactory.of(context).newClassLoaderResource("site/");
        if (base == null) {
            throw new IllegalStateException("the bundled site is missing from the jar");
        }
        context.setBaseResource(base);
        context.setWelcomeFiles(new String[] {"index.html"});
        // First the host's own headers (a strict CSP), then the widget, which reads that policy's nonce.
        context.addFilter(new FilterHolder(new SecurityHeadersFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder helpline = new FilterHolder(new HelplineFilter(config));
        helpline.setAsyncSupported(true); // the callback endpoint reads form bodies without holding a thread
        context.addFilter(helpline, "/*", EnumSet.of(DispatcherType.REQUEST));

        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        context.addServlet(files, "/");
        context.addServlet(new ServletHolder("intake", new IntakeServlet(INTAKE_SECRET)), "/intake");

        GzipHandler gzip = new GzipHandler();
        gzip.setHandler(context);
        server.setHandler(gzip);
        server.setStopAtShutdown(true);
        server.start();
        return new DemoServer(server, connector);
    }

    /** Where the site answers, e.g. {@code http://localhost:8080/}. */
    public URI uri() {
        return URI.create("http://localhost:" + connector.getLocalPort() + "/");
    }

    public int port() {
        return connector.getLocalPort();
    }

    void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

package dev.helpline.benchmarks.e2e;

import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.render.Widget;
import dev.helpline.servlet.HelplineFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.sitemesh.builder.SiteMeshFilterBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One server of the end-to-end harness: embedded Jetty 12.1 (ee10) on 127.0.0.1 serving
 * the {@link E2ePage} three ways ({@link PagePath}), plus {@code /flush} (a host that
 * flushes early, for time to first byte) and the allocation statistics
 * ({@link AllocationMeter#STATS}), with one {@link Variant} in the chain.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.helpline.benchmarks.e2e.E2eServer VARIANT WORKDIR [PORT]</pre>
 *
 * <p>Writes the page (and SiteMesh's decorator) under {@code WORKDIR/docroot}, keeps the
 * callback form's store under {@code WORKDIR/data}, prints {@code listening PORT} once it
 * serves, and runs until killed.
 */
public final class E2eServer implements AutoCloseable {
    /** The size of the article the page is made from (the page is 102,469 bytes plus the slot). */
    public static final int ARTICLE_BYTES = 100 * 1024;
    /** SiteMesh 3.2 looks decorators up under {@code /WEB-INF/decorators/}. */
    static final String DECORATOR = "widget.html";
    private static final String DECORATOR_FILE = "WEB-INF/decorators/" + DECORATOR;

    private final Server server;
    private final ServerConnector connector;

    private E2eServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: E2eServer none|wrapper|banner|full|sitemesh WORKDIR [PORT]");
            System.exit(2);
        }
        E2eServer server = start(Variant.of(args[0]), Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 0);
        System.out.println("listening " + server.port());
        System.out.flush();
        server.server.join();
    }

    /** Starts a server for {@code variant}, on {@code port} (0: any free one). */
    public static E2eServer start(Variant variant, Path workDir, int port) throws Exception {
        E2ePage page = E2ePage.of(ARTICLE_BYTES);
        Path docroot = workDir.resolve("docroot");
        Files.createDirectories(docroot.resolve(DECORATOR_FILE).getParent());
        Files.write(docroot.resolve(PagePath.STATIC.uri().substring(1)), page.bytes());

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setBaseResourceAsPath(docroot.toAbsolutePath());
        AllocationMeter meter = new AllocationMeter();
        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        // Async support as the container's defaults and the widget's own registration have
        // it, except for SiteMesh (see SiteMeshShim).
        boolean async = variant != Variant.SITEMESH;
        context.addFilter(holder(meter, async), "/*", request);
        switch (variant) {
            case NONE -> {
            }
            case WRAPPER -> context.addFilter(holder(new PassThroughFilter(), async), "/*", request);
            case BANNER, FULL -> context.addFilter(holder(new HelplineFilter(config(variant, workDir)), async), "/*", request);
            case SITEMESH -> {
                Files.writeString(docroot.resolve(DECORATOR_FILE), decorator(config(Variant.BANNER, workDir)));
                Filter sitemesh = new SiteMeshFilterBuilder().addDecoratorPath("/*", DECORATOR).create();
                context.addFilter(holder(sitemesh, false), "/*", request);
                context.addFilter(holder(new SiteMeshShim(), false), "/*",
                        EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE));
            }
        }

        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        files.setAsyncSupported(async);
        context.addServlet(files, "/");
        context.addServlet(servlet(new PageServlets.OneWrite(page), async), PagePath.ONE_WRITE.uri());
        context.addServlet(servlet(new PageServlets.Prints(page), async), PagePath.PRINTS.uri());
        context.addServlet(servlet(new PageServlets.Flushing(page), async), "/flush");
        context.addServlet(servlet(meter.new Stats(), async), AllocationMeter.STATS);

        server.setHandler(context);
        server.start();
        return new E2eServer(server, connector);
    }

    private static FilterHolder holder(Filter filter, boolean async) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(async);
        return holder;
    }

    private static ServletHolder servlet(jakarta.servlet.Servlet servlet, boolean async) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(async);
        return holder;
    }

    /**
     * The widget's configuration for a variant: the README's keys, the callback form on (as
     * by default) with its store in the work directory and no webhook.
     */
    static HelplineConfig config(Variant variant, Path workDir) {
        Map<String, String> keys = new HashMap<>();
        keys.put("helpline.phone", E2ePage.HELPLINE);
        keys.put("helpline.operator.name", "American Addiction Centers");
        keys.put("helpline.site.name", "Example Health");
        keys.put("helpline.callback.store.url",
                "jdbc:h2:file:" + workDir.toAbsolutePath().resolve("data").resolve("callbacks"));
        if (variant == Variant.BANNER) {
            keys.put("helpline.inline.enabled", "false");
            keys.put("helpline.cta.enabled", "false");
        } else if (variant != Variant.FULL) {
            throw new IllegalArgumentException(variant + " has no widget configuration");
        }
        // As defaults: the usual sources (system properties, HELPLINE_* variables) still win.
        return ConfigLoader.standard().defaults(keys).load();
    }

    /**
     * SiteMesh's decorator: the page's head and body where SiteMesh puts them, with the
     * widget's body start (the same markup our filter writes, without a per-response
     * token) in front of the body.
     */
    static String decorator(HelplineConfig config) {
        String widget = Widget.render(config, "").bodyStart();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<sitemesh:write property='head'/>\n</head>\n"
                + "<body class=\"article-page\">\n" + widget + "<sitemesh:write property='body'/>\n</body>\n</html>\n";
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    static void deleteQuietly(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

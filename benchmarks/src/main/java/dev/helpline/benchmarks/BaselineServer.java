package dev.helpline.benchmarks;

import dev.helpline.benchmarks.e2e.PassThroughFilter;

import dev.helpline.demo.SecurityHeadersFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The demo's static-file stack with, in the widget filter's place, a filter that does the
 * least any response-rewriting filter must do: wrap the request and the response, drop the
 * host's Content-Length (the page's length changes) and pass every write on. Measured next
 * to the demo by {@code wrk-demo.sh}, it shows what wrapping alone costs on this servlet,
 * which serves an unwrapped response straight from its cached buffer.
 *
 * <p>Runs on the demo jar's classpath: {@code java -cp helpline-demo.jar:benchmarks.jar
 * dev.helpline.benchmarks.BaselineServer PORT DOCROOT}.
 */
public final class BaselineServer {
    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BaselineServer PORT DOCROOT");
            System.exit(2);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);

        // As DemoServer sets it up, apart from the filter.
        ServletContextHandler context = new ServletContextHandler("/");
        context.setBaseResourceAsPath(Path.of(args[1]).toAbsolutePath());
        context.addFilter(new FilterHolder(new SecurityHeadersFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new PassThroughFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        context.addServlet(files, "/");
        GzipHandler gzip = new GzipHandler();
        gzip.setHandler(context);
        server.setHandler(gzip);
        server.start();
        server.join();
    }
}

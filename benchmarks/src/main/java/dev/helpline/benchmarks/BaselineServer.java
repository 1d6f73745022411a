package dev.helpline.benchmarks;

import dev.helpline.demo.SecurityHeadersFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;

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

    /** Wraps and passes on; changes nothing but the missing Content-Length. */
    static final class PassThroughFilter implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) req),
                    new PassThroughResponse((HttpServletResponse) res));
        }
    }

    static final class PassThroughResponse extends HttpServletResponseWrapper {
        private ServletOutputStream out;

        PassThroughResponse(HttpServletResponse response) {
            super(response);
        }

        private static boolean isLength(String name) {
            return name.toLowerCase(Locale.ROOT).equals("content-length");
        }

        @Override
        public void setContentLength(int len) {
        }

        @Override
        public void setContentLengthLong(long len) {
        }

        @Override
        public void setHeader(String name, String value) {
            if (!isLength(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!isLength(name)) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (!isLength(name)) {
                super.setIntHeader(name, value);
            }
        }

        @Override
        public void addIntHeader(String name, int value) {
            if (!isLength(name)) {
                super.addIntHeader(name, value);
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                ServletOutputStream target = super.getOutputStream();
                out = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        target.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        target.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        target.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        target.close();
                    }

                    @Override
                    public boolean isReady() {
                        return target.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        target.setWriteListener(listener);
                    }
                };
            }
            return out;
        }
    }
}

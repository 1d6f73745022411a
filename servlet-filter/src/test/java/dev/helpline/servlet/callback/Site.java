package dev.helpline.servlet.callback;

import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.TestCallbacks;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.servlet.AdminEndpoint;
import dev.helpline.servlet.CallbackEndpoint;
import dev.helpline.servlet.HelplineListener;
import dev.helpline.servlet.StopEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Jetty 12 site for tests: a filter that hands the form path to {@link CallbackEndpoint},
 * the stop form's to {@link StopEndpoint} and, with an admin token, the operator's deletion
 * endpoint to {@link AdminEndpoint} (as HelplineFilter does) and a page servlet that shows the post/redirect/get result and a
 * fresh form token.
 */
public final class Site implements AutoCloseable {
    public final HelplineConfig config;
    public final CallbackService service;
    /** The endpoint's answers so far, by result ({@code accepted}, {@code spam}, {@code token-missing}, ...). */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> answers = new java.util.concurrent.ConcurrentHashMap<>();
    /** A request carrying this header has its answer held back by {@link #holdAfterAnswer}. */
    public static final String HOLD_HEADER = "X-Test-Hold";
    /**
     * While set, the endpoint answering a request that carries {@link #HOLD_HEADER} has its
     * answer sent and flushed to the client, then waits (up to 10 s) for this latch before it
     * returns from writing: whatever the endpoint still does after its answer happens after
     * the client has it.
     */
    public volatile CountDownLatch holdAfterAnswer;
    private final Server server;
    private final ServerConnector connector;

    public Site(HelplineConfig config, Clock clock, boolean deliverInBackground, int port) throws Exception {
        this(config, clock, deliverInBackground, port, false);
    }

    /**
     * A site whose filter is async-supported or not (the endpoints' body deadline and bound
     * are the configuration's: {@code helpline.callback.body-deadline}, {@code max-in-flight}).
     */
    public Site(HelplineConfig config, Clock clock, boolean deliverInBackground, int port, boolean asyncSupported)
            throws Exception {
        this.config = config;
        this.service = TestCallbacks.start(config, clock, deliverInBackground);
        CallbackEndpoint endpoint = new CallbackEndpoint(config, service, new HelplineListener() {
            @Override
            public void callbackAnswered(String result, int status) {
                answers.computeIfAbsent(result, r -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            }
        });
        StopEndpoint stop = new StopEndpoint(config, service, "");
        AdminEndpoint admin = config.rights().adminEnabled() ? new AdminEndpoint(config, service) : null;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler("/");
        Filter filter = (req, res, chain) -> {
            HttpServletRequest r = (HttpServletRequest) req;
            CountDownLatch hold = holdAfterAnswer;
            HttpServletResponse response = hold != null && r.getHeader(HOLD_HEADER) != null
                    ? new HoldingResponse((HttpServletResponse) res, hold) : (HttpServletResponse) res;
            if (endpoint.matches(r)) {
                endpoint.handle(r, response);
            } else if (stop.matches(r)) {
                stop.handle(r, response);
            } else if (admin != null && admin.matches(r)) {
                admin.handle(r, response);
            } else {
                chain.doFilter(req, res);
            }
        };
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(asyncSupported);
        ctx.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        ctx.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/plain;charset=utf-8");
                var result = CallbackEndpoint.fromQuery(req.getQueryString());
                res.getWriter().write("status=" + result.status() + "\nerrors=" + result.fieldErrors().keySet()
                        + "\ntoken=" + service.issueToken() + "\n");
            }
        }), "/*");
        server.setHandler(ctx);
        server.start();
    }

    public static Map<String, String> props(String storeUrl, Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>();
        p.put("helpline.phone", "800-601-3889");
        p.put("helpline.operator.name", "Example Recovery Line");
        p.put("helpline.callback.store.url", storeUrl);
        p.put("helpline.callback.token.secret", "test-token-secret-test-token-secret");
        p.putAll(overrides);
        return p;
    }

    /**
     * How many answers of the callback endpoint had a result starting with {@code result},
     * once there are {@code expected} of them or 5 s have passed: the endpoint tells its
     * listener after the answer is written, so the client may read it a moment before.
     */
    public int answered(String result, int expected) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        int n;
        while ((n = answers.entrySet().stream().filter(e -> e.getKey().startsWith(result))
                .mapToInt(e -> e.getValue().get()).sum()) < expected && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return n;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** A response whose body writes are flushed at once and then wait for a latch. */
    private static final class HoldingResponse extends HttpServletResponseWrapper {
        private final CountDownLatch latch;
        private ServletOutputStream out;

        HoldingResponse(HttpServletResponse response, CountDownLatch latch) {
            super(response);
            this.latch = latch;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                ServletOutputStream real = super.getOutputStream();
                out = new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return real.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        real.setWriteListener(listener);
                    }

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        real.write(b, off, len);
                        real.flush();
                        try {
                            latch.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
            }
            return out;
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        service.close();
    }
}

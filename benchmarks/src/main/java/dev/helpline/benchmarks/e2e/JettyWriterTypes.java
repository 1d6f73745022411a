package dev.helpline.benchmarks.e2e;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No filter at all: shows that Jetty 12's response writer gets several times slower for
 * every page once it has been handed three kinds of writes. Jetty encodes each write
 * through one {@code append(CharSequence)} loop and passes it a view of a large
 * {@code String} (it slices those), a whole small {@code String}, or a wrapper around a
 * {@code char[]}; once that loop has seen all three, the JIT stops inlining the
 * {@code CharSequence} calls in it. The harness's widget servers hit this (the rewriter
 * hands Jetty {@code char[]}s, the pass-through the host's {@code String}s, large and
 * small), the server without a filter does not.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.helpline.benchmarks.e2e.JettyWriterTypes</pre>
 *
 * <p>Runs wrk (2 threads, 16 connections) against one {@code write(page)} servlet three
 * times: alone, after traffic of 50-char prints, after traffic of 256-char {@code char[]}
 * writes; prints this process's CPU per request for each (about 2 minutes).
 */
public final class JettyWriterTypes {
    private JettyWriterTypes() {
    }

    public static void main(String[] args) throws Exception {
        E2ePage page = E2ePage.of(E2eServer.ARTICLE_BYTES);
        char[] chars = page.html().toCharArray();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new PageServlets.OneWrite(page)), "/one");
        context.addServlet(new ServletHolder(new PageServlets.Prints(page)), "/prints");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/html;charset=UTF-8");
                PrintWriter out = res.getWriter();
                for (int i = 0; i < chars.length; i += 256) {
                    out.write(chars, i, Math.min(256, chars.length - i));
                }
            }
        }), "/chars");
        server.setHandler(context);
        server.start();
        try {
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            wrk(base + "/one", 12);
            report("one write(page), alone", base + "/one");
            wrk(base + "/prints", 10);
            report("one write(page), after 50-char prints", base + "/one");
            wrk(base + "/chars", 10);
            report("one write(page), after char[] writes too", base + "/one");
        } finally {
            server.stop();
        }
    }

    private static void report(String what, String url) throws Exception {
        long pid = ProcessHandle.current().pid();
        long before = EndToEnd.cpuTicks(pid);
        String out = wrk(url, 8);
        long after = EndToEnd.cpuTicks(pid);
        Matcher m = Pattern.compile("(\\d+) requests in").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no request count:\n" + out);
        }
        long requests = Long.parseLong(m.group(1));
        // This process runs nothing else meanwhile: its CPU is the server's.
        System.out.printf(Locale.ROOT, "%-45s %,9d requests, %5.0f µs CPU per request%n", what, requests,
                (after - before) * 1e6 / EndToEnd.clockTicks() / requests);
    }

    private static String wrk(String url, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", url).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("wrk failed:\n" + out);
            }
            return out;
        }
    }
}

package dev.helpline.servlet.compat;

import dev.helpline.servlet.HelplineFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The callback form through the real filter on each container: the body is read with the
 * container's non-blocking reads (the filter is async-supported), the per-IP limit is taken
 * before the body, a body cut short is a 400. Issue J §2 and §10.
 */
class CallbackMatrixTest {
    static Stream<Matrix.Kind> kinds() {
        return Matrix.containers();
    }

    private static String token(int port) throws IOException {
        String page = RawHttp.get(port, "/article").text();
        int at = page.indexOf("name=\"token\" value=\"");
        assertTrue(at > 0, page);
        int start = at + "name=\"token\" value=\"".length();
        return page.substring(start, page.indexOf('"', start));
    }

    private static String post(int port, String body, int declaredLength, boolean closeEarly) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            String head = "POST /helpline/callback HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://127.0.0.1:"
                    + port + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
                    + declaredLength + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write((head + body).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            if (closeEarly) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void callback_asyncReadLimitBeforeBodyAndShortBody(Matrix.Kind kind) throws Exception {
        HelplineFilter filter = new HelplineFilter(dev.helpline.core.config.HelplineConfig.fromProperties(java.util.Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.store.url", "jdbc:h2:mem:matrix-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "helpline.callback.token.secret", "test-token-secret-test-token-secret",
                "helpline.callback.min-fill-time", "0", "helpline.callback.rate-limit.per-minute", "2")));
        try (Container c = kind.factory().get()) {
            int port = c.start(new App().filter(filter).servlet("/*", Matrix.servlet((req, res) -> {
                res.setContentType("text/html;charset=utf-8");
                res.getWriter().write(Matrix.PAGE);
            })));
            String body = "{\"phone\":\"212-736-5021\",\"consent\":true,\"token\":\"" + token(port) + "\"}";
            int length = body.getBytes(StandardCharsets.UTF_8).length;
            String accepted = post(port, body, length, false);
            assertTrue(accepted.startsWith("HTTP/1.1 202"), accepted);
            String cut = post(port, body.substring(0, 20), length, true);
            assertTrue(cut.isEmpty() || cut.startsWith("HTTP/1.1 400"), cut);
            // The allowance is spent: refused before a body that never comes is awaited.
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(2_000);
                s.getOutputStream().write(("POST /helpline/callback HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin:"
                        + " http://127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                        + "Content-Length: 4000\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                long t0 = System.nanoTime();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[1024];
                int n;
                try {
                    while ((n = in.read(buf)) >= 0) {
                        got.write(buf, 0, n);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    got.write(("\n[still open after " + (System.nanoTime() - t0) / 1_000_000 + " ms]").getBytes());
                }
                String refused = got.toString(StandardCharsets.UTF_8);
                assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
                assertTrue(refused.toLowerCase(Locale.ROOT).contains("retry-after:"), refused);
                if (kind.name().equals("jetty")) {
                    // Jetty closes at once. Tomcat keeps reading ("swallowing") the declared body
                    // after the answer before it closes: a known gap, see the README.
                    assertTrue(!refused.contains("[still open"), "the connection was closed: " + refused);
                }
            }
        } finally {
            filter.destroy();
        }
    }
}

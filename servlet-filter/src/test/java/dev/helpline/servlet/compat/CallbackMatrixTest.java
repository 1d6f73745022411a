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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                "helpline.callback.min-fill-time", "0", "helpline.callback.rate-limit.per-minute", "2",
                "helpline.callback.max-in-flight", "1", "helpline.callback.body-deadline", "PT2S",
                "helpline.callback.trusted-proxies", "127.0.0.1")));
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
            // The allowance is spent: refused before a body that never comes is awaited, and the
            // connection closed without reading it (Tomcat used to read the rest of the body first).
            Socket limited = openTrickle(port, null);
            assertRefusedAndClosed(limited, "429", "rate_limited");
            // Another client (through the trusted proxy) holds the one place in flight with a body
            // that never ends: the next is refused with 503, the holder cut off with 408 at the deadline.
            Socket holder = openTrickle(port, "198.51.100.1");
            Thread.sleep(300);
            Socket busy = openTrickle(port, "198.51.100.2");
            assertRefusedAndClosed(busy, "503", "busy");
            assertRefusedAndClosed(holder, "408", "timeout");
        } finally {
            filter.destroy();
        }
    }

    /** A POST declaring 4,000 bytes of which it sends one, from {@code forwardedFor} through the trusted proxy. */
    private static Socket openTrickle(int port, String forwardedFor) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(("POST /helpline/callback HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin:"
                + " http://127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + "Content-Length: 4000\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return s;
    }

    /**
     * The answer is {@code status} with {@code Connection: close} and a JSON {@code error}, and
     * then the server closes, while the client still owes almost all of its body: it was not
     * read. The wait is long enough for any answer here (the 2 s deadline included) and far
     * shorter than reading the rest of the body would take (a container draining it keeps the
     * connection open until the body or its own 20 s idle timeout).
     */
    private static void assertRefusedAndClosed(Socket s, String status, String error) throws IOException {
        try (s) {
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                got.write("\n[still open]".getBytes(StandardCharsets.UTF_8));
            } catch (java.net.SocketException e) {
                got.write(("\n[" + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
            }
            String answer = got.toString(StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close"), answer);
            assertTrue(answer.contains("\"error\":\"" + error + "\""), answer);
            assertFalse(answer.endsWith("[still open]"), "the connection was closed without reading the body: " + answer);
        }
    }
}

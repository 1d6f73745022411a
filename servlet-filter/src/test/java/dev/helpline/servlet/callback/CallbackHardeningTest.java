package dev.helpline.servlet.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.CallbackStore;
import dev.helpline.core.callback.MutableClock;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue J: the endpoint under clients that hold their bodies back, lie about their length,
 * spell one address many ways, or sit behind a TLS-terminating proxy. Raw sockets to a real
 * Jetty, since the interesting part is what happens before and while the body arrives.
 */
class CallbackHardeningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<Socket> sockets = new ArrayList<>();
    private Site site;

    private Site start(Map<String, String> overrides, Duration bodyDeadline, int maxInFlight, boolean async)
            throws Exception {
        Map<String, String> props = new LinkedHashMap<>(overrides);
        props.put("helpline.callback.body-deadline", bodyDeadline.toString());
        props.put("helpline.callback.max-in-flight", Integer.toString(maxInFlight));
        HelplineConfig config = HelplineConfig.fromProperties(
                Site.props("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), props));
        site = new Site(config, clock, false, 0, async);
        return site;
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (site != null) {
            site.close();
        }
    }

    private String body(String phone) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("phone", phone);
        f.put("consent", "yes");
        f.put("token", site.service.issueToken());
        clock.advance(Duration.ofSeconds(3));
        return JSON.writeValueAsString(f);
    }

    private static String head(String host, int length, String... headers) {
        StringBuilder b = new StringBuilder("POST /helpline/callback HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + length + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private Socket open(String raw) throws IOException {
        Socket s = new Socket("127.0.0.1", site.port());
        sockets.add(s);
        s.setSoTimeout(15_000);
        s.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return s;
    }

    /** The status line and headers, then as much body as Content-Length says. */
    private static String response(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int at = h.toLowerCase().indexOf("content-length:");
        if (at >= 0) {
            int n = Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
            return h + new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        return h;
    }

    private static int status(String response) {
        return response.length() < 12 ? -1 : Integer.parseInt(response.substring(9, 12));
    }

    private String post(String body, String... headers) throws IOException {
        String origin = site.origin();
        String[] all = new String[headers.length + 2];
        all[0] = "Origin";
        all[1] = origin;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return response(open(head("127.0.0.1:" + site.port(), body.getBytes(StandardCharsets.UTF_8).length, all) + body));
    }

    private long stored() {
        CallbackStore.Counts c = site.service.outbox().counts();
        return c.pending() + c.delivered() + c.undeliverable();
    }

    /**
     * Issue J §2: the limit applied only after a blocking read of the body, so a client over
     * its limit could still hold a request thread with a body that never came.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void overPerIpLimit_refusedBeforeTheBodyIsRead(boolean async) throws Exception {
        start(Map.of("helpline.callback.rate-limit.per-minute", "1"), Duration.ofSeconds(30), 32, async);
        assertEquals(202, status(post(body(TestNumbers.A))));
        Socket slow = open(head("127.0.0.1:" + site.port(), 4000, "Origin", site.origin()) + "{");
        String r = response(slow); // before the fix: no answer until the container's idle timeout
        assertEquals(429, status(r), r);
        assertTrue(r.contains("Retry-After:"), r);
    }

    /** Issue J §2: one byte every 200 ms of a 4,000-byte body; cut off at the deadline. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tricklingBody_408AtTheDeadline(boolean async) throws Exception {
        start(Map.of(), Duration.ofSeconds(1), 32, async);
        Socket slow = open(head("127.0.0.1:" + site.port(), 4000, "Origin", site.origin()));
        Thread trickle = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    slow.getOutputStream().write(' ');
                    slow.getOutputStream().flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection: expected
            }
        });
        trickle.setDaemon(true);
        trickle.start();
        String r = response(slow);
        trickle.interrupt();
        assertEquals(408, status(r), r);
        assertEquals(0, stored());
        assertEquals(202, status(post(body(TestNumbers.B))), "the endpoint took the next client at once");
    }

    /** Issue J §2: clients holding bodies back take at most the bound; the next one is told to retry. */
    @Test
    void inFlightBoundReached_503WithRetryAfterBeforeReading_thenFreedAgain() throws Exception {
        start(Map.of("helpline.callback.trusted-proxies", "127.0.0.1"), Duration.ofSeconds(30), 2, true);
        List<Socket> holding = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            holding.add(open(head("127.0.0.1:" + site.port(), 4000, "Origin", site.origin(),
                    "X-Forwarded-For", "198.51.100." + i) + "{"));
        }
        String r = "";
        for (int tries = 0; tries < 50 && status(r) != 503; tries++) { // until both are being read
            Thread.sleep(100);
            r = post(body(TestNumbers.A), "X-Forwarded-For", "198.51.100.9" + tries % 10);
        }
        assertEquals(503, status(r), r);
        assertTrue(r.contains("Retry-After: 1"), r);
        assertTrue(r.contains("\"error\":\"busy\""), r);
        for (Socket s : holding) {
            s.close();
        }
        String ok = "";
        for (int tries = 0; tries < 50 && status(ok) != 202; tries++) { // once the closed ones are let go
            Thread.sleep(100);
            ok = post(body(TestNumbers.B), "X-Forwarded-For", "203.0.113." + tries);
        }
        assertEquals(202, status(ok), ok);
    }

    /** Issue J §10: a body shorter than its Content-Length gave 500 and a stack trace. */
    @Test
    void bodyShorterThanItsLength_408NotA500() throws Exception {
        start(Map.of(), Duration.ofSeconds(1), 32, true);
        String b = body(TestNumbers.A);
        String r = response(open(head("127.0.0.1:" + site.port(), b.length() + 50, "Origin", site.origin()) + b));
        assertEquals(408, status(r), r);
        assertEquals(0, stored());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bodyShorterThanItsLengthThenClosed_400NotA500(boolean async) throws Exception {
        start(Map.of(), Duration.ofSeconds(10), 32, async);
        String b = body(TestNumbers.A);
        Socket s = open(head("127.0.0.1:" + site.port(), b.length() + 50, "Origin", site.origin()) + b);
        s.shutdownOutput();
        String r = response(s);
        assertTrue(r.isEmpty() || status(r) == 400, r);
        assertEquals(0, stored());
    }

    /** Issue J §10: trailing garbage, a second document or a repeated field was accepted. */
    @ParameterizedTest
    @ValueSource(strings = {" garbage", " {}", "{\"phone\":\"212-736-5021\"}"})
    void json_trailingContentOrSecondDocument_400(String after) throws Exception {
        start(Map.of(), Duration.ofSeconds(10), 32, false);
        String b = body(TestNumbers.A) + after;
        assertEquals(400, status(post(b)));
        String dup = body(TestNumbers.A).replaceFirst("\\{", "{\"phone\":\"303-486-2957\",");
        assertEquals(400, status(post(dup)), "a field given twice");
        assertEquals(0, stored());
    }

    /**
     * Issue J §4: behind a trusted proxy, each spelling of one client's address (a port per
     * connection, brackets, IPv4-mapped, leading zeros) got its own allowance: 7 of 7
     * accepted against a limit of 5.
     */
    @Test
    void perIpLimit_everySpellingOfOneClient_oneAllowance() throws Exception {
        start(Map.of("helpline.callback.trusted-proxies", "127.0.0.1", "helpline.callback.rate-limit.per-minute", "5",
                "helpline.callback.rate-limit.per-phone-per-hour", "100"), Duration.ofSeconds(10), 32, false);
        String[] spellings = {"203.0.113.7:51234", "203.0.113.7:51235", "::ffff:203.0.113.7", "203.0.113.007",
                "[::ffff:203.0.113.7]:443", "203.0.113.7", "203.0.113.7:60000"};
        List<Integer> got = new ArrayList<>();
        for (String spelling : spellings) {
            got.add(status(post(body(TestNumbers.A), "X-Forwarded-For", spelling)));
        }
        assertEquals(List.of(202, 202, 202, 202, 202, 429, 429), got);
        List<Integer> v6 = new ArrayList<>();
        for (String a : new String[]{"2001:db8::1", "[2001:db8::2]:443", "2001:db8::3", "2001:db8::4", "2001:db8::5",
                "2001:db8::6"}) {
            v6.add(status(post(body(TestNumbers.B), "X-Forwarded-For", a)));
        }
        assertEquals(List.of(202, 202, 202, 202, 202, 429), v6, "one /64, one allowance");
    }

    /**
     * Issue J §9: behind a TLS-terminating proxy, the own origin was taken from the request's
     * scheme (http), so every browser submission (Origin: https://…) got 403.
     */
    @Test
    void behindTrustedTlsProxy_forwardedProtoMakesTheOrigin() throws Exception {
        start(Map.of("helpline.callback.trusted-proxies", "127.0.0.1"), Duration.ofSeconds(10), 32, false);
        String b = body(TestNumbers.A);
        int n = b.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(202, status(response(open(head("site.example", n, "Origin", "https://site.example",
                "X-Forwarded-Proto", "https") + b))));
        String b2 = body(TestNumbers.B);
        assertEquals(202, status(response(open(head("site.example", b2.getBytes(StandardCharsets.UTF_8).length,
                "Origin", "https://site.example", "Forwarded", "for=203.0.113.7;proto=https;host=site.example") + b2))));
        assertEquals(403, status(response(open(head("site.example", n, "Origin", "http://evil.example",
                "X-Forwarded-Proto", "https") + b))), "a foreign origin is still refused");
    }

    @Test
    void untrustedPeer_forwardedProtoIgnored() throws Exception {
        start(Map.of(), Duration.ofSeconds(10), 32, false);
        String b = body(TestNumbers.A);
        String r = response(open(head("site.example", b.getBytes(StandardCharsets.UTF_8).length, "Origin",
                "https://site.example", "X-Forwarded-Proto", "https") + b));
        assertEquals(403, status(r), r);
    }
}

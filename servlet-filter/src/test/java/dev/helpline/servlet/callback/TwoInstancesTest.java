package dev.helpline.servlet.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.helpline.core.callback.PostgresServer;
import dev.helpline.core.callback.TestReceiver;
import dev.helpline.core.callback.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue H §5, several instances: two sites, each a separate JVM, on one real PostgreSQL.
 * One client alternating between them gets one per-IP allowance; a form rendered by one is
 * accepted by the other; one is killed with SIGKILL while deliveries are in flight (the
 * receiver takes 1.6 s per request from it, 400 ms from the other), and afterwards every accepted request has been
 * delivered, no two deliveries of one request overlapped, and a duplicate always carries
 * the same webhook-id.
 */
@ExtendWith(PostgresServer.class)
class TwoInstancesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 32; // N / 2 is even: a submission to A
    private static final long RECEIVER_DELAY_MS = 400;
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One delivery as the receiver saw it; {@code answered} false when the sender went away mid-delivery. */
    private record Delivery(String from, String id, String phone, long startNanos, long endNanos,
                            boolean signatureValid, boolean answered) {
    }

    private Process start(String storeUrl, String hookUrl, String name, int[] port) throws Exception {
        Path portFile = dir.resolve(name + ".port");
        Path logs = Path.of("target", "child-logs");
        Files.createDirectories(logs);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildSite.class.getName(), storeUrl, hookUrl,
                portFile.toString(), "4")
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("two-instances-" + name + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("instance " + name + " did not start; see target/child-logs");
            }
            Thread.sleep(50);
        }
        port[0] = Integer.parseInt(Files.readString(portFile).trim());
        return p;
    }

    private String token(int port) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/article")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(l -> l.startsWith("token=")).findFirst().orElseThrow().substring(6);
    }

    private int submit(int port, String token, String phone, String clientIp) throws Exception {
        Map<String, Object> f = Map.of("phone", phone, "consent", true, "website", "", "token", token);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/helpline/callback"))
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .header("X-Forwarded-For", clientIp).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(f))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static long pendingIn(String storeUrl) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(storeUrl);
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM helpline_callback WHERE status = 'PENDING'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void twoInstancesOnOnePostgres_sharedLimitsAndTokens_killedMidDelivery_noneLostNoneConcurrent(PostgresServer pg)
            throws Exception {
        long started = System.nanoTime();
        List<Delivery> deliveries = new ArrayList<>();
        Set<String> openFromA = java.util.concurrent.ConcurrentHashMap.newKeySet();
        WebhookSigner signer = new WebhookSigner(TestReceiver.SECRET);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/hook", ex -> {
            long start = System.nanoTime();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = ex.getRequestHeaders();
            boolean ok = signer.verify(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), body,
                    h.getFirst("webhook-signature"), Instant.now(), Duration.ofMinutes(5));
            String phone = JSON.readTree(body).get("data").get("phone").asText();
            String from = ex.getRequestURI().getPath().endsWith("/a") ? "a" : "b"; // each instance has its own URL
            if (from.equals("a")) {
                openFromA.add(phone);
            }
            boolean answered = false;
            try {
                // A's deliveries take longer: one is surely still open when the test kills A.
                Thread.sleep(from.equals("a") ? 4 * RECEIVER_DELAY_MS : RECEIVER_DELAY_MS);
                ex.sendResponseHeaders(ok ? 204 : 401, -1);
                ex.close();
                answered = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the sender was killed mid-delivery
            } finally {
                openFromA.remove(phone);
                synchronized (deliveries) {
                    deliveries.add(new Delivery(from, h.getFirst("webhook-id"), phone, start, System.nanoTime(), ok,
                            answered));
                }
            }
        });
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String storeUrl = pg.newDatabase();
        int[] portA = new int[1];
        int[] portB = new int[1];
        Process a = start(storeUrl, hookUrl + "/a", "a", portA);
        Process b = start(storeUrl, hookUrl + "/b", "b", portB);
        Set<String> accepted = new HashSet<>();
        long killedAt = 0;
        try {
            // One client alternating between the instances, each form rendered by the other
            // one: 4 allowed a minute in all, not 4 on each.
            List<Integer> alternating = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                boolean onA = i % 2 == 0;
                String phone = "+1 212 736 50" + (10 + i);
                int status = submit(onA ? portA[0] : portB[0], token(onA ? portB[0] : portA[0]), phone, "203.0.113.7");
                alternating.add(status);
                if (status == 202) {
                    accepted.add(phone.replaceAll("[^0-9]", ""));
                }
            }
            assertEquals(List.of(202, 202, 202, 202, 429, 429), alternating,
                    "one per-IP allowance across both instances, and each accepts the other's forms");

            // Many clients, both instances, deliveries in flight when A is killed.
            for (int i = 0; i < N; i++) {
                boolean onA = i % 2 == 0 && a.isAlive();
                String phone = String.format("+1 646 48%d %04d", i % 10, 3100 + i);
                int status = submit(onA ? portA[0] : portB[0], token(onA ? portA[0] : portB[0]), phone,
                        "198.51.100." + (i + 1));
                assertEquals(202, status, "submission " + i);
                accepted.add(phone.replaceAll("[^0-9]", ""));
                if (i == N / 2) {
                    // Kill A while it is delivering: more work for A until the receiver holds one of its deliveries.
                    for (int extra = 0; openFromA.isEmpty() && extra < 20; extra++) {
                        String more = String.format("+1 718 49%d %04d", extra % 10, 5100 + extra);
                        assertEquals(202, submit(portA[0], token(portA[0]), more, "192.0.2." + (extra + 1)));
                        accepted.add(more.replaceAll("[^0-9]", ""));
                        for (int wait = 0; wait < 30 && openFromA.isEmpty(); wait++) {
                            Thread.sleep(50);
                        }
                    }
                    assertTrue(!openFromA.isEmpty(), "A is delivering when it is killed");
                    killedAt = System.nanoTime();
                    a.destroyForcibly(); // SIGKILL: its leases have to run out before B takes them over
                    assertTrue(a.waitFor(30, TimeUnit.SECONDS));
                }
            }
            // Until the store has nothing left to deliver: what A had leased comes back to B
            // once A's lease (30 s) has run out.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && pendingIn(storeUrl) > 0) {
                Thread.sleep(500);
            }
            assertEquals(0, pendingIn(storeUrl), "everything accepted was marked delivered");
            Thread.sleep(2 * RECEIVER_DELAY_MS); // let deliveries still open finish, to see any overlap
        } finally {
            a.destroyForcibly();
            b.destroy();
            b.waitFor(30, TimeUnit.SECONDS);
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        }
        List<Delivery> got;
        synchronized (deliveries) {
            got = List.copyOf(deliveries);
        }
        Set<String> deliveredPhones = new HashSet<>();
        Map<String, String> idByPhone = new HashMap<>();
        Map<String, List<Delivery>> byId = new HashMap<>();
        for (Delivery d : got) {
            assertTrue(d.signatureValid(), "signature of " + d.id());
            deliveredPhones.add(d.phone().substring(1));
            String previous = idByPhone.putIfAbsent(d.phone(), d.id());
            assertTrue(previous == null || previous.equals(d.id()), "a duplicate carries the same webhook-id");
            byId.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(d);
        }
        assertEquals(accepted, deliveredPhones, "every accepted request delivered, none lost");
        // Deliveries by A still unanswered well after the kill: A never learnt their outcome.
        long kill = killedAt;
        Set<String> inFlightOnA = new HashSet<>();
        got.stream().filter(d -> d.from().equals("a") && d.startNanos() < kill && d.endNanos() > kill + 50_000_000L)
                .forEach(d -> inFlightOnA.add(d.phone()));
        assertTrue(!inFlightOnA.isEmpty(), "A was killed mid-delivery");
        for (String phone : inFlightOnA) {
            assertTrue(got.stream().anyMatch(d -> d.phone().equals(phone) && d.from().equals("b")),
                    "the request A was delivering when killed was delivered again by B once A's lease ran out");
        }
        int duplicates = 0;
        for (List<Delivery> same : byId.values()) {
            duplicates += same.size() - 1;
            for (int i = 0; i < same.size(); i++) {
                for (int k = i + 1; k < same.size(); k++) {
                    Delivery x = same.get(i);
                    Delivery y = same.get(k);
                    assertTrue(x.endNanos() <= y.startNanos() || y.endNanos() <= x.startNanos(),
                            "request " + x.id() + " was being delivered twice at once");
                }
            }
        }
        Path report = Path.of("target", "two-instances.txt");
        Files.writeString(report, String.format("accepted %d, delivered %d distinct in %d deliveries, duplicates %d"
                        + " (same webhook-id, never concurrent); %d s%n", accepted.size(), byId.size(), got.size(), duplicates,
                (System.nanoTime() - started) / 1_000_000_000L));
    }
}

package dev.helpline.servlet.callback;

import dev.helpline.core.callback.TestReceiver;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue §8: a child JVM accepts N requests while the receiver is down, is killed with
 * SIGKILL, restarts with the receiver up: all N are delivered with valid signatures, and a
 * number delivered twice always carries the same webhook-id.
 */
class DurabilityTest {
    private static final int N = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private Process startChild(String storeUrl, String hookUrl, String name) throws Exception {
        Path portFile = dir.resolve(name + ".port");
        Path logs = Path.of("target", "child-logs");
        Files.createDirectories(logs);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildSite.class.getName(), storeUrl, hookUrl,
                portFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("durability-" + name + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("child " + name + " did not start; see target/child-logs");
            }
            Thread.sleep(50);
        }
        childPort = Integer.parseInt(Files.readString(portFile).trim());
        return p;
    }

    private int childPort;

    private String token(int port) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/article")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(l -> l.startsWith("token=")).findFirst().orElseThrow().substring(6);
    }

    @Test
    void killMinus9_withReceiverDown_allDeliveredAfterRestart() throws Exception {
        int hookPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hookPort = s.getLocalPort(); // closed again: connections are refused, the receiver is "down"
        }
        String hookUrl = "http://127.0.0.1:" + hookPort + "/hook";
        String storeUrl = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();

        Process first = startChild(storeUrl, hookUrl, "first");
        Set<String> submitted = new HashSet<>();
        try {
            for (int i = 0; i < N; i++) {
                String phone = String.format("+1 646 48%d %04d", i % 10, 3100 + i);
                Map<String, Object> f = Map.of("phone", phone, "consent", true, "website", "", "token", token(childPort));
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + childPort + "/helpline/callback"))
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(f))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, res.statusCode(), res.body());
                submitted.add(phone.replaceAll("[^0-9]", ""));
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no H2 close
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(N, submitted.size());

        try (TestReceiver receiver = new TestReceiver(hookPort)) {
            Process second = startChild(storeUrl, hookUrl, "second");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (distinctIds(receiver.deliveries()) < N && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            List<TestReceiver.Delivery> got = receiver.deliveries();
            assertEquals(N, distinctIds(got), "all accepted requests delivered");
            assertTrue(got.stream().allMatch(TestReceiver.Delivery::signatureValid), "every signature valid");
            Map<String, String> idByPhone = new HashMap<>();
            Set<String> deliveredPhones = new HashSet<>();
            for (var d : got) {
                String phone = JSON.readTree(d.body()).get("data").get("phone").asText().substring(1);
                deliveredPhones.add(phone);
                String previous = idByPhone.putIfAbsent(phone, d.id());
                assertTrue(previous == null || previous.equals(d.id()), "a duplicate carries the same webhook-id");
            }
            assertEquals(submitted, deliveredPhones);
        }
    }

    private static long distinctIds(List<TestReceiver.Delivery> deliveries) {
        return deliveries.stream().map(TestReceiver.Delivery::id).distinct().count();
    }
}

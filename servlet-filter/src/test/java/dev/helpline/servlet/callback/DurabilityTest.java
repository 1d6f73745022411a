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

    /**
     * Issue K §4: a deletion by the operator and a revocation by a visitor, committed while
     * the receiver is down, survive SIGKILL: after the restart both pairs of events arrive,
     * signed, and the request deleted before its delivery never does.
     */
    @Test
    void killMinus9_revocationAndDeletion_deliveredAfterRestart() throws Exception {
        int hookPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hookPort = s.getLocalPort();
        }
        String hookUrl = "http://127.0.0.1:" + hookPort + "/hook";
        String storeUrl = "jdbc:h2:file:" + dir.resolve("rights").toAbsolutePath();
        String deletedPhone = "+1 646 480 3100"; // numbers of the log scan's DurabilityTest range
        String revokedPhone = "+1 646 481 3101";
        Process first = startChild(storeUrl, hookUrl, "rights-first");
        String origin = "http://127.0.0.1:" + childPort;
        try {
            Map<String, Object> f = Map.of("phone", deletedPhone, "consent", true, "website", "", "token", token(childPort));
            assertEquals(202, http.send(HttpRequest.newBuilder(URI.create(origin + "/helpline/callback"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(f))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(origin + "/helpline/admin/delete"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + DataRightsEndpointTest.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + deletedPhone + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, deleted.statusCode(), deleted.body());
            assertEquals(1, JSON.readTree(deleted.body()).at("/deleted/pendingDeliveriesCancelled").asInt());
            String page = http.send(HttpRequest.newBuilder(URI.create(origin + "/helpline/stop")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(page);
            assertTrue(m.find(), page);
            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(origin + "/helpline/stop"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("phone=" + java.net.URLEncoder.encode(revokedPhone,
                            java.nio.charset.StandardCharsets.UTF_8) + "&token=" + java.net.URLEncoder.encode(m.group(1),
                            java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, revoked.statusCode(), revoked.body());
        } finally {
            first.destroyForcibly(); // SIGKILL right after the commits
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        try (TestReceiver receiver = new TestReceiver(hookPort)) {
            Process second = startChild(storeUrl, hookUrl, "rights-second");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (distinctIds(receiver.deliveries()) < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(300); // anything else due would have come in the same round
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            List<TestReceiver.Delivery> got = receiver.deliveries();
            assertTrue(got.stream().allMatch(TestReceiver.Delivery::signatureValid), "every signature valid");
            Map<String, String> typeAndPhone = new HashMap<>();
            for (var d : got) {
                var body = JSON.readTree(d.body());
                typeAndPhone.put(d.id(), body.get("type").asText() + " " + body.at("/data/phone").asText());
            }
            assertEquals(List.of("callback.deleted +16464803100", "callback.deleted +16464813101",
                            "consent.revoked +16464803100", "consent.revoked +16464813101"),
                    typeAndPhone.values().stream().sorted().toList(), "the deleted request itself never arrives");
        }
    }
}

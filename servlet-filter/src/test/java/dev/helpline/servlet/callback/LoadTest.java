package dev.helpline.servlet.callback;

import dev.helpline.core.callback.TestReceiver;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue §8: 200 submissions per second for 10 s on loopback (rate limits raised), store on
 * H2, delivery running: none lost. Prints and records the time to accept (p50, p99, max)
 * in {@code target/callback-load.txt}.
 */
class LoadTest {
    private static final int RATE = 200;
    private static final int SECONDS = 10;
    @TempDir
    Path dir;

    @Test
    void twoHundredPerSecondForTenSeconds_noneLost() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            HelplineConfig config = HelplineConfig.fromProperties(Site.props(
                    "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), Map.of(
                            "helpline.callback.webhook.url", receiver.url().toString(),
                            "helpline.callback.webhook.secret", TestReceiver.SECRET,
                            "helpline.callback.min-fill-time", "0",
                            "helpline.callback.rate-limit.per-minute", "1000000",
                            "helpline.callback.rate-limit.per-phone-per-hour", "100")));
            try (Site site = new Site(config, Clock.systemUTC(), true, 0)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ObjectMapper json = new ObjectMapper();
                URI uri = URI.create(site.origin() + "/helpline/callback");
                int n = RATE * SECONDS;
                List<HttpRequest> requests = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Map<String, Object> f = Map.of("phone", TestNumbers.load(i), "consent", true, "website", "",
                            "token", site.service.issueToken());
                    requests.add(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("Accept", "application/json")
                            .header("Origin", site.origin())
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(f))).build());
                }
                long[] micros = new long[n];
                int[] status = new int[n];
                List<CompletableFuture<?>> all = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = start + TimeUnit.SECONDS.toNanos(1) * i / RATE; // open loop: a fixed schedule
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int k = i;
                    long sent = System.nanoTime();
                    all.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        micros[k] = (System.nanoTime() - sent) / 1000;
                        status[k] = r.statusCode();
                    }));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                double elapsed = (System.nanoTime() - start) / 1e9;
                long accepted = Arrays.stream(status).filter(s -> s == 202).count();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (receiver.deliveries().stream().map(TestReceiver.Delivery::id).distinct().count() < accepted
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                long delivered = receiver.deliveries().stream().map(TestReceiver.Delivery::id).distinct().count();
                long[] sorted = micros.clone();
                Arrays.sort(sorted);
                long[] warm = Arrays.copyOfRange(micros, RATE, n); // without the first second (JIT, connections)
                Arrays.sort(warm);
                String report = String.format("callback load: %d submissions in %.2f s (%d/s target) -> %d accepted (202),"
                                + " %d delivered; time to accept p50 %.1f ms, p99 %.1f ms, max %.1f ms; after the first second"
                                + " p50 %.1f ms, p99 %.1f ms; store=H2 file%n",
                        n, elapsed, RATE, accepted, delivered, sorted[n / 2] / 1000.0, sorted[(int) (n * 0.99)] / 1000.0,
                        sorted[n - 1] / 1000.0, warm[warm.length / 2] / 1000.0, warm[(int) (warm.length * 0.99)] / 1000.0);
                System.out.print(report);
                Files.writeString(Path.of("target", "callback-load.txt"), report);
                assertEquals(n, accepted, "every submission accepted");
                assertEquals(n, delivered, "none lost");
                // The outbox marks a request delivered after the receiver's answer arrives: wait for the last marks.
                while (site.service.outbox().counts().delivered() < n && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(n, site.service.outbox().counts().delivered(), "every delivery recorded in the outbox");
                assertTrue(receiver.deliveries().stream().allMatch(TestReceiver.Delivery::signatureValid));
            }
        }
    }
}

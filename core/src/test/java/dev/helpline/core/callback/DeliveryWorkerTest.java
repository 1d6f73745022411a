package dev.helpline.core.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryWorkerTest {
    @TempDir
    Path dir;
    private TestReceiver receiver;
    private CallbackOutbox outbox;
    private final MutableClock clock = new MutableClock(OutboxContract.T0);

    @BeforeEach
    void setUp() throws Exception {
        receiver = new TestReceiver();
        outbox = CallbackOutbox.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "");
    }

    @AfterEach
    void tearDown() {
        outbox.close();
        receiver.close();
    }

    private DeliveryWorker worker(Duration horizon) {
        return new DeliveryWorker(outbox, receiver.url(), new WebhookSigner(TestReceiver.SECRET), clock, horizon,
                Duration.ofDays(7));
    }

    /** Issue §8: the receiver is down for a simulated 10 minutes; afterwards 100% are delivered. */
    @Test
    void runOnce_tenMinuteOutage_allDeliveredAfterwardsWithStableIds() throws Exception {
        DeliveryWorker w = worker(Duration.ofDays(3));
        receiver.setUp(false);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            CallbackRequest r = OutboxContract.request("212-736-18" + (10 + i), clock.instant());
            outbox.accept(r);
            ids.add(r.id());
            clock.advance(Duration.ofSeconds(10)); // requests keep arriving during the outage
            w.runOnce();
        }
        // ten minutes of outage in all, worker polling every 10 s of simulated time
        for (int s = 300; s < 600; s += 10) {
            clock.advance(Duration.ofSeconds(10));
            w.runOnce();
        }
        assertTrue(receiver.refused() > 30, "attempts were made during the outage: " + receiver.refused());
        assertEquals(List.of(), receiver.deliveries());
        receiver.setUp(true);
        // Backoff is capped at an hour: within that, everything is delivered.
        for (int m = 0; m <= 60 && outbox.counts().pending() > 0; m++) {
            clock.advance(Duration.ofMinutes(1));
            w.runOnce();
        }
        assertEquals(new CallbackStore.Counts(0, 30, 0, 0), outbox.counts());
        var got = receiver.deliveries();
        assertEquals(ids, got.stream().map(TestReceiver.Delivery::id).collect(Collectors.toSet()));
        assertTrue(got.stream().allMatch(TestReceiver.Delivery::signatureValid));
        assertEquals(30, got.size(), "each delivered once");
        var json = new ObjectMapper().readTree(got.get(0).body());
        assertEquals("callback.requested", json.get("type").asText());
        assertEquals(got.get(0).id(), json.get("data").get("id").asText());
        assertTrue(json.get("data").get("phone").asText().startsWith("+1212736"));
    }

    @Test
    void runOnce_receiverDownPastHorizon_undeliverableAndKept() {
        DeliveryWorker w = worker(Duration.ofHours(2));
        receiver.setUp(false);
        outbox.accept(OutboxContract.request("212-736-1842", clock.instant()));
        for (int i = 0; i < 200 && outbox.counts().pending() > 0; i++) {
            w.runOnce();
            clock.advance(Duration.ofMinutes(5));
        }
        assertEquals(new CallbackStore.Counts(0, 0, 1, 0), outbox.counts());
        assertEquals("********42", outbox.undeliverable().get(0).maskedPhone());
        assertTrue(receiver.refused() >= 5, "retried: " + receiver.refused());
    }

    @Test
    void runOnce_afterRetention_numberPurged() {
        DeliveryWorker w = worker(Duration.ofDays(3));
        outbox.accept(OutboxContract.request("212-736-1842", clock.instant()));
        w.runOnce();
        assertEquals(new CallbackStore.Counts(0, 1, 0, 0), outbox.counts());
        clock.advance(Duration.ofDays(7).plusMinutes(2));
        w.runOnce();
        assertEquals(new CallbackStore.Counts(0, 1, 0, 1), outbox.counts());
    }

    @Test
    void backoff_growsExponentiallyWithJitterAndIsCapped() {
        for (int f = 1; f <= 30; f++) {
            long cap = Math.min(DeliveryWorker.BASE_BACKOFF.toMillis() << Math.min(f - 1, 20),
                    DeliveryWorker.MAX_BACKOFF.toMillis());
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                long d = DeliveryWorker.backoff(f).toMillis();
                assertTrue(d >= cap / 2 && d <= cap, f + ": " + d);
                seen.add(d);
            }
            assertTrue(seen.size() > 1, "jittered");
        }
    }

    @Test
    void start_realTime_deliversInBackground() throws Exception {
        DeliveryWorker w = new DeliveryWorker(outbox, receiver.url(), new WebhookSigner(TestReceiver.SECRET),
                java.time.Clock.systemUTC(), Duration.ofDays(3), Duration.ofDays(7));
        outbox.accept(OutboxContract.request("212-736-1842", java.time.Instant.now()));
        w.start();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (receiver.deliveries().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, receiver.deliveries().size());
        } finally {
            w.close();
        }
    }
}

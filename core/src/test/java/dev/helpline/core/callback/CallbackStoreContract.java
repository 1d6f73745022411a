package dev.helpline.core.callback;

import dev.helpline.core.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link CallbackStore} must do, written against the interface alone: durability
 * at accept, one receipt chain, leases with fencing, disjoint concurrent claims, shared
 * secrets, the backlog, and erasure. An implementation's test extends this and says how to
 * make a fresh store and open it ({@link OutboxContract} does it for the JDBC store on H2 and
 * on PostgreSQL), so a new store runs the same checks the README's promises rest on.
 */
abstract class CallbackStoreContract {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The webhook event type of a callback request (the README's contract with the operator). */
    static final String REQUESTED = "callback.requested";
    private static final java.time.ZoneId NEW_YORK = java.time.ZoneId.of("America/New_York");

    /** Where a fresh, empty store lives (for {@link #open}); each call gives a new one. */
    abstract String newStore() throws Exception;

    /**
     * Opens the store at {@code store}, creating it on first use. Opening one location again,
     * after closing or while open, gives an instance on the same data.
     */
    abstract CallbackStore open(String store);

    /** Whether two instances opened on one location at once work side by side (as two servers would). */
    abstract boolean sharesStore();

    /**
     * The kind of each record still holding {@code e164} (the request's event type, or an
     * event's), sorted: how a test sees inside the store without the store growing a method
     * that only tests would call.
     */
    abstract List<String> kindsHolding(CallbackStore store, String e164) throws Exception;

    static CallbackRequest request(String phone, Instant at) {
        var consent = new CallbackRequest.Consent(true, at, "I agree", "aa", "bb");
        return new CallbackRequest(Ids.newMessageId(), PhoneNumber.parse(phone), at, consent, "https://s.example/p", "UA");
    }

    /** Durable at accept: what was accepted is still there for an instance opened after a close. */
    @Test
    void accept_thenReopened_theRequestIsStillDue() throws Exception {
        String store = newStore();
        CallbackRequest r = request("212-736-1842", T0);
        try (CallbackStore o = open(store)) {
            o.accept(r);
        }
        try (CallbackStore o = open(store)) {
            assertEquals(List.of(r.id()), o.claimDue(10, T0, LEASE).stream().map(CallbackStore.Pending::id).toList());
        }
    }

    /** Two instances accepting at once on one store extend a single chain: no fork, no gap. */
    @Test
    void accept_concurrentlyFromTwoInstances_receiptsFormOneChain() throws Exception {
        String store = newStore();
        ConsentReceipts receipts = new ConsentReceipts(ConsentReceipts.generateKeyPair(), Ids.randomBytes(32));
        var facts = new ConsentReceipts.Facts("", "en", "cc", true, T0, "192.0.2.1");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CallbackStore a = open(store); CallbackStore b = open(store)) {
            CountDownLatch start = new CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (CallbackStore o : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        CallbackRequest r = request("212-736-18" + (10 + i), T0);
                        o.accept(r, (seq, prev) -> receipts.seal(r, facts, T0, seq, prev));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            List<String> chain = a.receipts(1, 100);
            assertEquals(20, chain.size());
            ReceiptVerifier verifier = new ReceiptVerifier(receipts.verificationKeys());
            assertTrue(verifier.verify(chain.get(0)).valid());
            for (int i = 1; i < chain.size(); i++) {
                var result = verifier.verify(chain.get(i), chain.get(i - 1));
                assertTrue(result.valid(), result.message());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claimDue_leasesUntilMarked_thenDeliveredAndPurged() throws Exception {
        try (CallbackStore o = open(newStore())) {
            CallbackRequest r = request("212-736-1842", T0);
            o.accept(r);
            List<CallbackStore.Pending> claimed = o.claimDue(10, T0, LEASE);
            assertEquals(1, claimed.size());
            assertTrue(claimed.get(0).payload().contains("\"phone\":\"+12127361842\""));
            assertEquals(List.of(), o.claimDue(10, T0.plusSeconds(60), LEASE), "leased");
            List<CallbackStore.Pending> again = o.claimDue(10, T0.plus(LEASE), LEASE);
            assertEquals(1, again.size(), "lease ran out: due again");
            // Fencing: the first claim's lease was taken over, so its outcome is not recorded.
            assertFalse(o.markDelivered(claimed.get(0), T0.plusSeconds(190)), "an expired lease cannot complete");
            assertFalse(o.markFailed(claimed.get(0), T0.plusSeconds(999), "late"), "an expired lease cannot fail either");
            assertTrue(o.markDelivered(again.get(0), T0.plusSeconds(200)));
            assertEquals(List.of(), o.claimDue(10, T0.plus(Duration.ofDays(1)), LEASE));
            assertEquals(new CallbackStore.Counts(0, 1, 0, 0), o.counts());
            assertEquals(0, o.purgeDelivered(T0.plusSeconds(100), T0.plusSeconds(300)));
            assertEquals(1, o.purgeDelivered(T0.plusSeconds(201), T0.plusSeconds(300)));
            assertEquals(new CallbackStore.Counts(0, 1, 0, 1), o.counts());
        }
    }

    @Test
    void markFailed_dueAgainAtNextAttempt_undeliverableListedMasked() throws Exception {
        try (CallbackStore o = open(newStore())) {
            CallbackRequest r = request("212-736-1842", T0);
            o.accept(r);
            o.markFailed(o.claimDue(1, T0, LEASE).get(0), T0.plusSeconds(30), "HTTP 503");
            assertEquals(List.of(), o.claimDue(1, T0.plusSeconds(29), LEASE));
            CallbackStore.Pending p = o.claimDue(1, T0.plusSeconds(30), LEASE).get(0);
            assertEquals(1, p.attempts());
            o.markUndeliverable(p, "HTTP 503");
            var stuck = o.undeliverable();
            assertEquals(1, stuck.size());
            assertEquals("********42", stuck.get(0).maskedPhone());
            assertEquals(2, stuck.get(0).attempts());
        }
    }

    @Test
    void secret_generatedOnceThenShared() throws Exception {
        String store = newStore();
        String first;
        try (CallbackStore o = open(store)) {
            first = o.secret("form-token", () -> "one");
        }
        try (CallbackStore o = open(store)) {
            assertEquals("one", first);
            assertEquals("one", o.secret("form-token", () -> "two"));
        }
    }

    /** Several instances (or threads) claiming at once never get the same request. */
    @Test
    void claimDue_concurrentClaimers_disjoint() throws Exception {
        String store = newStore();
        int n = 200;
        try (CallbackStore a = open(store);
             CallbackStore b = sharesStore() ? open(store) : a) {
            for (int i = 0; i < n; i++) {
                a.accept(request("212-736-1842", T0));
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Set<String> dup = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < 6; t++) {
                CallbackStore o = t % 2 == 0 ? a : b;
                pool.execute(() -> {
                    try {
                        go.await();
                        List<CallbackStore.Pending> got;
                        while (!(got = o.claimDue(7, T0, LEASE)).isEmpty()) {
                            for (var p : got) {
                                if (!seen.add(p.id())) {
                                    dup.add(p.id());
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals(Set.of(), dup);
            assertEquals(n, seen.size());
            assertEquals(n, new HashSet<>(seen).size());
        }
    }

    @Test
    void backlog_countsPendingAndTheOldest_emptyHasNoOldest() throws Exception {
        try (CallbackStore o = open(newStore())) {
            // An empty outbox once reported the epoch as its oldest request (MIN over no rows).
            assertEquals(new CallbackStore.Backlog(0, null), o.backlog());
            CallbackRequest first = request("212-736-1842", T0);
            o.accept(first);
            o.accept(request("303-486-2957", T0.plusSeconds(30)));
            assertEquals(new CallbackStore.Backlog(2, T0), o.backlog());
            CallbackStore.Pending claimed = o.claimDue(10, T0.plusSeconds(60), LEASE).stream()
                    .filter(p -> p.id().equals(first.id())).findFirst().orElseThrow();
            o.markDelivered(claimed, T0.plusSeconds(60));
            assertEquals(new CallbackStore.Backlog(1, T0.plusSeconds(30)), o.backlog());
        }
    }

    /**
     * Issue K §4, both stores: the visitor's path deletes only what was not delivered yet,
     * the operator's every request row still holding the number; both queue the two events
     * in the pending request's place, and record the revocation without the number.
     */
    @Test
    void erase_visitorThenOperator_deletesTheNumbersRequestsAndQueuesTheEventsInstead() throws Exception {
        ConsentReceipts receipts = new ConsentReceipts(ConsentReceipts.generateKeyPair(), Ids.randomBytes(32));
        try (CallbackStore o = open(newStore())) {
            CallbackRequest delivered = request("212-736-1821", T0);
            CallbackRequest pending = request("212-736-1821", T0.plusSeconds(10));
            CallbackRequest other = request("212-736-1822", T0.plusSeconds(10));
            o.accept(delivered);
            CallbackStore.Pending first = o.claimDue(10, T0, LEASE).get(0);
            assertTrue(o.markDelivered(first, T0));
            o.accept(pending);
            o.accept(other);
            String e164 = "+12127361821";
            DataRights rights = new DataRights(o, receipts, java.time.Clock.fixed(T0.plusSeconds(20), NEW_YORK), NEW_YORK);

            DataRights.Result visitor = rights.erase(PhoneNumber.parse("(212) 736-1821"), DataRights.Source.VISITOR);
            assertEquals(1, visitor.requestsDeleted());
            assertEquals(1, visitor.pendingCancelled());
            assertEquals(java.time.LocalDate.parse("2025-03-14"), visitor.honourBy(), "Sat 1 March + 10 business days");
            List<CallbackStore.Pending> due = o.claimDue(10, T0.plusSeconds(30), LEASE);
            Set<String> ids = new HashSet<>(due.stream().map(CallbackStore.Pending::id).toList());
            assertEquals(Set.of(other.id(), visitor.revocationId(), visitor.deletionId()), ids,
                    "the deleted request is never handed to delivery; the events are");
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (CallbackStore.Pending p : due) {
                if (p.id().equals(other.id())) {
                    continue;
                }
                var event = json.readTree(p.payload());
                assertEquals(e164, event.at("/data/phone").asText(), "the operator is told the number");
                assertEquals("visitor", event.at("/data/source").asText());
                if (p.id().equals(visitor.revocationId())) {
                    assertEquals(DataRights.REVOKED, event.get("type").asText());
                    assertEquals("2025-03-14", event.at("/data/honourBy").asText());
                    assertEquals(10, event.at("/data/businessDays").asInt());
                } else {
                    assertEquals(DataRights.DELETED, event.get("type").asText());
                    assertEquals(List.of(pending.id()), List.of(event.at("/data/requestIds/0").asText()));
                    assertEquals(1, event.at("/data/deleted/pendingDeliveriesCancelled").asInt());
                    assertEquals("2025-04-15", event.at("/data/deleteBy").asText());
                }
            }
            assertEquals(new CallbackStore.Counts(1, 1, 0, 0), o.counts(), "events are not counted as requests");

            DataRights.Result operator = rights.erase(PhoneNumber.parse("212.736.1821"), DataRights.Source.OPERATOR);
            assertEquals(1, operator.requestsDeleted(), "the delivered request, not purged yet, goes too");
            assertEquals(0, operator.pendingCancelled());
            assertEquals(List.of(DataRights.DELETED, DataRights.DELETED, DataRights.REVOKED, DataRights.REVOKED),
                    kindsHolding(o, e164), "only the four events still hold the number");
            assertEquals(List.of(REQUESTED), kindsHolding(o, "+12127361822"), "another number is untouched");

            List<CallbackStore.RevocationRecord> recorded = o.revocations();
            assertEquals(List.of(visitor.revocationId(), operator.revocationId()).stream().sorted().toList(),
                    recorded.stream().map(CallbackStore.RevocationRecord::id).sorted().toList());
            for (var r : recorded) {
                assertEquals(receipts.phoneHash(e164), r.phoneHmacSha256(), "a keyed hash of the number, never the number");
            }
            // Delivered events are purged like requests: then nothing holds the number.
            for (CallbackStore.Pending p : o.claimDue(10, T0.plus(LEASE).plusSeconds(60), LEASE)) {
                o.markDelivered(p, T0.plus(LEASE).plusSeconds(60));
            }
            for (CallbackStore.Pending p : due) {
                o.markDelivered(p, T0.plusSeconds(40)); // lease lost for those re-claimed above: nothing recorded twice
            }
            o.purgeDelivered(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));
            assertEquals(0, o.rowsHolding(e164));
        }
    }

    /** Issue K §4: a request deleted before its delivery is never delivered; the events are, signed. */
    @Test
    void erase_beforeDelivery_theWorkerDeliversOnlyTheSignedEvents() throws Exception {
        ConsentReceipts receipts = new ConsentReceipts(ConsentReceipts.generateKeyPair(), Ids.randomBytes(32));
        try (CallbackStore o = open(newStore()); TestReceiver receiver = new TestReceiver()) {
            CallbackRequest r = request("212-736-1823", T0);
            o.accept(r);
            MutableClock clock = new MutableClock(T0.plusSeconds(5));
            DataRights.Result result = new DataRights(o, receipts, clock, NEW_YORK)
                    .erase(PhoneNumber.parse("212-736-1823"), DataRights.Source.OPERATOR);
            assertEquals(1, result.pendingCancelled());
            try (DeliveryWorker w = new DeliveryWorker(o, receiver.url(), new WebhookSigner(TestReceiver.SECRET), clock,
                    Duration.ofDays(3), Duration.ofDays(7))) {
                w.runOnce();
            }
            List<TestReceiver.Delivery> got = receiver.deliveries();
            assertEquals(Set.of(result.revocationId(), result.deletionId()),
                    new HashSet<>(got.stream().map(TestReceiver.Delivery::id).toList()));
            assertTrue(got.stream().allMatch(TestReceiver.Delivery::signatureValid));
            assertTrue(got.stream().noneMatch(d -> d.body().contains(r.id() + "\",\"phone")),
                    "the request itself was never sent");
        }
    }

    /**
     * A delivery already under way (leased) when the deletion comes cannot be called back:
     * it is deleted and counted as cancelled, and also as possibly delivered, so that
     * neither the operator's answer nor the event claims more than is true.
     */
    @Test
    void erase_whileLeased_countsTheRequestAsPossiblyDelivered() throws Exception {
        ConsentReceipts receipts = new ConsentReceipts(ConsentReceipts.generateKeyPair(), Ids.randomBytes(32));
        try (CallbackStore o = open(newStore())) {
            CallbackRequest leased = request("212-736-1824", T0);
            o.accept(leased);
            CallbackStore.Pending p = o.claimDue(10, T0, LEASE).get(0);
            DataRights.Result r = new DataRights(o, receipts, java.time.Clock.fixed(T0.plusSeconds(1), NEW_YORK), NEW_YORK)
                    .erase(PhoneNumber.parse("212-736-1824"), DataRights.Source.OPERATOR);
            assertEquals(1, r.pendingCancelled());
            assertEquals(1, r.possiblyInFlight());
            assertFalse(o.markDelivered(p, T0.plusSeconds(2)), "its outcome is no longer recorded: the row is gone");
            String deleted = o.claimDue(10, T0.plusSeconds(3), LEASE).stream().filter(e -> e.id().equals(r.deletionId()))
                    .findFirst().orElseThrow().payload();
            assertTrue(deleted.contains("\"possiblyDeliveredAlready\":1"), deleted);
            assertTrue(deleted.contains(leased.id()), deleted);
        }
    }
}

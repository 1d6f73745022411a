package dev.helpline.core.callback;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where callback requests wait for delivery: what {@link CallbackService}, the
 * {@link DeliveryWorker} and {@link DataRights} need from a store, and nothing about how it
 * keeps them. {@link CallbackOutbox} is the JDBC implementation (H2 and PostgreSQL).
 *
 * <p>Every implementation keeps the promises the README makes to the people who leave a
 * number, because the callers rely on them and check nothing themselves:
 * <ul>
 * <li><b>Durable at accept.</b> When {@link #accept} returns, the request (and its consent
 * receipt) is committed and survives a crash or restart of this process; when it throws,
 * nothing of it was stored. The visitor is told "received" only after it returned.</li>
 * <li><b>At most one delivery in flight per request.</b> {@link #claimDue} leases what it
 * hands out: until the lease ends no other caller, in this process or another instance on
 * the same store, gets the request. A lease that runs out makes it due again (delivery is at
 * least once). The lease's end is a fencing token: an outcome ({@code mark…}) is recorded
 * only while the claim's own lease is the current one, and {@code false} says it was not.</li>
 * <li><b>One receipt chain.</b> Receipts sealed through {@link #accept} form one chain per
 * store, without fork or gap, however many instances accept at once.</li>
 * <li><b>Erase means gone.</b> {@link #erase} deletes a number's request rows and queues the
 * events that tell the operator in one step, all or nothing: a request deleted before its
 * delivery is never handed out afterwards, and once the events are delivered and purged no
 * record holds the number ({@link #rowsHolding}).</li>
 * <li><b>Purges keep the consent record.</b> {@link #purgeDelivered} removes the number,
 * payload, page and user agent but keeps the consent's hashes and times.</li>
 * </ul>
 * Times come from the caller, never from the store's own clock, so tests can move time.
 * Implementations are thread safe. The contract tests in this package's test sources
 * ({@code CallbackStoreContract}) check these for each implementation.
 */
public interface CallbackStore extends AutoCloseable {

    /**
     * Stores a request durably with its consent receipt, sealed by {@code seal} while the
     * chain's head is held: a request is never committed without its receipt.
     *
     * @param seal builds the signed receipt from its sequence and the previous receipt's
     *             chain hash; {@code null}: no receipt
     * @return the receipt stored, or {@code null} without {@code seal}
     * @throws IllegalStateException if it could not be committed (then nothing was stored)
     */
    ObjectNode accept(CallbackRequest r, Sealer seal);

    /** As {@link #accept(CallbackRequest, Sealer)} without a receipt. */
    default void accept(CallbackRequest r) {
        accept(r, null);
    }

    /** Seals a request's consent receipt once its place in the chain is known. */
    @FunctionalInterface
    interface Sealer {
        ObjectNode seal(long sequence, String prevSha256);
    }

    /** The receipts stored from {@code fromSequence} on, oldest first, as canonical JSON (at most {@code limit}). */
    List<String> receipts(long fromSequence, int limit);

    /** The receipt stored at a place in the chain (canonical JSON), or {@code null} when there is none (any more). */
    String receipt(long sequence);

    /**
     * A named secret kept in the store: the stored one, or {@code generator}'s value stored
     * now. Instances sharing the store share the secret; the first one stored wins.
     */
    String secret(String name, Supplier<String> generator);

    /** A stored secret, or {@code null} when none was ever stored under that name (never creates one). */
    String storedSecret(String name);

    /**
     * A request leased for delivery until {@code leaseUntil}, which is also its fencing
     * token. {@link #toString()} omits the payload (it holds the number).
     */
    record Pending(String id, String payload, int attempts, Instant receivedAt, Instant leaseUntil) {
        @Override
        public String toString() {
            return "Pending[" + id + ", attempts=" + attempts + ", receivedAt=" + receivedAt + "]";
        }
    }

    /**
     * Claims up to {@code max} requests (and events) due at {@code now}, leasing them for
     * {@code lease}; each later claim of the same request leases until later.
     */
    List<Pending> claimDue(int max, Instant now, Duration lease);

    /** Records a successful delivery; {@code false} when the lease was lost (nothing recorded). */
    boolean markDelivered(Pending p, Instant at);

    /** Records a failed attempt, due again at {@code nextAttemptAt}; {@code false} when the lease was lost. */
    boolean markFailed(Pending p, Instant nextAttemptAt, String error);

    /** Gives up on a request: kept and listed by {@link #undeliverable()}; {@code false} when the lease was lost. */
    boolean markUndeliverable(Pending p, String error);

    /**
     * Removes the number, payload, page and user agent of requests and events delivered
     * before {@code deliveredBefore}; the consent record's hashes and times stay.
     *
     * @return how many were purged
     */
    int purgeDelivered(Instant deliveredBefore, Instant now);

    /** Deletes the consent receipts accepted before {@code acceptedBefore}; the chain's head stays. */
    int purgeReceipts(Instant acceptedBefore);

    /** Deletes revocation records received before {@code receivedBefore} (kept as long as consent receipts). */
    int purgeRevocations(Instant receivedBefore);

    /** A request that could not be delivered within the horizon. The number is masked. */
    record Undeliverable(String id, String maskedPhone, Instant receivedAt, int attempts, String lastError) {
    }

    /** Every request given up on, oldest first. */
    List<Undeliverable> undeliverable();

    /** One webhook event to deliver through the store, as {@link #erase} queues it. */
    record Event(String id, String type, String payload) {
        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public String toString() {
            return "Event[" + id + ", " + type + "]"; // the payload holds the number
        }
    }

    /**
     * What {@link #erase} removed: the ids of the request rows deleted, how many of them were
     * still waiting for delivery (their deliveries cancelled), and how many of those were
     * leased or waiting for a retry at that moment: a delivery already under way cannot be
     * called back, so those may have reached the operator all the same.
     */
    record Erased(List<String> requestIds, int pendingCancelled, int possiblyInFlight) {
        public Erased {
            requestIds = List.copyOf(requestIds);
        }
    }

    /** What {@link #erase} records about a revocation: no number, a keyed hash of it. */
    record RevocationRecord(String id, Instant receivedAt, String source, String phoneHmacSha256, LocalDate honourBy) {
    }

    /**
     * Deletes the callback requests of one number and queues the events that tell the
     * operator, all or nothing: the requests go first (a pending one is then never handed
     * out by {@link #claimDue}), then the events (due at {@code now}) and the revocation
     * record are stored.
     *
     * @param e164        the number as stored (E.164)
     * @param pendingOnly {@code true}: only requests not delivered yet (the visitor's path);
     *                    {@code false}: every request of the number still holding it
     * @param events      builds the events from what was deleted
     * @param revocation  stored beside them; may be {@code null}
     * @throws IllegalStateException if it could not be committed (then nothing changed)
     */
    Erased erase(String e164, boolean pendingOnly, Function<Erased, List<Event>> events, RevocationRecord revocation,
                 Instant now);

    /** The revocations recorded, oldest first. */
    List<RevocationRecord> revocations();

    /** How many records of the store still hold this number (requests and events not purged yet). */
    int rowsHolding(String e164);

    /** How many requests (not events) are in each state. */
    record Counts(long pending, long delivered, long undeliverable, long purged) {
    }

    /** How many requests (not events) are in each state. */
    Counts counts();

    /**
     * How many requests and events wait for delivery, and when the oldest of them was
     * received ({@code null} when none waits): the backlog that health checks and gauges report.
     */
    record Backlog(long pending, Instant oldestPending) {
    }

    /** The backlog, measured at once. */
    Backlog backlog();

    /** Ends what the store opened itself (its connections); what the host gave it stays open. */
    @Override
    void close();
}

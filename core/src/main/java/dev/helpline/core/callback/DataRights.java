package dev.helpline.core.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.phone.PhoneNumber;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A person's data rights over what the callback store holds about their number: deleting
 * it and revoking consent to be called. Each use deletes the number's requests, records the
 * revocation (a keyed hash of the number, never the number) and queues two webhook events
 * for the operator in the same transaction, through the same outbox and retries as the
 * requests themselves:
 *
 * <ul>
 *   <li>{@code consent.revoked}: stop calling this number by {@code data.honourBy}, ten
 *   business days after the revocation (the TCPA rule for revocations by any reasonable means);</li>
 *   <li>{@code callback.deleted}: delete what you hold about this number by
 *   {@code data.deleteBy}, 45 days after the request (Washington's My Health My Data Act),
 *   including the ids of the requests deleted here, which may have reached you already.</li>
 * </ul>
 *
 * <p>Both events carry the number: the operator cannot stop calling a number it is not
 * told. They go only to the operator's webhook; no log line holds the number, and the
 * events' payloads are purged after delivery like the requests'. Thread safe.
 */
public final class DataRights {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Business days the operator has to honour a revocation. */
    public static final int REVOCATION_BUSINESS_DAYS = 10;
    /** Calendar days a deletion request gives the operator and its processors. */
    public static final int DELETION_DAYS = 45;
    /** The webhook event types. */
    public static final String REVOKED = "consent.revoked";
    public static final String DELETED = "callback.deleted";

    /** Who asked. */
    public enum Source {
        /** The operator's endpoint: every request row of the number goes. */
        OPERATOR,
        /** The visitor's own form: requests not delivered yet go; delivered ones are the operator's to delete. */
        VISITOR;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What was done: the ids of the two events queued, how many request rows were deleted,
     * how many of them were still waiting for delivery, how many of those may have been
     * delivered all the same (their delivery was under way or due for a retry), and the
     * deadlines sent.
     */
    public record Result(String revocationId, String deletionId, int requestsDeleted, int pendingCancelled,
                         int possiblyInFlight, LocalDate honourBy, LocalDate deleteBy) {
    }

    private final CallbackStore outbox;
    private final ConsentReceipts receipts;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param zone where the business days are counted (the helpline's {@code helpline.hours.time-zone})
     */
    public DataRights(CallbackStore outbox, ConsentReceipts receipts, Clock clock, ZoneId zone) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Deletes and revokes for {@code phone}, committed when this returns.
     *
     * @throws IllegalStateException if the store could not commit it (then nothing changed)
     */
    public Result erase(PhoneNumber phone, Source source) {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(source, "source");
        Instant now = clock.instant();
        LocalDate received = now.atZone(zone).toLocalDate();
        LocalDate honourBy = BusinessDays.after(received, REVOCATION_BUSINESS_DAYS);
        LocalDate deleteBy = received.plusDays(DELETION_DAYS);
        String revocationId = newId("rev_");
        String deletionId = newId("del_");
        CallbackStore.Erased erased = outbox.erase(phone.e164(), source == Source.VISITOR, done -> List.of(
                        new CallbackStore.Event(revocationId, REVOKED, revoked(revocationId, phone, source, now, honourBy)),
                        new CallbackStore.Event(deletionId, DELETED,
                                deleted(deletionId, revocationId, phone, source, now, deleteBy, done))),
                new CallbackStore.RevocationRecord(revocationId, now, source.wire(), receipts.phoneHash(phone.e164()),
                        honourBy), now);
        // Ids and counts only: which number this was is the operator's to know, not the log's.
        LOG.log(System.Logger.Level.INFO, "revocation {0} ({1}) recorded: {2} requests deleted, {3} pending deliveries"
                        + " cancelled; the operator is told by {4} and {5}", revocationId, source.wire(),
                erased.requestIds().size(), erased.pendingCancelled(), REVOKED, DELETED);
        return new Result(revocationId, deletionId, erased.requestIds().size(), erased.pendingCancelled(),
                erased.possiblyInFlight(), honourBy, deleteBy);
    }

    private String revoked(String id, PhoneNumber phone, Source source, Instant now, LocalDate honourBy) {
        ObjectNode root = envelope(REVOKED, now);
        ObjectNode data = root.putObject("data");
        data.put("id", id);
        data.put("phone", phone.e164());
        data.put("phoneDisplay", phone.display());
        data.put("source", source.wire());
        data.put("receivedAt", now.toString());
        data.put("honourBy", honourBy.toString());
        data.put("businessDays", REVOCATION_BUSINESS_DAYS);
        data.put("timeZone", zone.getId());
        data.put("reason", "The person asked not to be called at this number any more (TCPA revocation of consent):"
                + " stop calling it by honourBy at the latest.");
        return write(root);
    }

    private String deleted(String id, String revocationId, PhoneNumber phone, Source source, Instant now,
                           LocalDate deleteBy, CallbackStore.Erased erased) {
        ObjectNode root = envelope(DELETED, now);
        ObjectNode data = root.putObject("data");
        data.put("id", id);
        data.put("phone", phone.e164());
        data.put("phoneDisplay", phone.display());
        data.put("source", source.wire());
        data.put("receivedAt", now.toString());
        data.put("deleteBy", deleteBy.toString());
        data.put("revocationId", revocationId);
        ObjectNode counts = data.putObject("deleted");
        counts.put("requests", erased.requestIds().size());
        counts.put("pendingDeliveriesCancelled", erased.pendingCancelled());
        // Under way when the deletion came: it may have arrived; requestIds names it either way.
        counts.put("possiblyDeliveredAlready", erased.possiblyInFlight());
        erased.requestIds().forEach(data.putArray("requestIds")::add);
        data.put("reason", "The person asked for their callback data to be deleted (health data): delete what you and"
                + " your processors hold about this number, including the requests listed, by deleteBy.");
        return write(root);
    }

    private static ObjectNode envelope(String type, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", type);
        root.put("timestamp", now.toString());
        return root;
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId(String prefix) {
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(16));
    }
}

package dev.helpline.core.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a consent receipt sealed by {@link ConsentReceipts}: its signature under the key
 * its {@code kid} names, and, given the receipt before it, the chain link between them.
 *
 * <pre>{@code
 * ReceiptVerifier.Result r = new ReceiptVerifier(Map.of(kid, publicKey)).verify(json, previousJson);
 * if (!r.valid()) System.err.println(r.message());
 * }</pre>
 */
public final class ReceiptVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a check found. */
    public enum Verdict {
        /** Signature holds (and the chain link, when the previous receipt was given). */
        VALID,
        /** Not a receipt of a known format. */
        MALFORMED,
        /** Signed with a key this verifier does not know. */
        UNKNOWN_KEY,
        /** The signature does not match the content: the receipt was edited, or signed by another key. */
        SIGNATURE_MISMATCH,
        /** Its {@code prevSha256} is not the hash of the receipt given as the one before it. */
        CHAIN_BROKEN
    }

    /** The verdict and a sentence for the operator. */
    public record Result(Verdict verdict, String message) {
        public boolean valid() {
            return verdict == Verdict.VALID;
        }
    }

    private final Map<String, PublicKey> keys;

    /** @param keys the public keys by {@code kid}, old ones included while their receipts are kept */
    public ReceiptVerifier(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(Objects.requireNonNull(keys, "keys"));
    }

    /** Checks the signature of one receipt (JSON text). */
    public Result verify(String receiptJson) {
        return verify(receiptJson, null);
    }

    /**
     * Checks the signature of a receipt and, when {@code previousJson} is not {@code null},
     * that it links to that receipt (whose own signature is checked too).
     */
    public Result verify(String receiptJson, String previousJson) {
        JsonNode receipt = parse(receiptJson);
        Result own = signature(receipt, "the receipt");
        if (!own.valid() || previousJson == null) {
            return own;
        }
        JsonNode previous = parse(previousJson);
        Result before = signature(previous, "the previous receipt");
        if (!before.valid()) {
            return before;
        }
        String expected = ConsentReceipts.chainHash(previous);
        if (!expected.equals(receipt.path("prevSha256").asText())) {
            return new Result(Verdict.CHAIN_BROKEN, "chain broken: receipt " + receipt.path("sequence").asText()
                    + " links to " + receipt.path("prevSha256").asText() + ", but receipt "
                    + previous.path("sequence").asText() + " hashes to " + expected
                    + " (a receipt between them was removed or edited)");
        }
        return new Result(Verdict.VALID, "valid: signature of key " + receipt.path("kid").asText()
                + " and chain link to receipt " + previous.path("sequence").asText() + " hold");
    }

    /**
     * Checks a receipt against the store that sealed it: the signature under the store's
     * key (or one of {@code moreKeys}, keys of earlier rotations), and the chain link to the
     * receipt stored before it (to {@link ConsentReceipts#GENESIS} for the first). When that
     * one is no longer kept (past the retention), only the signature is checked, and the
     * message says so.
     */
    public static Result verifyInStore(CallbackStore store, String receiptJson, Map<String, PublicKey> moreKeys) {
        Map<String, PublicKey> keys = new java.util.HashMap<>(moreKeys);
        String stored = store.storedSecret(CallbackService.RECEIPT_KEY_SECRET);
        if (stored != null) {
            PublicKey key = ConsentReceipts.decode(stored).getPublic();
            keys.put(ConsentReceipts.kidOf(key), key);
        }
        ReceiptVerifier verifier = new ReceiptVerifier(keys);
        Result own = verifier.verify(receiptJson);
        if (!own.valid()) {
            return own;
        }
        JsonNode receipt = parse(receiptJson);
        long sequence = receipt.path("sequence").asLong();
        if (sequence == 1) {
            return ConsentReceipts.GENESIS.equals(receipt.path("prevSha256").asText()) ? own
                    : new Result(Verdict.CHAIN_BROKEN, "chain broken: receipt 1 links to "
                    + receipt.path("prevSha256").asText() + " instead of the chain's start");
        }
        String previous = store.receipt(sequence - 1);
        if (previous == null) {
            return new Result(Verdict.VALID, own.message() + "; receipt " + (sequence - 1)
                    + " is no longer kept, so the chain link was not checked");
        }
        return verifier.verify(receiptJson, previous);
    }

    /**
     * Walks a whole exported chain: every receipt's signature, and every link from one
     * receipt to the one before it. The receipts may come in any order and more than once
     * (a retried webhook); they are put in sequence order, and a sequence missing between
     * the first and the last breaks the chain. The first receipt's own link is checked as
     * {@link #verifyInStore} checks it, against the store. Answers the first failure, naming
     * its receipt, or how many receipts hold.
     */
    public static Result verifyChainInStore(CallbackStore store, java.util.List<String> receipts,
                                            Map<String, PublicKey> moreKeys) {
        java.util.TreeMap<Long, String> bySequence = new java.util.TreeMap<>();
        for (String json : receipts) {
            JsonNode n = parse(json);
            if (!n.path("sequence").canConvertToLong() || n.path("sequence").asLong() < 1) {
                return new Result(Verdict.MALFORMED, "an entry of the chain is not a receipt with a sequence");
            }
            String earlier = bySequence.putIfAbsent(n.get("sequence").asLong(), json);
            if (earlier != null && !ConsentReceipts.chainHash(parse(earlier)).equals(ConsentReceipts.chainHash(n))) {
                return new Result(Verdict.CHAIN_BROKEN, "chain broken: two different receipts carry sequence "
                        + n.get("sequence").asLong());
            }
        }
        if (bySequence.isEmpty()) {
            return new Result(Verdict.MALFORMED, "the chain holds no receipt");
        }
        Result first = verifyInStore(store, bySequence.firstEntry().getValue(), moreKeys);
        if (!first.valid()) {
            return new Result(first.verdict(), "receipt " + bySequence.firstKey() + ": " + first.message());
        }
        Map<String, PublicKey> keys = new java.util.HashMap<>(moreKeys);
        String stored = store.storedSecret(CallbackService.RECEIPT_KEY_SECRET);
        if (stored != null) {
            PublicKey key = ConsentReceipts.decode(stored).getPublic();
            keys.put(ConsentReceipts.kidOf(key), key);
        }
        ReceiptVerifier verifier = new ReceiptVerifier(keys);
        Map.Entry<Long, String> previous = bySequence.firstEntry();
        for (Map.Entry<Long, String> e : bySequence.tailMap(bySequence.firstKey(), false).entrySet()) {
            if (e.getKey() != previous.getKey() + 1) {
                return new Result(Verdict.CHAIN_BROKEN, "chain broken: receipt " + (previous.getKey() + 1)
                        + " is not in the chain (it goes from " + previous.getKey() + " to " + e.getKey() + ")");
            }
            Result link = verifier.verify(e.getValue(), previous.getValue());
            if (!link.valid()) {
                return new Result(link.verdict(), "receipt " + e.getKey() + ": " + link.message());
            }
            previous = e;
        }
        return new Result(Verdict.VALID, "valid: " + bySequence.size() + " receipts, " + bySequence.firstKey() + " to "
                + bySequence.lastKey() + ", every signature and every link holds (" + first.message() + ")");
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode n = json == null ? null : JSON.readTree(json);
            return n != null && n.isObject() ? n : JSON.createObjectNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private Result signature(JsonNode receipt, String which) {
        if (!ConsentReceipts.FORMAT.equals(receipt.path("format").asText())
                || !receipt.path("signature").isTextual() || !receipt.path("kid").isTextual()) {
            return new Result(Verdict.MALFORMED, which + " is not a " + ConsentReceipts.FORMAT
                    + " JSON object with kid and signature");
        }
        String kid = receipt.get("kid").asText();
        PublicKey key = keys.get(kid);
        if (key == null) {
            return new Result(Verdict.UNKNOWN_KEY, "signature not checked: " + which + " is signed with key " + kid
                    + ", which is not among the known keys " + keys.keySet());
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(ConsentReceipts.signedBytes(receipt));
            if (s.verify(Base64.getDecoder().decode(receipt.get("signature").asText()))) {
                return new Result(Verdict.VALID, "valid: signature of key " + kid + " holds");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a signature that is not base64 or not 64 bytes does not match either
        }
        return new Result(Verdict.SIGNATURE_MISMATCH, "signature does not match: the content of " + which
                + " was changed after signing, or it was not signed by key " + kid);
    }
}

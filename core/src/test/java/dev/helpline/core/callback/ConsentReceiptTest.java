package dev.helpline.core.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consent receipts: sealed at submit, delivered under data.receipt, chained, and checked by the verifier. */
class ConsentReceiptTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Three accepted requests on one store: their payloads and the stored receipts. */
    private record Run(List<JsonNode> payloads, List<String> stored, Map<String, java.security.PublicKey> keys) {}

    private static Run submitThree(String db) throws Exception {
        HelplineConfig config = HelplineConfig.fromProperties(Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es",
                "helpline.callback.store.url", "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (CallbackService service = TestCallbacks.start(config, clock, false)) {
            String[] numbers = {"(212) 736-5021", "(212) 736-5022", "(212) 736-5023"};
            for (String number : numbers) {
                String token = service.issueToken(new FormView(config.profileFor("/es/x"), "es"));
                clock.advance(Duration.ofSeconds(30));
                SubmissionOutcome o = service.submit(new Submission(Map.of("phone", number, "consent", "yes", "token", token),
                        "203.0.113.77", "https://site.example/es/x", "Mozilla/5.0 test"));
                assertInstanceOf(SubmissionOutcome.Accepted.class, o);
            }
            List<JsonNode> payloads = new java.util.ArrayList<>();
            for (var p : service.outbox().claimDue(10, clock.instant(), Duration.ofSeconds(30))) {
                payloads.add(JSON.readTree(p.payload()));
            }
            payloads.sort(java.util.Comparator.comparingLong(n -> n.at("/data/receipt/sequence").asLong()));
            return new Run(payloads, service.outbox().receipts(1, 10), service.receipts().verificationKeys());
        }
    }

    @Test
    void submit_receiptInPayload_recordsWhatWasShownAndNoNumber() throws Exception {
        Run run = submitThree("receipt-fields");
        assertEquals(3, run.payloads().size());
        JsonNode data = run.payloads().get(0).get("data");
        JsonNode r = data.get("receipt");
        assertEquals(data.get("id").asText(), r.get("requestId").asText());
        assertEquals("es", r.at("/consent/language").asText());
        assertEquals("es", r.at("/consent/profile").asText());
        assertEquals(data.at("/consent/text").asText(), r.at("/consent/text").asText());
        assertEquals(Ids.sha256Hex(r.at("/consent/text").asText()), r.at("/consent/textSha256").asText());
        assertTrue(r.at("/consent/uncheckedByDefault").asBoolean());
        assertEquals("2026-11-26T12:00:00Z", r.get("formRenderedAt").asText());
        assertEquals("2026-11-26T12:00:30Z", r.get("submittedAt").asText());
        assertEquals("203.0.113.0/24", r.get("clientNetwork").asText());
        assertEquals("https://site.example/es/x", r.get("pageUrl").asText());
        assertEquals("Mozilla/5.0 test", r.get("userAgent").asText());
        assertEquals(64, r.get("phoneHmacSha256").asText().length());
        assertEquals(64, r.get("disclosureSha256").asText().length());
        // The disclosure hash covers more than the title and body the request's own record hashes.
        assertNotEquals(data.at("/consent/disclosureSha256").asText(), r.get("disclosureSha256").asText());
        String text = r.toString();
        assertFalse(text.contains("2127365021") || text.contains("736-5021"), text);
        assertEquals(ConsentReceipts.GENESIS, r.get("prevSha256").asText());
        assertEquals(1, r.get("sequence").asLong());
    }

    @Test
    void verify_receiptAsDelivered_isValidAndLinksToThePreviousOne() throws Exception {
        Run run = submitThree("receipt-valid");
        ReceiptVerifier verifier = new ReceiptVerifier(run.keys());
        String first = run.payloads().get(0).at("/data/receipt").toString();
        String second = run.payloads().get(1).at("/data/receipt").toString();
        assertEquals(ReceiptVerifier.Verdict.VALID, verifier.verify(first).verdict());
        var linked = verifier.verify(second, first);
        assertEquals(ReceiptVerifier.Verdict.VALID, linked.verdict(), linked.message());
        // The stored copies are the same receipts, in canonical form.
        assertEquals(3, run.stored().size());
        assertEquals(ReceiptVerifier.Verdict.VALID, verifier.verify(run.stored().get(2), run.stored().get(1)).verdict());
        assertEquals(new String(ConsentReceipts.canonical(JSON.readTree(second)), java.nio.charset.StandardCharsets.UTF_8),
                run.stored().get(1));
    }

    @Test
    void verify_editedField_signatureMismatch() throws Exception {
        Run run = submitThree("receipt-edited");
        ObjectNode r = (ObjectNode) run.payloads().get(0).at("/data/receipt").deepCopy();
        ((ObjectNode) r.get("consent")).put("uncheckedByDefault", false);
        var result = new ReceiptVerifier(run.keys()).verify(r.toString());
        assertEquals(ReceiptVerifier.Verdict.SIGNATURE_MISMATCH, result.verdict());
        assertTrue(result.message().contains("changed after signing"), result.message());
    }

    @Test
    void verify_keyOfAnotherStore_unknownKeyOrMismatch() throws Exception {
        Run run = submitThree("receipt-wrong-key");
        String receipt = run.payloads().get(0).at("/data/receipt").toString();
        KeyPair other = ConsentReceipts.generateKeyPair();
        var unknown = new ReceiptVerifier(Map.of(ConsentReceipts.kidOf(other.getPublic()), other.getPublic())).verify(receipt);
        assertEquals(ReceiptVerifier.Verdict.UNKNOWN_KEY, unknown.verdict());
        assertTrue(unknown.message().contains(run.payloads().get(0).at("/data/receipt/kid").asText()), unknown.message());
        // The right kid, the wrong key: the signature cannot hold.
        String kid = run.keys().keySet().iterator().next();
        var wrong = new ReceiptVerifier(Map.of(kid, other.getPublic())).verify(receipt);
        assertEquals(ReceiptVerifier.Verdict.SIGNATURE_MISMATCH, wrong.verdict());
    }

    @Test
    void verify_receiptRemovedFromChain_chainBroken() throws Exception {
        Run run = submitThree("receipt-chain");
        ReceiptVerifier verifier = new ReceiptVerifier(run.keys());
        var result = verifier.verify(run.stored().get(2), run.stored().get(0));
        assertEquals(ReceiptVerifier.Verdict.CHAIN_BROKEN, result.verdict());
        assertTrue(result.message().startsWith("chain broken: receipt 3"), result.message());
    }

    @Test
    void verify_notAReceipt_malformed() {
        var result = new ReceiptVerifier(Map.of()).verify("{\"hello\":1}");
        assertEquals(ReceiptVerifier.Verdict.MALFORMED, result.verdict());
        assertEquals(ReceiptVerifier.Verdict.MALFORMED, new ReceiptVerifier(Map.of()).verify("not json").verdict());
    }

    @Test
    void keyPair_encodedAndDecoded_signsAlike() {
        KeyPair pair = ConsentReceipts.generateKeyPair();
        KeyPair back = ConsentReceipts.decode(ConsentReceipts.encode(pair));
        assertEquals(ConsentReceipts.kidOf(pair.getPublic()), ConsentReceipts.kidOf(back.getPublic()));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConsentReceipts.decode("nope"));
        assertTrue(e.getMessage().contains("PKCS#8"), e.getMessage());
    }

    @Test
    void receiptNetwork_truncatesV4To24AndV6To48() {
        assertEquals("198.51.100.0/24", ClientAddress.receiptNetwork("198.51.100.200"));
        assertEquals("2001:db8:1234:0:0:0:0:0/48", ClientAddress.receiptNetwork("2001:db8:1234:5678::1"));
        assertEquals("", ClientAddress.receiptNetwork("unknown"));
    }

    @Test
    void receiptRetention_pastIt_receiptsDeletedAfterTheNumberPurge_beforeIt_kept() {
        HelplineConfig config = HelplineConfig.fromProperties(Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.receipt-retention", "P30D",
                "helpline.callback.store.url", "jdbc:h2:mem:receipt-retention;DB_CLOSE_DELAY=-1"));
        assertEquals(Duration.ofDays(30), config.callback().receiptRetention());
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (CallbackService service = TestCallbacks.start(config, clock, false)) {
            String token = service.issueToken();
            clock.advance(Duration.ofSeconds(30));
            assertInstanceOf(SubmissionOutcome.Accepted.class, service.submit(new Submission(
                    Map.of("phone", "(212) 736-5021", "consent", "yes", "token", token), "127.0.0.1", "", "t")));
            clock.advance(Duration.ofDays(29));
            TestCallbacks.deliverDue(service);
            assertEquals(1, service.outbox().receipts(1, 10).size());
            clock.advance(Duration.ofDays(2));
            TestCallbacks.deliverDue(service);
            assertEquals(List.of(), service.outbox().receipts(1, 10));
        }
    }

    @Test
    void receiptRetention_notADuration_errorNamesKeyAndValue() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.helpline.core.config.ConfigException.class,
                () -> HelplineConfig.fromProperties(Map.of("helpline.phone", "800-601-3889",
                        "helpline.callback.receipt-retention", "five years")));
        assertTrue(e.getMessage().contains("helpline.callback.receipt-retention") && e.getMessage().contains("five years"),
                e.getMessage());
    }

    /** Once the receipt before it is past its retention, a receipt still verifies by its signature, and says so. */
    @Test
    void verifyInStore_previousPastRetention_signatureOnlyAndSaid_firstLinksToGenesis() {
        HelplineConfig config = HelplineConfig.fromProperties(Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.receipt-retention", "P30D",
                "helpline.callback.store.url", "jdbc:h2:mem:receipt-in-store;DB_CLOSE_DELAY=-1"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (CallbackService service = TestCallbacks.start(config, clock, false)) {
            for (int i = 0; i < 2; i++) {
                String token = service.issueToken();
                clock.advance(Duration.ofSeconds(30));
                assertInstanceOf(SubmissionOutcome.Accepted.class, service.submit(new Submission(
                        Map.of("phone", "(212) 736-502" + i, "consent", "yes", "token", token), "127.0.0.1", "", "t")));
                clock.advance(Duration.ofDays(20));
            }
            String first = service.outbox().receipt(1);
            String second = service.outbox().receipt(2);
            var one = ReceiptVerifier.verifyInStore(service.outbox(), first, Map.of());
            assertEquals(ReceiptVerifier.Verdict.VALID, one.verdict(), one.message());
            var linked = ReceiptVerifier.verifyInStore(service.outbox(), second, Map.of());
            assertTrue(linked.message().contains("chain link to receipt 1 hold"), linked.message());
            clock.advance(Duration.ofDays(1)); // receipt 1 is now 41 days old, receipt 2 21
            TestCallbacks.deliverDue(service);
            assertEquals(null, service.outbox().receipt(1));
            var alone = ReceiptVerifier.verifyInStore(service.outbox(), second, Map.of());
            assertEquals(ReceiptVerifier.Verdict.VALID, alone.verdict());
            assertTrue(alone.message().contains("receipt 1 is no longer kept"), alone.message());
        }
    }

    @Test
    void receiptKey_configured_signsReceipts_invalidOne_refusedWithoutEchoingIt() throws Exception {
        KeyPair pair = ConsentReceipts.generateKeyPair();
        HelplineConfig config = HelplineConfig.fromProperties(Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.receipt-key", ConsentReceipts.encode(pair),
                "helpline.callback.store.url", "jdbc:h2:mem:receipt-configured-key;DB_CLOSE_DELAY=-1"));
        assertFalse(config.callback().toString().contains(ConsentReceipts.encode(pair).substring(0, 20)));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (CallbackService service = TestCallbacks.start(config, clock, false)) {
            String token = service.issueToken();
            clock.advance(Duration.ofSeconds(30));
            assertInstanceOf(SubmissionOutcome.Accepted.class, service.submit(new Submission(
                    Map.of("phone", "(212) 736-5021", "consent", "yes", "token", token), "127.0.0.1", "", "t")));
            String receipt = service.outbox().receipt(1);
            assertEquals(ConsentReceipts.kidOf(pair.getPublic()), JSON.readTree(receipt).get("kid").asText());
            assertTrue(new ReceiptVerifier(Map.of(ConsentReceipts.kidOf(pair.getPublic()), pair.getPublic()))
                    .verify(receipt).valid());
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.helpline.core.config.ConfigException.class,
                () -> HelplineConfig.fromProperties(Map.of("helpline.phone", "800-601-3889",
                        "helpline.callback.receipt-key", "secretish.notakey")));
        assertTrue(e.getMessage().contains("helpline.callback.receipt-key"), e.getMessage());
        assertFalse(e.getMessage().contains("secretish"), e.getMessage());
    }
}

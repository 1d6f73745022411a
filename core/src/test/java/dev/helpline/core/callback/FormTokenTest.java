package dev.helpline.core.callback;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static dev.helpline.core.callback.FormToken.Verdict.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FormTokenTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final FormToken tokens = new FormToken(SECRET, Duration.ofHours(2), Duration.ofSeconds(2));
    private final Instant t0 = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void verify_afterMinFillTime_valid() {
        String t = tokens.issue(t0);
        assertEquals(VALID, tokens.verify(t, t0.plusSeconds(2)));
        assertEquals(VALID, tokens.verify(t, t0.plus(Duration.ofHours(2))));
    }

    @Test
    void verify_missingOrBlank_missing() {
        assertEquals(MISSING, tokens.verify(null, t0));
        assertEquals(MISSING, tokens.verify(" ", t0));
    }

    @Test
    void verify_tamperedOrOtherSecret_forged() {
        String t = tokens.issue(t0);
        // Flip the signature's first character: the last one of a base64 string may carry
        // only padding bits, and changing it need not change the decoded bytes.
        int sig = t.lastIndexOf('.') + 1;
        char first = t.charAt(sig);
        String tampered = t.substring(0, sig) + (first == 'A' ? 'B' : 'A') + t.substring(sig + 1);
        assertEquals(FORGED, tokens.verify(tampered, t0.plusSeconds(5)));
        FormToken other = new FormToken("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(2), Duration.ofSeconds(2));
        assertEquals(FORGED, other.verify(t, t0.plusSeconds(5)));
        assertEquals(FORGED, tokens.verify("1.abc.def", t0));
        assertEquals(FORGED, tokens.verify("2.abc.def", t0));
        assertEquals(FORGED, tokens.verify("garbage", t0));
        assertEquals(FORGED, tokens.verify("x".repeat(500), t0));
    }

    @Test
    void verify_renderTimeChanged_forged() {
        String t = tokens.issue(t0);
        String forgedLater = tokens.issue(t0.plusSeconds(3600)).split("\\.")[1];
        String[] parts = t.split("\\.");
        assertEquals(FORGED, tokens.verify(parts[0] + "." + forgedLater + "." + parts[2], t0.plusSeconds(3700)));
    }

    @Test
    void verify_olderThanMaxAge_expired() {
        assertEquals(EXPIRED, tokens.verify(tokens.issue(t0), t0.plus(Duration.ofHours(2)).plusMillis(1)));
    }

    @Test
    void verify_fasterThanMinFill_tooFast() {
        assertEquals(TOO_FAST, tokens.verify(tokens.issue(t0), t0.plusMillis(1999)));
    }

    @Test
    void verify_renderedInTheFuture_forged() {
        assertEquals(FORGED, tokens.verify(tokens.issue(t0.plusSeconds(120)), t0));
    }

    @Test
    void issue_twiceSameInstant_differentTokens() {
        assertEquals(false, tokens.issue(t0).equals(tokens.issue(t0)));
    }

    @Test
    void constructor_shortSecret_throws() {
        assertThrows(IllegalArgumentException.class, () -> new FormToken(new byte[8], Duration.ofHours(1), Duration.ZERO));
    }

    /** Issue J §1: the view (profile, language, consent version) is signed with the token. */
    @Test
    void check_viewSignedAndReturned_changedViewForged() {
        String t = tokens.issue(t0, "es\nes\n0123abcd");
        assertEquals(new FormToken.Checked(VALID, "es\nes\n0123abcd"), tokens.check(t, t0.plusSeconds(5)));
        assertEquals(new FormToken.Checked(EXPIRED, "es\nes\n0123abcd"), tokens.check(t, t0.plus(Duration.ofHours(3))));
        String[] parts = t.split("\\.");
        String other = tokens.issue(t0, "\nen\n0123abcd").split("\\.")[1];
        assertEquals(FORGED, tokens.verify(parts[0] + "." + other + "." + parts[2], t0.plusSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(t0, "x".repeat(FormToken.MAX_VIEW + 1)));
    }

    /** The keyed Macs are lent to one thread at a time: tokens issued at once by many threads all hold. */
    @Test
    void issue_fromManyThreadsAtOnce_everyTokenVerifiesWithItsOwnView() throws Exception {
        Instant rendered = Instant.parse("2026-01-01T00:00:00Z");
        Instant later = rendered.plusSeconds(10);
        int threads = 24;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String view = "en|default|v" + t;
                done.add(pool.submit(() -> {
                    int held = 0;
                    for (int i = 0; i < 300; i++) {
                        FormToken.Checked c = tokens.check(tokens.issue(rendered, view), later);
                        if (c.verdict() == VALID && view.equals(c.view())) {
                            held++;
                        }
                    }
                    return held;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : done) {
                assertEquals(300, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

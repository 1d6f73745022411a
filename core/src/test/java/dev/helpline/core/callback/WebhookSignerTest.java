package dev.helpline.core.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignerTest {
    // The example from the Standard Webhooks specification's reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private final WebhookSigner signer = new WebhookSigner(SECRET);

    @Test
    void sign_specExample_matchesReferenceSignature() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signer.sign(ID, TS, BODY));
    }

    @Test
    void verify_ownSignatureAmongOthers_true() {
        Instant now = Instant.ofEpochSecond(TS + 10);
        String header = "v1,AAAA v2,xyz " + signer.sign(ID, TS, BODY);
        assertTrue(signer.verify(ID, Long.toString(TS), BODY, header, now, Duration.ofMinutes(5)));
    }

    @Test
    void verify_changedBodyIdOrOldTimestamp_false() {
        Instant now = Instant.ofEpochSecond(TS);
        String sig = signer.sign(ID, TS, BODY);
        assertFalse(signer.verify(ID, Long.toString(TS), BODY + " ", sig, now, Duration.ofMinutes(5)));
        assertFalse(signer.verify("msg_other", Long.toString(TS), BODY, sig, now, Duration.ofMinutes(5)));
        assertFalse(signer.verify(ID, Long.toString(TS), BODY, sig, now.plusSeconds(301), Duration.ofMinutes(5)));
        assertFalse(signer.verify(ID, "x", BODY, sig, now, Duration.ofMinutes(5)));
        assertFalse(new WebhookSigner("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                .verify(ID, Long.toString(TS), BODY, sig, now, Duration.ofMinutes(5)));
    }
}

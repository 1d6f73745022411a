package dev.helpline.core.callback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed, stateless form token: proves that a submission comes from a form this site
 * rendered, and when. No server state is kept, so any instance sharing the secret can
 * check it.
 *
 * <pre>{@code
 * FormToken tokens = new FormToken(secret, Duration.ofHours(2), Duration.ofSeconds(2));
 * String t = tokens.issue(Instant.now());            // goes into the form's hidden field
 * tokens.verify(t, Instant.now().plusSeconds(30));   // VALID
 * }</pre>
 *
 * <p>The token is {@code 1.<base64url(render millis, nonce)>.<base64url(HMAC-SHA256)>}. It is
 * not single use: a token can be replayed until it expires; the rate limits bound that.
 * Immutable and thread safe.
 */
public final class FormToken {
    /** Tokens dated further ahead than this are forged or from a badly skewed clock. */
    private static final Duration FUTURE_SKEW = Duration.ofSeconds(30);
    private static final int MAX_LENGTH = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What {@link #verify} found. */
    public enum Verdict { VALID, MISSING, FORGED, EXPIRED, TOO_FAST }

    private final SecretKeySpec key;
    private final Duration maxAge;
    private final Duration minFillTime;

    /**
     * @param secret      at least 32 bytes
     * @param maxAge      how long a rendered form stays valid
     * @param minFillTime submissions faster than this are {@link Verdict#TOO_FAST}
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public FormToken(byte[] secret, Duration maxAge, Duration minFillTime) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the token secret must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.minFillTime = Objects.requireNonNull(minFillTime, "minFillTime");
    }

    /** A token for a form rendered at {@code renderedAt}. */
    public String issue(Instant renderedAt) {
        byte[] payload = ByteBuffer.allocate(16).putLong(renderedAt.toEpochMilli()).putLong(RANDOM.nextLong()).array();
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        return "1." + p + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(p));
    }

    /** Checks a submitted token ({@code null} or blank is {@link Verdict#MISSING}). */
    public Verdict verify(String token, Instant now) {
        if (token == null || token.isBlank()) {
            return Verdict.MISSING;
        }
        if (token.length() > MAX_LENGTH) {
            return Verdict.FORGED;
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals("1")) {
            return Verdict.FORGED;
        }
        byte[] payload;
        byte[] sig;
        try {
            payload = Base64.getUrlDecoder().decode(parts[1]);
            sig = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        if (payload.length != 16 || !MessageDigest.isEqual(sig, mac(parts[1]))) {
            return Verdict.FORGED;
        }
        Instant rendered = Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
        if (rendered.isAfter(now.plus(FUTURE_SKEW))) {
            return Verdict.FORGED;
        }
        Duration age = Duration.between(rendered, now);
        if (age.compareTo(maxAge) > 0) {
            return Verdict.EXPIRED;
        }
        if (age.compareTo(minFillTime) < 0) {
            return Verdict.TOO_FAST;
        }
        return Verdict.VALID;
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(("helpline-form-token." + payload).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}

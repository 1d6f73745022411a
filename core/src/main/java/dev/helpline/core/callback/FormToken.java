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
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed, stateless form token: proves that a submission comes from a form this site
 * rendered, when, and as what (the "view": which profile, language and consent text the
 * form showed). No server state is kept, so any instance sharing the secret can check it.
 *
 * <pre>{@code
 * FormToken tokens = new FormToken(secret, Duration.ofHours(2), Duration.ofSeconds(2));
 * String t = tokens.issue(Instant.now(), "es\nes\n3f2a…");   // goes into the form's hidden field
 * tokens.check(t, Instant.now().plusSeconds(30));             // Checked[verdict=VALID, view=es\nes\n3f2a…]
 * }</pre>
 *
 * <p>The token is {@code 2.<base64url(render millis, nonce, view)>.<base64url(HMAC-SHA256)>}.
 * The view is signed with the rest, so a submission cannot claim to come from a page it did
 * not come from. A token is not single use: it can be replayed until it expires; the rate
 * limits bound that. Tokens of the earlier format ({@code 1.…}), which carried no view, are
 * {@link Verdict#EXPIRED}: the person gets a fresh form. Immutable and thread safe.
 */
public final class FormToken {
    /** Tokens dated further ahead than this are forged or from a badly skewed clock. */
    private static final Duration FUTURE_SKEW = Duration.ofSeconds(30);
    /** Longest view, in UTF-8 bytes: a profile name, a language and a hash fit easily. */
    public static final int MAX_VIEW = 160;
    private static final int MAX_LENGTH = 400;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Signed before the payload, so that a signature of one format never passes for the other's. */
    private static final String V2_CONTEXT = "helpline-form-token.2.";

    /** What {@link #check} found. */
    public enum Verdict { VALID, MISSING, FORGED, EXPIRED, TOO_FAST }

    /**
     * The verdict and, when the signature holds (valid, expired or too fast), the view the
     * form was rendered for; {@code null} otherwise.
     */
    public record Checked(Verdict verdict, String view) {
        public Checked {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

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

    /** A token for a form rendered at {@code renderedAt} with an empty view. */
    public String issue(Instant renderedAt) {
        return issue(renderedAt, "");
    }

    /**
     * A token for a form rendered at {@code renderedAt} showing {@code view}.
     *
     * @throws IllegalArgumentException if the view is longer than {@value #MAX_VIEW} UTF-8 bytes
     */
    public String issue(Instant renderedAt, String view) {
        byte[] v = view.getBytes(StandardCharsets.UTF_8);
        if (v.length > MAX_VIEW) {
            throw new IllegalArgumentException("a form token's view is at most " + MAX_VIEW + " bytes, got " + v.length);
        }
        byte[] payload = ByteBuffer.allocate(16 + v.length).putLong(renderedAt.toEpochMilli())
                .putLong(RANDOM.nextLong()).put(v).array();
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        return "2." + p + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(V2_CONTEXT, p));
    }

    /** Checks a submitted token ({@code null} or blank is {@link Verdict#MISSING}). */
    public Verdict verify(String token, Instant now) {
        return check(token, now).verdict();
    }

    /** Checks a submitted token and reads its view. */
    public Checked check(String token, Instant now) {
        if (token == null || token.isBlank()) {
            return new Checked(Verdict.MISSING, null);
        }
        if (token.length() > MAX_LENGTH) {
            return new Checked(Verdict.FORGED, null);
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals("2") && !parts[0].equals("1")) {
            return new Checked(Verdict.FORGED, null);
        }
        byte[] payload;
        byte[] sig;
        try {
            payload = Base64.getUrlDecoder().decode(parts[1]);
            sig = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return new Checked(Verdict.FORGED, null);
        }
        if (parts[0].equals("1")) {
            // The first format signed differently and named no view: never valid, but shown as
            // an expired form (a page open across an upgrade) rather than as a forgery.
            boolean genuine = payload.length == 16 && MessageDigest.isEqual(sig, mac("helpline-form-token.", parts[1]));
            return new Checked(genuine ? Verdict.EXPIRED : Verdict.FORGED, null);
        }
        if (payload.length < 16 || payload.length > 16 + MAX_VIEW || !MessageDigest.isEqual(sig, mac(V2_CONTEXT, parts[1]))) {
            return new Checked(Verdict.FORGED, null);
        }
        Instant rendered = Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
        String view = new String(Arrays.copyOfRange(payload, 16, payload.length), StandardCharsets.UTF_8);
        if (rendered.isAfter(now.plus(FUTURE_SKEW))) {
            return new Checked(Verdict.FORGED, null);
        }
        Duration age = Duration.between(rendered, now);
        if (age.compareTo(maxAge) > 0) {
            return new Checked(Verdict.EXPIRED, view);
        }
        if (age.compareTo(minFillTime) < 0) {
            return new Checked(Verdict.TOO_FAST, view);
        }
        return new Checked(Verdict.VALID, view);
    }

    /**
     * When the form of a token was rendered; only for a token {@link #check} found valid
     * (its signature already holds), {@code null} for anything else.
     */
    Instant renderedAt(String token) {
        try {
            String[] parts = token.trim().split("\\.", -1);
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            return payload.length < 8 ? null : Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private byte[] mac(String context, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((context + payload).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}

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
import java.util.concurrent.atomic.AtomicReferenceArray;

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

    private static final byte[] V2_CONTEXT_BYTES = V2_CONTEXT.getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** Keyed Macs kept between tokens: as many as pages are usually rendered at once. */
    private static final int SCRATCH_KEPT = 16;

    private final SecretKeySpec key;
    /**
     * Keyed Macs with their buffers (setting a Mac up costs more than signing a token), lent
     * to one issuing thread at a time. A pool owned by this token and not a ThreadLocal: the
     * container's threads outlive a web application, and a ThreadLocal value of one of its
     * classes would keep the stopped application's class loader alive (Tomcat reports it as a
     * leak when the application stops).
     */
    private final AtomicReferenceArray<Scratch> idle = new AtomicReferenceArray<>(SCRATCH_KEPT);
    private volatile View lastView;
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
        byte[] v = viewBytes(view);
        if (v.length > MAX_VIEW) {
            throw new IllegalArgumentException("a form token's view is at most " + MAX_VIEW + " bytes, got " + v.length);
        }
        // Issued once per rendered page: built in this thread's buffers with its own keyed Mac,
        // so that a token costs its HMAC and its String, not a Mac set up and a dozen copies.
        Scratch s = borrow();
        try {
            return issue(s, renderedAt, v);
        } finally {
            giveBack(s);
        }
    }

    private String issue(Scratch s, Instant renderedAt, byte[] v) {
        byte[] payload = s.payload(16 + v.length);
        putLong(payload, 0, renderedAt.toEpochMilli());
        RANDOM.nextBytes(s.random);
        System.arraycopy(s.random, 0, payload, 8, 8);
        System.arraycopy(v, 0, payload, 16, v.length);
        byte[] token = s.token;
        token[0] = '2';
        token[1] = '.';
        int p = URL.encode(payload, s.encoded);
        System.arraycopy(s.encoded, 0, token, 2, p);
        s.mac.update(V2_CONTEXT_BYTES);
        s.mac.update(s.encoded, 0, p);
        byte[] sig = s.mac.doFinal();
        token[2 + p] = '.';
        int n = URL.encode(sig, s.encoded);
        System.arraycopy(s.encoded, 0, token, 3 + p, n);
        return new String(token, 0, 3 + p + n, StandardCharsets.US_ASCII);
    }

    /** An idle keyed Mac with its buffers, or a new one when every kept one is lent out. */
    private Scratch borrow() {
        for (int i = 0; i < SCRATCH_KEPT; i++) {
            Scratch s = idle.getAndSet(i, null);
            if (s != null) {
                return s;
            }
        }
        return new Scratch(newMac());
    }

    /** Keeps {@code s} for the next token, unless enough are kept already. */
    private void giveBack(Scratch s) {
        for (int i = 0; i < SCRATCH_KEPT; i++) {
            if (idle.compareAndSet(i, null, s)) {
                return;
            }
        }
    }

    private static void putLong(byte[] b, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    /** The view's UTF-8 bytes; the last view's are kept, since a site's pages repeat a handful of views. */
    private byte[] viewBytes(String view) {
        View last = lastView;
        if (last != null && last.text().equals(view)) {
            return last.bytes();
        }
        byte[] bytes = view.getBytes(StandardCharsets.UTF_8);
        lastView = new View(view, bytes);
        return bytes;
    }

    private record View(String text, byte[] bytes) {
    }

    /** A keyed Mac and buffers for {@link #issue}, used by one thread at a time. */
    private static final class Scratch {
        final Mac mac;
        final byte[] random = new byte[8];
        /** Base64 of the payload (at most 16 + MAX_VIEW bytes) or of the signature. */
        final byte[] encoded = new byte[(16 + MAX_VIEW + 2) / 3 * 4];
        final byte[] token = new byte[3 + encoded.length + 44];
        private byte[] payload = new byte[16];

        Scratch(Mac mac) {
            this.mac = mac;
        }

        /** A payload buffer of exactly {@code length} bytes (Base64 encodes whole arrays), kept while views keep their length. */
        byte[] payload(int length) {
            if (payload.length != length) {
                payload = new byte[length];
            }
            return payload;
        }
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
        return newMac().doFinal((context + payload).getBytes(StandardCharsets.US_ASCII));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}

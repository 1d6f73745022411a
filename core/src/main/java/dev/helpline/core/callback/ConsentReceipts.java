package dev.helpline.core.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Seals consent receipts: a JSON record of what a person agreed to, signed with Ed25519 and
 * linked to the receipt before it by that one's SHA-256 (a chain per store), so that an
 * edited, inserted or removed receipt shows. A receipt holds no phone number, only a keyed
 * hash of it, so it may be kept after the number is purged.
 *
 * <p>The signature covers the receipt's canonical form: its JSON with every object's keys
 * sorted and no whitespace, without the {@code signature} field. The chain hash covers the
 * canonical form with the signature. Both are reproducible by {@link ReceiptVerifier}
 * from the receipt alone. Thread safe.
 */
public final class ConsentReceipts {
    /** The receipt format; a verifier refuses formats it does not know. */
    public static final String FORMAT = "helpline-consent-receipt/1";
    /** The {@code prevSha256} of a store's first receipt. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final PrivateKey signingKey;
    private final String kid;
    private final PublicKey publicKey;
    private final SecretKeySpec phoneKey;

    /**
     * @param keyPair  an Ed25519 key pair
     * @param phoneKey the secret of the number's keyed hash (HMAC-SHA256), at least 32 bytes
     */
    public ConsentReceipts(KeyPair keyPair, byte[] phoneKey) {
        Objects.requireNonNull(keyPair, "keyPair");
        if (phoneKey.length < 32) {
            throw new IllegalArgumentException("the receipt phone key must have at least 32 bytes");
        }
        this.signingKey = keyPair.getPrivate();
        this.publicKey = keyPair.getPublic();
        this.kid = kidOf(publicKey);
        this.phoneKey = new SecretKeySpec(phoneKey.clone(), "HmacSHA256");
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** A key pair as kept in a store or configuration: {@code base64(PKCS#8 private)} + "." + {@code base64(X.509 public)}. */
    public static String encode(KeyPair pair) {
        Base64.Encoder b = Base64.getEncoder();
        return b.encodeToString(pair.getPrivate().getEncoded()) + "." + b.encodeToString(pair.getPublic().getEncoded());
    }

    /**
     * Reads {@link #encode(KeyPair)}'s form.
     *
     * @throws IllegalArgumentException naming what is wrong (never the key itself)
     */
    public static KeyPair decode(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a receipt key pair is base64(PKCS#8 private key).base64(X.509 public key)");
        }
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            return new KeyPair(f.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1]))),
                    f.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0]))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the receipt key pair is not an Ed25519 key pair in base64");
        }
    }

    /** The public key's id: the first 16 hex digits of the SHA-256 of its X.509 form. */
    public static String kidOf(PublicKey key) {
        return HexFormat.of().formatHex(sha256(key.getEncoded())).substring(0, 16);
    }

    /** The id of the key receipts are signed with. */
    public String kid() {
        return kid;
    }

    /** The public key, for {@link ReceiptVerifier}. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * What a receipt records beyond the request itself.
     *
     * @param profile            the profile the form was shown in ({@code ""}: the top level)
     * @param language           the language the form was shown in
     * @param disclosureSha256   SHA-256 (hex) of the whole disclosure as shown
     * @param consentUncheckedByDefault whether the consent box was shown unticked
     * @param formRenderedAt     when the form was rendered (from its signed token)
     * @param clientIp           the client's address (kept truncated)
     */
    public record Facts(String profile, String language, String disclosureSha256, boolean consentUncheckedByDefault,
                        Instant formRenderedAt, String clientIp) {
        public Facts {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(disclosureSha256, "disclosureSha256");
            Objects.requireNonNull(formRenderedAt, "formRenderedAt");
        }
    }

    /**
     * The signed receipt of an accepted request.
     *
     * @param acceptedAt  when the request was committed
     * @param sequence    its place in the store's chain (1 for the first)
     * @param prevSha256  the chain hash of the receipt before it ({@link #GENESIS} for the first)
     */
    public ObjectNode seal(CallbackRequest r, Facts f, Instant acceptedAt, long sequence, String prevSha256) {
        ObjectNode n = CANONICAL.createObjectNode();
        n.put("format", FORMAT);
        n.put("requestId", r.id());
        n.put("sequence", sequence);
        n.put("prevSha256", prevSha256);
        ObjectNode consent = n.putObject("consent");
        consent.put("given", r.consent().given());
        consent.put("text", r.consent().text());
        consent.put("textSha256", r.consent().textHash());
        consent.put("language", f.language());
        consent.put("profile", f.profile());
        consent.put("uncheckedByDefault", f.consentUncheckedByDefault());
        n.put("disclosureSha256", f.disclosureSha256());
        n.put("formRenderedAt", f.formRenderedAt().toString());
        n.put("submittedAt", r.consent().at().toString());
        n.put("acceptedAt", acceptedAt.toString());
        n.put("pageUrl", r.pageUrl());
        n.put("clientNetwork", ClientAddress.receiptNetwork(f.clientIp()));
        n.put("userAgent", r.userAgent());
        n.put("phoneHmacSha256", phoneHash(r.phone().e164()));
        n.put("kid", kid);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(signingKey);
            s.update(canonical(n));
            n.put("signature", Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a consent receipt", e);
        }
        return n;
    }

    /** The keyed hash (hex) of a number in E.164, as receipts carry it: who holds the key can match a number. */
    public String phoneHash(String e164) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(phoneKey);
            return HexFormat.of().formatHex(mac.doFinal(e164.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A receipt's canonical bytes: keys sorted at every level, no whitespace, UTF-8. */
    public static byte[] canonical(JsonNode receipt) {
        try {
            return CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(receipt, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash the next receipt links to: SHA-256 (hex) of the canonical form, signature included. */
    public static String chainHash(JsonNode receipt) {
        return HexFormat.of().formatHex(sha256(canonical(receipt)));
    }

    /** The bytes a receipt's signature covers: the canonical form without {@code signature}. */
    static byte[] signedBytes(JsonNode receipt) {
        ObjectNode copy = ((ObjectNode) receipt).deepCopy();
        copy.remove("signature");
        return canonical(copy);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This signer's public key by its id, for a {@link ReceiptVerifier}. */
    public Map<String, PublicKey> verificationKeys() {
        return Map.of(kid, publicKey);
    }
}

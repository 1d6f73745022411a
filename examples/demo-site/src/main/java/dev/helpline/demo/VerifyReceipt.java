package dev.helpline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.CallbackOutbox;
import dev.helpline.core.callback.CallbackStore;
import dev.helpline.core.callback.ConsentReceipts;
import dev.helpline.core.callback.ReceiptVerifier;
import dev.helpline.core.config.CallbackSettings;
import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code verify-receipt}: checks a consent receipt read from stdin (the receipt itself, or a
 * whole webhook body carrying it under {@code data.receipt}) against the callback store of
 * the configuration: its signature and its link to the receipt stored before it.
 */
final class VerifyReceipt {
    private VerifyReceipt() {
    }

    /** 0 when valid, 1 when the signature, the content or the chain does not match (the message says which). */
    static int run(Path configFile, InputStream in, PrintStream out, PrintStream err) throws IOException {
        String receipt = receiptOf(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        return verify(configFile, out, err, (store, keys) -> ReceiptVerifier.verifyInStore(store, receipt, keys));
    }

    /**
     * {@code --chain FILE}: walks a whole exported chain, a JSON array or one JSON document a
     * line, each a receipt or a webhook body carrying one. 0 when every signature and link
     * holds, 1 at the first that does not (the message names its receipt).
     */
    static int runChain(Path configFile, Path chainFile, PrintStream out, PrintStream err) throws IOException {
        String text = java.nio.file.Files.readString(chainFile, StandardCharsets.UTF_8);
        java.util.List<String> receipts = new java.util.ArrayList<>();
        JsonNode array = null;
        try {
            array = text.stripLeading().startsWith("[") ? new ObjectMapper().readTree(text) : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("the chain file is not a JSON array: " + e.getOriginalMessage());
            return 1;
        }
        if (array != null) {
            array.forEach(n -> receipts.add(receiptOf(n.toString())));
        } else {
            text.lines().filter(l -> !l.isBlank()).forEach(l -> receipts.add(receiptOf(l)));
        }
        return verify(configFile, out, err, (store, keys) -> ReceiptVerifier.verifyChainInStore(store, receipts, keys));
    }

    /** A receipt, or the one a webhook body carries under {@code data.receipt}. */
    private static String receiptOf(String text) {
        try {
            JsonNode n = new ObjectMapper().readTree(text);
            if (n != null && n.at("/data/receipt").isObject()) {
                return n.at("/data/receipt").toString();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: the verifier says so
        }
        return text;
    }

    private interface Check {
        ReceiptVerifier.Result run(CallbackStore store, Map<String, java.security.PublicKey> keys);
    }

    private static int verify(Path configFile, PrintStream out, PrintStream err, Check check) {
        HelplineConfig config = ConfigLoader.standard().file(configFile).load();
        CallbackSettings s = config.callback();
        // The command reads the store the site writes: the JDBC store on the configured URL.
        try (CallbackStore store = CallbackOutbox.open(s.storeUrl(), s.storeUser(), s.storePassword())) {
            // A configured key signs instead of the store's; the store's stays known for older receipts.
            Map<String, java.security.PublicKey> configured = s.receiptKey() == null ? Map.of()
                    : new ConsentReceipts(ConsentReceipts.decode(s.receiptKey()), new byte[32]).verificationKeys();
            ReceiptVerifier.Result result = check.run(store, configured);
            (result.valid() ? out : err).println(result.message());
            return result.valid() ? 0 : 1;
        }
    }
}

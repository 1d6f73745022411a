package dev.helpline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.CallbackOutbox;
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
        HelplineConfig config = ConfigLoader.standard().file(configFile).load();
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String receipt = text;
        try {
            JsonNode n = new ObjectMapper().readTree(text);
            if (n != null && n.at("/data/receipt").isObject()) {
                receipt = n.at("/data/receipt").toString();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: the verifier says so
        }
        CallbackSettings s = config.callback();
        try (CallbackOutbox store = CallbackOutbox.open(s.storeUrl(), s.storeUser(), s.storePassword())) {
            // A configured key signs instead of the store's; the store's stays known for older receipts.
            Map<String, java.security.PublicKey> configured = s.receiptKey() == null ? Map.of()
                    : new ConsentReceipts(ConsentReceipts.decode(s.receiptKey()), new byte[32]).verificationKeys();
            ReceiptVerifier.Result result = ReceiptVerifier.verifyInStore(store, receipt, configured);
            (result.valid() ? out : err).println(result.message());
            return result.valid() ? 0 : 1;
        }
    }
}

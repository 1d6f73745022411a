package dev.helpline.example.boot;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The operator's side for the tests: receives deliveries on 127.0.0.1 and checks their
 * Standard Webhooks signature (HMAC-SHA256 over {@code id.timestamp.body}) on its own,
 * not with the SDK's code.
 */
final class WebhookReceiver implements AutoCloseable {
    static final byte[] KEY = "example-webhook-secret-32-bytes!".getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    record Delivery(String id, String body, boolean signed) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new ArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            boolean signed = sig != null && sig.contains("v1," + sign(id + "." + ts + "." + body));
            synchronized (this) {
                deliveries.add(new Delivery(id, body, signed));
            }
            ex.sendResponseHeaders(signed ? 204 : 401, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private static String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

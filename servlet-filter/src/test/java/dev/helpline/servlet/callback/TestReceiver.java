package dev.helpline.servlet.callback;

import dev.helpline.core.callback.WebhookSigner;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 for tests: records every delivery and whether its
 * Standard Webhooks signature checks out; {@link #setUp(boolean)} false answers 503.
 */
public final class TestReceiver implements AutoCloseable {
    public static final String SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("test-webhook-secret-32-bytes-long".getBytes(StandardCharsets.UTF_8));

    /** One POST as received. */
    public record Delivery(String id, String timestamp, String body, String signature, boolean signatureValid) {
    }

    private final HttpServer server;
    private final WebhookSigner signer = new WebhookSigner(SECRET);
    private final List<Delivery> deliveries = new ArrayList<>();
    private volatile boolean up = true;
    private int refused;

    public TestReceiver() throws IOException {
        this(0);
    }

    public TestReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = ex.getRequestHeaders();
            int status;
            synchronized (this) {
                if (!up) {
                    refused++;
                    status = 503;
                } else {
                    // Tolerance is wide: tests move a fake clock far from the real one.
                    boolean ok = signer.verify(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), body,
                            h.getFirst("webhook-signature"), Instant.now(), Duration.ofDays(3650));
                    deliveries.add(new Delivery(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), body,
                            h.getFirst("webhook-signature"), ok));
                    status = ok ? 204 : 401;
                }
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized void setUp(boolean up) {
        this.up = up;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized int refused() {
        return refused;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

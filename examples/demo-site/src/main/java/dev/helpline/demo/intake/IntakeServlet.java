package dev.helpline.demo.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.callback.WebhookSigner;
import dev.helpline.core.phone.PhoneNumber;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The demo's stand-in for the helpline operator: receives callback webhooks, checks their
 * Standard Webhooks signature (401 when it does not match), keeps the last 200 in memory,
 * and lists them at GET with masked numbers. Mount it at {@code /intake} and point
 * {@code helpline.callback.webhook.url} at it with the same {@code whsec_} secret.
 *
 * <p>A retried delivery (same {@code webhook-id}) is listed once. Thread safe.
 */
public final class IntakeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int KEEP = 200;
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One delivery as listed: never the full number. {@code type} is the event
     * ({@code callback.requested}, {@code consent.revoked}, {@code callback.deleted});
     * {@code deadline} is when a revocation or deletion must be honoured, else empty.
     */
    public record Received(String webhookId, Instant at, String type, String maskedPhone, String pageUrl, boolean consent,
                           String deadline) {
    }

    private final transient WebhookSigner signer;
    private final transient Deque<Received> received = new ArrayDeque<>();

    /** @param whsecSecret the secret the site signs with ({@code helpline.callback.webhook.secret}) */
    public IntakeServlet(String whsecSecret) {
        this.signer = new WebhookSigner(whsecSecret);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        byte[] bytes = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            res.sendError(413);
            return;
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        String id = req.getHeader(WebhookSigner.ID);
        if (!signer.verify(id, req.getHeader(WebhookSigner.TIMESTAMP), body, req.getHeader(WebhookSigner.SIGNATURE),
                Instant.now(), Duration.ofMinutes(5))) {
            res.sendError(401, "bad webhook signature");
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            res.sendError(400);
            return;
        }
        JsonNode data = root.path("data");
        String deadline = data.path("honourBy").asText(data.path("deleteBy").asText(""));
        Received r = new Received(id, Instant.now(), root.path("type").asText("callback.requested"),
                PhoneNumber.mask(data.path("phone").asText("")), data.path("pageUrl").asText(""),
                data.path("consent").path("given").asBoolean(false), deadline);
        synchronized (received) {
            if (received.stream().noneMatch(x -> x.webhookId().equals(id))) {
                received.addFirst(r);
                while (received.size() > KEEP) {
                    received.removeLast();
                }
            }
        }
        res.setStatus(204);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/html;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                + "<title>Intake: callback requests received</title><h1>Callback requests received</h1>"
                + "<p>The demo operator's inbox. Each event was delivered by the site's outbox with a verified"
                + " Standard Webhooks signature: requests, and the revocations and deletions the operator must"
                + " honour by the deadline shown. Numbers are masked.</p><table><thead><tr><th>Received</th>"
                + "<th>Event</th><th>Number</th><th>Consent</th><th>Deadline</th><th>Page</th><th>webhook-id</th>"
                + "</tr></thead><tbody>");
        for (Received r : received()) {
            boolean request = r.type().equals("callback.requested");
            b.append("<tr><td>").append(esc(r.at().toString())).append("</td><td>").append(esc(r.type()))
                    .append("</td><td>").append(esc(r.maskedPhone()))
                    .append("</td><td>").append(request ? (r.consent() ? "yes" : "no") : "")
                    .append("</td><td>").append(esc(r.deadline())).append("</td><td>").append(esc(r.pageUrl()))
                    .append("</td><td><code>").append(esc(r.webhookId())).append("</code></td></tr>");
        }
        b.append("</tbody></table></html>");
        res.getWriter().write(b.toString());
    }

    /** The deliveries kept, newest first. */
    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}

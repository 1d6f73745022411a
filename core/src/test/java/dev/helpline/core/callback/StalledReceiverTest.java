package dev.helpline.core.callback;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue J §3: a receiver that sends its status line and headers and then nothing. Before,
 * the request timeout covered only the headers, so the round (and every request after it)
 * waited until the receiver dropped the connection; the lease ran out meanwhile and another
 * instance could deliver the same request while the first delivery was still open.
 */
class StalledReceiverTest {
    @TempDir
    Path dir;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Answers the first request with headers only, then stalls; answers every later one whole. */
    private URI stallingReceiver(List<String> completed) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            int n = 0;
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    String id = readRequest(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    if (n++ == 0) {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        held.add(s); // and nothing more
                    } else {
                        out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        completed.add(id);
                        s.close();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "stalling-receiver");
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
    }

    /** Reads one request (headers and its Content-Length body); answers its webhook-id. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        String id = null;
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("webhook-id:")) {
                id = line.substring(11).trim();
            } else if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return id;
    }

    @Test
    void runOnce_receiverStallsMidAnswer_cutOffAtDeadlineAndNextRequestDelivered() throws Exception {
        List<String> completed = new CopyOnWriteArrayList<>();
        URI url = stallingReceiver(completed);
        try (CallbackOutbox outbox = CallbackOutbox.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "")) {
            java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger failedAttempts = new java.util.concurrent.atomic.AtomicInteger();
            DeliveryWorker worker = new DeliveryWorker(outbox, url, new WebhookSigner(TestReceiver.SECRET),
                    Clock.systemUTC(), Duration.ofDays(3), Duration.ofDays(7), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    (id, ok, latency, error) -> (ok ? delivered : failedAttempts).incrementAndGet());
            CallbackRequest first = OutboxContract.request("212-736-1801", java.time.Instant.now());
            outbox.accept(first);
            long start = System.nanoTime();
            // Before the fix this round never ended while the receiver held the connection.
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertEquals(1, worker.runOnce()));
            CallbackRequest next = OutboxContract.request("212-736-1802", java.time.Instant.now());
            outbox.accept(next);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertEquals(1, worker.runOnce()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(next.id()), completed, "the next request was delivered, whole");
            assertEquals(1, delivered.get());
            assertEquals(1, failedAttempts.get(), "the stalled exchange counts as a failed attempt");
            assertEquals(new CallbackStore.Counts(1, 1, 0, 0), outbox.counts(), "the stalled one is retried later");
            assertTrue(outbox.undeliverable().isEmpty());
            Path report = Path.of("target", "stalled-receiver.txt");
            Files.createDirectories(report.getParent());
            Files.writeString(report, "delivery deadline 2 s: next request delivered " + millis
                    + " ms after the stalled one was sent\n");
        }
    }

    @Test
    void constructor_leaseShorterThanTwiceTheDeadline_refused() throws Exception {
        try (CallbackOutbox outbox = CallbackOutbox.open("jdbc:h2:mem:lease;DB_CLOSE_DELAY=-1", "", "")) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new DeliveryWorker(outbox, URI.create("http://127.0.0.1:1/"), new WebhookSigner(TestReceiver.SECRET),
                            Clock.systemUTC(), Duration.ofDays(3), Duration.ofDays(7), Duration.ofSeconds(20),
                            Duration.ofSeconds(30), DeliveryListener.NONE));
            assertTrue(e.getMessage().contains("PT30S") && e.getMessage().contains("PT20S"), e.getMessage());
        }
    }
}

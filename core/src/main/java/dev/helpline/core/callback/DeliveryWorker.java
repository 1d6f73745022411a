package dev.helpline.core.callback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers the outbox to the operator's webhook, in the background: each due request is
 * POSTed as JSON with Standard Webhooks headers ({@code webhook-id} is the request's id,
 * the same on every retry). A 2xx answer marks it delivered; anything else schedules a
 * retry with exponential backoff and jitter (half fixed, half random), until the retry horizon (counted from
 * when the request was received) is reached, then it is marked undeliverable and reported.
 *
 * <p>All state is in the outbox, so a restarted process resumes where the last one
 * stopped. Time comes from the {@link Clock} given, so tests can simulate hours.
 *
 * <pre>{@code
 * DeliveryWorker w = new DeliveryWorker(outbox, URI.create("https://ops.example/hook"), signer,
 *         Clock.systemUTC(), Duration.ofDays(3), Duration.ofDays(7));
 * w.start();   // polls every second; wake() after an accept delivers at once
 * w.close();
 * }</pre>
 *
 * <p>Thread safe; {@link #runOnce()} may be called directly (tests) when not started.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");
    /** First retry about this long after a failure; doubled each time. */
    static final Duration BASE_BACKOFF = Duration.ofSeconds(5);
    /** Backoff never exceeds this, so that an outage ending is noticed within the hour. */
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The whole exchange, from connecting to the last byte of the receiver's answer: a
     * receiver that sends its headers and then stalls is cut off here like one that never
     * answers, and the attempt counts as failed.
     */
    static final Duration DEADLINE = Duration.ofSeconds(15);
    /**
     * Twice the longest a round can take (a batch is sent in parallel, each exchange cut off
     * at {@link #DEADLINE}): a lease only runs out when an instance died mid-round, and then
     * its requests are retried by whoever claims them next, at most this much later. While
     * the lease holds, no other instance sends the request; a delivery that would outlive its
     * lease is never started, and the outcome of one whose lease was taken over is not
     * recorded (see {@link CallbackStore.Pending}).
     */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final int BATCH = 16;

    private final CallbackStore outbox;
    private final URI url;
    private final WebhookSigner signer;
    private final Clock clock;
    private final Duration horizon;
    private final Duration retention;
    /** How long consent receipts are kept (they hold no number); {@code null}: forever. */
    private final Duration receiptRetention;
    private final HttpClient http;
    /** Runs the client's work: ours, so that {@link #close()} can end its threads. */
    private final ExecutorService httpExecutor;
    private final Duration deadline;
    private final Duration lease;
    private final DeliveryListener listener;
    private final Object runLock = new Object();
    private ScheduledExecutorService executor;
    private Instant lastPurge = Instant.EPOCH;

    /**
     * @param url    where to deliver; {@code null} stores only (nothing is sent)
     * @param signer required with a URL
     */
    public DeliveryWorker(CallbackStore outbox, URI url, WebhookSigner signer, Clock clock, Duration horizon,
                          Duration retention) {
        this(outbox, url, signer, clock, horizon, retention, DeliveryListener.NONE);
    }

    /** As the other constructor; {@code listener} is told about every attempt. */
    public DeliveryWorker(CallbackStore outbox, URI url, WebhookSigner signer, Clock clock, Duration horizon,
                          Duration retention, DeliveryListener listener) {
        this(outbox, url, signer, clock, horizon, retention, DEADLINE, LEASE, listener, null);
    }

    /** As the other constructors; consent receipts accepted longer than {@code receiptRetention} ago are deleted. */
    DeliveryWorker(CallbackStore outbox, URI url, WebhookSigner signer, Clock clock, Duration horizon,
                   Duration retention, DeliveryListener listener, Duration receiptRetention) {
        this(outbox, url, signer, clock, horizon, retention, DEADLINE, LEASE, listener,
                Objects.requireNonNull(receiptRetention, "receiptRetention"));
    }

    /**
     * As the public constructor with another deadline and lease: a round against a receiver
     * that stalls is checked in seconds, not in the minutes of the real deadline.
     */
    DeliveryWorker(CallbackStore outbox, URI url, WebhookSigner signer, Clock clock, Duration horizon,
                   Duration retention, Duration deadline, Duration lease, DeliveryListener listener) {
        this(outbox, url, signer, clock, horizon, retention, deadline, lease, listener, null);
    }

    /**
     * @throws IllegalArgumentException unless the lease is longer than twice the deadline
     */
    private DeliveryWorker(CallbackStore outbox, URI url, WebhookSigner signer, Clock clock, Duration horizon,
                           Duration retention, Duration deadline, Duration lease, DeliveryListener listener,
                           Duration receiptRetention) {
        if (lease.compareTo(deadline.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the lease (" + lease + ") must be at least twice the delivery deadline ("
                    + deadline + ")");
        }
        this.deadline = deadline;
        this.lease = lease;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.url = url;
        this.signer = url == null ? null : Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.receiptRetention = receiptRetention;
        this.httpExecutor = url == null ? null : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "helpline-webhook-client");
            t.setDaemon(true);
            return t;
        });
        this.http = url == null ? null : newClient(httpExecutor);
    }

    /**
     * The client's selector thread takes the context class loader of the thread that builds
     * it, and on Java 17 it runs until the client is unreachable: built under the web
     * application's loader, it would pin the stopped application (Tomcat reports it as a
     * leak). Built under the platform loader it refers to nothing of ours; on Java 21+
     * {@link #close()} also ends it at once. Its other threads are the executor's, ended
     * by {@link #close()}.
     */
    private static HttpClient newClient(ExecutorService executor) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor)
                    .build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Starts polling in a daemon thread.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "helpline-callback-delivery");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    /** Asks for a delivery round now (after an accept), instead of at the next poll. */
    public synchronized void wake() {
        if (executor != null && !executor.isShutdown()) {
            executor.execute(this::tick);
        }
    }

    private void tick() {
        try {
            while (runOnce() == BATCH) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "callback delivery round failed: {0}", e.getMessage());
        }
    }

    /**
     * One delivery round: claims the requests due now, tries each once, purges what is past
     * the retention. Answers how many requests it attempted.
     */
    public int runOnce() {
        synchronized (runLock) {
            Instant now = clock.instant();
            if (now.isAfter(lastPurge.plus(Duration.ofMinutes(1)))) {
                lastPurge = now;
                int purged = outbox.purgeDelivered(now.minus(retention), now);
                if (purged > 0) {
                    LOG.log(System.Logger.Level.INFO, "purged {0} delivered callback requests", purged);
                }
                int expired = receiptRetention == null ? 0 : outbox.purgeReceipts(now.minus(receiptRetention))
                        + outbox.purgeRevocations(now.minus(receiptRetention));
                if (expired > 0) {
                    LOG.log(System.Logger.Level.INFO, "deleted {0} consent receipts and revocation records past their retention", expired);
                }
            }
            if (url == null) {
                return 0;
            }
            List<CallbackStore.Pending> due = outbox.claimDue(BATCH, now, lease);
            // The claim may have waited on the database: never start what could outlive its lease.
            long cutOff = System.nanoTime() + deadline.toNanos();
            if (!due.isEmpty() && clock.instant().plus(deadline).isAfter(due.get(0).leaseUntil())) {
                LOG.log(System.Logger.Level.WARNING, "claiming {0} callback requests took too long; leaving them to the"
                        + " next round", due.size());
                return 0;
            }
            List<InFlight> sent = new ArrayList<>();
            for (CallbackStore.Pending p : due) {
                sent.add(send(p));
            }
            for (int i = 0; i < due.size(); i++) {
                InFlight f = sent.get(i);
                String error = f.awaitUntil(cutOff);
                record(due.get(i), error);
                attempted(due.get(i).id(), error, f.latency());
            }
            return due.size();
        }
    }

    /** One exchange under way: its outcome, and the exchange itself to abort at the deadline. */
    private record InFlight(CompletableFuture<HttpResponse<Void>> exchange, CompletableFuture<String> outcome,
                            long startedNanos, CompletableFuture<Long> endedNanos) {
        /** From sending to the answer, or to now when there was none (the deadline cut it off). */
        Duration latency() {
            return Duration.ofNanos(endedNanos.getNow(System.nanoTime()) - startedNanos);
        }

        /** {@code null} on a complete 2xx exchange, else what went wrong; aborts the exchange at the deadline. */
        String awaitUntil(long deadlineNanos) {
            try {
                return outcome.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true); // closes the connection to the stalled receiver
                return "no complete answer within the delivery deadline";
            } catch (InterruptedException e) {
                exchange.cancel(true);
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (java.util.concurrent.ExecutionException e) {
                return String.valueOf(e.getCause());
            }
        }
    }

    /** Starts sending one request; its outcome is {@code null} on a 2xx answer received whole, else what went wrong. */
    private InFlight send(CallbackStore.Pending p) {
        long ts = clock.instant().getEpochSecond();
        HttpRequest req = HttpRequest.newBuilder(url)
                .timeout(deadline)
                .header("content-type", "application/json")
                .header(WebhookSigner.ID, p.id())
                .header(WebhookSigner.TIMESTAMP, Long.toString(ts))
                .header(WebhookSigner.SIGNATURE, signer.sign(p.id(), ts, p.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(p.payload(), StandardCharsets.UTF_8))
                .build();
        // discarding() completes only once the answer's body has been read to its end.
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(req, HttpResponse.BodyHandlers.discarding());
        CompletableFuture<String> outcome = exchange
                .thenApply(res -> res.statusCode() / 100 == 2 ? null : "HTTP " + res.statusCode())
                .exceptionally(e -> {
                    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
                });
        return new InFlight(exchange, outcome, started, outcome.thenApply(o -> System.nanoTime()));
    }

    private void record(CallbackStore.Pending p, String error) {
        if (error == null) {
            if (!outbox.markDelivered(p, clock.instant())) {
                LOG.log(System.Logger.Level.WARNING, "callback request {0} was delivered, but its row changed meanwhile:"
                        + " its lease was taken over (it may be delivered again, same webhook-id), or it was deleted"
                        + " (callback.deleted names it)", p.id());
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "delivered callback request {0}", p.id());
            return;
        }
        Instant now = clock.instant();
        Instant deadline = p.receivedAt().plus(horizon);
        if (!now.isBefore(deadline)) {
            outbox.markUndeliverable(p, error);
            LOG.log(System.Logger.Level.ERROR, "callback request {0} is UNDELIVERABLE after {1} attempts over {2}"
                    + " (last: {3}); it is kept in the store", p.id(), p.attempts() + 1, horizon, error);
            return;
        }
        Instant next = now.plus(backoff(p.attempts() + 1));
        if (next.isAfter(deadline)) {
            next = deadline; // one last try at the horizon
        }
        outbox.markFailed(p, next, error);
        LOG.log(System.Logger.Level.WARNING, "callback request {0} not delivered (attempt {1}: {2}); next try at {3}",
                p.id(), p.attempts() + 1, error, next);
    }

    private void attempted(String id, String error, Duration latency) {
        try {
            listener.attempted(id, error == null, latency, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a delivery listener failed: {0}", e.toString());
        }
    }

    /** Delay before the next try after {@code failures} failed attempts: full jitter over an exponential cap. */
    static Duration backoff(int failures) {
        long cap = BASE_BACKOFF.toMillis() << Math.min(failures - 1, 20);
        cap = Math.min(cap, MAX_BACKOFF.toMillis());
        // Half fixed, half random: spreads retries from many requests without ever retrying at once.
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    /** Stops polling; a delivery in flight finishes (or its lease runs out and it is retried). */
    @Override
    public synchronized void close() {
        if (executor != null) {
            // Let a round in flight finish first: interrupting a thread inside the store's
            // JDBC call closes H2's file channel under it ("Writing to FileChannelImpl failed").
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (http instanceof AutoCloseable closeable) { // Java 21+: ends the client's selector thread
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the webhook client: " + e);
            }
        }
        if (httpExecutor != null) {
            httpExecutor.shutdownNow();
            try {
                httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.helpline.servlet;

import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.SubmissionOutcome;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The way into the endpoints that take a body (the callback form, the stop form, the
 * operator's deletion): the checks made before the body is read, in the order the endpoint
 * gives, then the body itself, whole within a deadline and a size, holding one of a bounded
 * number of places while it is read.
 *
 * <p>A refusal before the body closes the connection without reading it
 * ({@link Answers#refuseBeforeBody}). The body is read without a request thread when the
 * container allows it ({@code async-supported}), else on the request thread, checking the
 * deadline between reads; it is answered 408 (too slow), 413 (too large) or 400 (ended
 * early) here. Its place is freed as soon as it is in whole, before the endpoint answers:
 * a client that sends its next request the moment it has the answer finds the place free.
 * Thread safe; one per endpoint.
 */
final class PostIntake {
    /** The checks before the body; each endpoint lists the ones it makes, in its order. */
    enum Check {
        /** Only POST (405 with {@code Allow}). */
        METHOD,
        /** {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} / {@code Referer} of another origin (403). */
        CROSS_SITE,
        /** JSON, or also a urlencoded form where the endpoint takes one (415). */
        MEDIA_TYPE,
        /** A declared length over the endpoint's limit (413). */
        SIZE,
        /** The client's per-IP allowance, shared by every endpoint (429 with {@code Retry-After}). */
        CLIENT_LIMIT,
        /** The endpoint's bearer token (401 with {@code WWW-Authenticate}). */
        AUTHORIZED,
        /** A place among the bodies being read (503 with {@code Retry-After: 1}). */
        IN_FLIGHT
    }

    /** What an endpoint behind the intake supplies. */
    interface Endpoint {
        /**
         * The body is in, whole and in time, and its place is already free: answer it. Called
         * once per admitted request, on the request thread or a container thread.
         */
        void received(Admitted request, byte[] body) throws IOException;

        /** Whether the request carries the endpoint's token ({@link Check#AUTHORIZED}). */
        default boolean authorized(HttpServletRequest req) {
            return true;
        }

        /** Answers a client over its per-IP limit ({@code Retry-After} is already set). */
        default void rateLimited(HttpServletRequest req, HttpServletResponse res, boolean json, long seconds)
                throws IOException {
            if (json) {
                Answers.json(res, 429, Answers.JSON.createObjectNode().put("error", "rate_limited")
                        .put("retryAfter", seconds).put("message", waitMessage(seconds)));
            } else {
                Answers.error(res, false, 429, "rate_limited", waitMessage(seconds));
            }
        }

        /**
         * The intake has answered this request: refused it before its body
         * ({@code refusedAt} names the check), or answered while or after reading the body
         * ({@code refusedAt} null). At most once per request; never throws.
         */
        default void answered(HttpServletRequest req, HttpServletResponse res, Check refusedAt) {
        }
    }

    /** A request past the checks, with what they found out about it. */
    record Admitted(HttpServletRequest req, HttpServletResponse res, boolean json, boolean jsonBody, String ownOrigin,
                    String clientIp) {
    }

    private final CallbackService service;
    private final List<Check> checks;
    private final String allow;
    private final boolean takesForms;
    private final int maxBody;
    private final Duration deadline;
    private final Semaphore inFlight;
    /** "form" or "request": what the answers call the thing sent. */
    private final String noun;

    /**
     * @param checks     the checks to make, in this order
     * @param allow      the methods for the {@code Allow} header of a 405 (POST is the one taken here)
     * @param takesForms whether a urlencoded form is taken besides JSON
     * @param maxInFlight how many bodies may be read at once
     * @param noun       what the answers call the thing sent ("form", "request")
     * @throws IllegalArgumentException unless the deadline and {@code maxInFlight} are positive
     */
    PostIntake(CallbackService service, List<Check> checks, String allow, boolean takesForms, int maxBody,
               Duration deadline, int maxInFlight, String noun) {
        if (deadline.isNegative() || deadline.isZero() || maxInFlight < 1) {
            throw new IllegalArgumentException("the body deadline and the bound on bodies in flight must be positive: "
                    + deadline + ", " + maxInFlight);
        }
        this.service = Objects.requireNonNull(service, "service");
        this.checks = List.copyOf(checks);
        this.allow = allow;
        this.takesForms = takesForms;
        this.maxBody = maxBody;
        this.deadline = deadline;
        this.inFlight = new Semaphore(maxInFlight);
        this.noun = noun;
    }

    static String waitMessage(long seconds) {
        return "Too many requests. Please wait " + seconds + " seconds, then go back and try again.";
    }

    /**
     * Makes the checks, then reads the body and hands it to {@code endpoint}; every refusal is
     * answered here. Returns once the request is answered or its body is being read
     * asynchronously.
     */
    void take(HttpServletRequest req, HttpServletResponse res, boolean json, Endpoint endpoint) throws IOException {
        String own = null;
        String clientIp = null;
        boolean jsonBody = false;
        boolean placed = false;
        for (Check check : checks) {
            switch (check) {
                case METHOD -> {
                    if (!"POST".equals(req.getMethod())) {
                        // Nothing to refuse unread: other methods carry no body worth the name.
                        res.setHeader("Allow", allow);
                        Answers.error(res, json, 405, "method_not_allowed", "Only " + allowedInWords() + " allowed here");
                        endpoint.answered(req, res, check);
                        return;
                    }
                }
                case CROSS_SITE -> {
                    own = CallbackEndpoint.ownOrigin(req, service.clientAddress());
                    if (CallbackEndpoint.isCrossSite(req, own)) {
                        refuse(req, res, endpoint, check, () -> Answers.error(res, json, 403, "cross_site",
                                "Cross-site " + ("form".equals(noun) ? "submissions" : "requests") + " are refused"));
                        return;
                    }
                }
                case MEDIA_TYPE -> {
                    String type = Answers.mediaType(req.getContentType());
                    jsonBody = type.equals("application/json");
                    if (!jsonBody && !(takesForms && type.equals("application/x-www-form-urlencoded"))) {
                        refuse(req, res, endpoint, check, () -> Answers.error(res, json, 415, "unsupported_media_type",
                                takesForms ? "Send application/x-www-form-urlencoded or application/json"
                                        : "Send application/json"));
                        return;
                    }
                }
                case SIZE -> {
                    if (req.getContentLengthLong() > maxBody) {
                        refuse(req, res, endpoint, check, this.tooLarge(res, json));
                        return;
                    }
                }
                case CLIENT_LIMIT -> {
                    // Taken before the body is read: a client over its limit never gets to
                    // hold a connection open with a slow body.
                    clientIp = clientIp(req);
                    SubmissionOutcome.RateLimited limited = service.admit(clientIp);
                    if (limited != null) {
                        long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
                        res.setHeader("Retry-After", Long.toString(seconds));
                        refuse(req, res, endpoint, check, () -> endpoint.rateLimited(req, res, json, seconds));
                        return;
                    }
                }
                case AUTHORIZED -> {
                    if (!endpoint.authorized(req)) {
                        res.setHeader("WWW-Authenticate", "Bearer realm=\"helpline-admin\"");
                        refuse(req, res, endpoint, check, () -> Answers.error(res, json, 401, "unauthorized",
                                "A valid bearer token is required"));
                        return;
                    }
                }
                case IN_FLIGHT -> {
                    if (!inFlight.tryAcquire()) {
                        res.setHeader("Retry-After", "1");
                        refuse(req, res, endpoint, check, () -> Answers.error(res, json, 503, "busy",
                                "Too many " + noun + "s are being sent right now. Please try again in a moment."));
                        return;
                    }
                    placed = true;
                }
            }
        }
        if (!placed) {
            throw new IllegalStateException("the intake's checks must end with IN_FLIGHT: " + checks);
        }
        Admitted admitted = new Admitted(req, res, json, jsonBody,
                own != null ? own : CallbackEndpoint.ownOrigin(req, service.clientAddress()),
                clientIp != null ? clientIp : clientIp(req));
        Body body = new Body(admitted, endpoint);
        try {
            if (req.isAsyncSupported()) {
                body.readAsync();
            } else {
                body.readBlocking();
            }
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
    }

    private String clientIp(HttpServletRequest req) {
        return service.clientIp(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")));
    }

    /** "POST", or "GET and POST" for {@code GET, HEAD, POST}. */
    private String allowedInWords() {
        List<String> methods = java.util.Arrays.stream(allow.split(",")).map(String::trim)
                .filter(m -> !m.equals("HEAD")).toList();
        return String.join(" and ", methods) + (methods.size() == 1 ? " is" : " are");
    }

    private Answers.Answer tooLarge(HttpServletResponse res, boolean json) {
        return () -> Answers.error(res, json, 413, "too_large", "The " + noun + " is too large");
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, Endpoint endpoint, Check check,
                               Answers.Answer answer) throws IOException {
        // Told inside the answer: answered through an AsyncContext, Tomcat says
        // isAsyncStarted() until this dispatch returns, so the endpoint could not tell after.
        Answers.refuseBeforeBody(req, res, () -> {
            answer.write();
            endpoint.answered(req, res, check);
        });
    }

    /** One admitted request's body: read within the deadline, then handed on exactly once. */
    private final class Body implements ReadListener, AsyncListener {
        private final Admitted admitted;
        private final Endpoint endpoint;
        private final long deadlineNanos = System.nanoTime() + deadline.toNanos();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        private final byte[] buffer = new byte[2048];
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean answered = new AtomicBoolean();
        private AsyncContext async;
        private ServletInputStream in;

        Body(Admitted admitted, Endpoint endpoint) {
            this.admitted = admitted;
            this.endpoint = endpoint;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        }

        private boolean late() {
            return System.nanoTime() - deadlineNanos > 0;
        }

        /** Reads on the request thread; each read returns within the container's idle timeout. */
        void readBlocking() throws IOException {
            try {
                InputStream stream = admitted.req().getInputStream();
                while (true) {
                    if (late()) {
                        timedOut();
                        return;
                    }
                    int n = stream.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    bytes.write(buffer, 0, n);
                    if (bytes.size() > maxBody) {
                        refuseUnread(tooLarge(admitted.res(), admitted.json()));
                        return;
                    }
                }
                if (late()) {
                    timedOut();
                    return;
                }
                release(); // the body is in: its place is free before the answer is on the wire
                endpoint.received(admitted, bytes.toByteArray());
            } catch (IOException e) {
                broken();
            } finally {
                release();
                if (answered.compareAndSet(false, true)) {
                    endpoint.answered(admitted.req(), admitted.res(), null);
                }
            }
        }

        void readAsync() throws IOException {
            async = admitted.req().startAsync(admitted.req(), admitted.res());
            async.setTimeout(deadline.toMillis());
            async.addListener(this);
            in = admitted.req().getInputStream();
            in.setReadListener(this);
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!answered.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                bytes.write(buffer, 0, n);
                if (bytes.size() > maxBody) {
                    finish(() -> refuseUnread(tooLarge(admitted.res(), admitted.json())));
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            release(); // the body is in: its place is free before the answer is on the wire
            finish(() -> endpoint.received(admitted, bytes.toByteArray()));
        }

        @Override
        public void onError(Throwable t) {
            finish(this::broken);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish(this::timedOut);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            finish(this::broken);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }

        /** Answers once, whichever of body, error and deadline comes first, then completes. */
        private void finish(Answers.Answer answer) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                answer.write();
                endpoint.answered(admitted.req(), admitted.res(), null);
            } catch (IOException | RuntimeException e) {
                HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: answering a " + noun + " failed: " + e);
            } finally {
                try {
                    async.complete();
                } finally {
                    release();
                }
            }
        }

        /** A client that holds a connection without finishing its body gets no more time. */
        private void timedOut() throws IOException {
            refuseUnread(() -> Answers.error(admitted.res(), admitted.json(), 408, "timeout",
                    "The " + noun + " did not arrive in time. Please try again."));
        }

        /**
         * Shorter than its Content-Length (the container's idle timeout ended the wait), or the
         * connection failed mid-body: answered if the connection can still take it.
         */
        private void broken() {
            try {
                if (!admitted.res().isCommitted()) {
                    if (late()) {
                        timedOut();
                    } else {
                        refuseUnread(() -> Answers.error(admitted.res(), admitted.json(), 400, "bad_request",
                                "The " + noun + " arrived incomplete"));
                    }
                }
            } catch (IOException | RuntimeException e) {
                HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: could not answer a broken body: " + e);
            }
        }

        /** A refusal while or after the body was read: the connection is closed after it. */
        private void refuseUnread(Answers.Answer answer) throws IOException {
            admitted.res().setHeader("Connection", "close");
            answer.write();
        }
    }
}

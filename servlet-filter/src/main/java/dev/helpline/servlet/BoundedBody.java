package dev.helpline.servlet;

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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one small request body for the data-rights endpoints, whole within a deadline and
 * within a size, holding one permit of a bound on bodies in flight: the same protections as
 * the callback form's, for endpoints that see far less traffic. Without a request thread
 * when the container allows it ({@code async-supported}); else on the request thread,
 * checking the deadline between reads. Answers 408 (too slow), 413 (too large) or 400
 * (ended early) itself; otherwise hands the bytes to the caller, exactly once.
 */
final class BoundedBody implements ReadListener, AsyncListener {
    /** What to do with a body that arrived whole in time. */
    @FunctionalInterface
    interface Handler {
        void handle(byte[] body) throws IOException;
    }

    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final boolean json;
    private final int max;
    private final Duration deadline;
    private final long deadlineNanos;
    private final Semaphore inFlight;
    private final Handler handler;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private final byte[] buffer = new byte[2048];
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private AsyncContext async;
    private ServletInputStream in;

    private BoundedBody(HttpServletRequest req, HttpServletResponse res, boolean json, int max, Duration deadline,
                        Semaphore inFlight, Handler handler) {
        this.req = req;
        this.res = res;
        this.json = json;
        this.max = max;
        this.deadline = deadline;
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        this.inFlight = inFlight;
        this.handler = handler;
    }

    /**
     * Reads the body and hands it to {@code handler}; answers 503 at once when
     * {@code inFlight} has no permit left.
     */
    static void read(HttpServletRequest req, HttpServletResponse res, boolean json, int max, Duration deadline,
                     Semaphore inFlight, Handler handler) throws IOException {
        if (!inFlight.tryAcquire()) {
            res.setHeader("Retry-After", "1");
            Answers.refuseBeforeBody(req, res, () -> Answers.error(res, json, 503, "busy",
                    "Too many requests are being sent right now. Please try again in a moment."));
            return;
        }
        BoundedBody b = new BoundedBody(req, res, json, max, deadline, inFlight, handler);
        try {
            if (req.isAsyncSupported()) {
                b.readAsync();
            } else {
                b.readBlocking();
            }
        } catch (IOException | RuntimeException e) {
            b.release();
            throw e;
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            inFlight.release();
        }
    }

    private void readBlocking() throws IOException {
        try {
            InputStream stream = req.getInputStream();
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
                if (body.size() > max) {
                    tooLarge();
                    return;
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    timedOut();
                    return;
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                timedOut();
                return;
            }
            handler.handle(body.toByteArray());
        } catch (IOException e) {
            broken();
        } finally {
            release();
        }
    }

    private void readAsync() throws IOException {
        async = req.startAsync(req, res);
        async.setTimeout(deadline.toMillis());
        async.addListener(this);
        in = req.getInputStream();
        in.setReadListener(this);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!answered.get() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            body.write(buffer, 0, n);
            if (body.size() > max) {
                finish(this::tooLarge);
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        finish(() -> handler.handle(body.toByteArray()));
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

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private void finish(IoAction answer) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            answer.run();
        } catch (IOException | RuntimeException e) {
            HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: answering a data-rights request failed: " + e);
        } finally {
            try {
                async.complete();
            } finally {
                release();
            }
        }
    }

    private void tooLarge() throws IOException {
        res.setHeader("Connection", "close");
        Answers.error(res, json, 413, "too_large", "The request is too large");
    }

    private void timedOut() throws IOException {
        res.setHeader("Connection", "close");
        Answers.error(res, json, 408, "timeout", "The request did not arrive in time. Please try again.");
    }

    private void broken() {
        try {
            if (!res.isCommitted()) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    timedOut();
                } else {
                    res.setHeader("Connection", "close");
                    Answers.error(res, json, 400, "bad_request", "The request arrived incomplete");
                }
            }
        } catch (IOException | RuntimeException e) {
            HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: could not answer a broken body: " + e);
        }
    }
}

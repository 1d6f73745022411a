package dev.helpline.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request the host sees while its response may be rewritten.
 *
 * <ul>
 *   <li>Asynchronous requests: the {@link AsyncContext} it hands out writes what the
 *   rewriter still holds before the container completes the response, and keeps our
 *   response wrapper on the request across {@link AsyncContext#dispatch()}, so that the
 *   page written in the dispatched pass is rewritten too and finished at its end (see
 *   {@link HelplineFilter}).</li>
 *   <li>Forwards: its {@link RequestDispatcher} tells the response a forward is starting,
 *   so that a forwarded page the filter does not meet passes unchanged rather than blank.</li>
 *   <li>{@code If-Range} with a weak entity tag: RFC 9110 §13.1.5 compares If-Range
 *   strongly, so such a condition is false and the whole representation is due. Some
 *   static-file servlets (Jetty's) match weak tags anyway and would answer a range of the
 *   file, spliced by the client into our rewritten page, whose tag is the weak one we
 *   gave out. The host does not see {@code Range} then.</li>
 * </ul>
 */
final class HelplineRequest extends HttpServletRequestWrapper {
    private final InjectingResponse response;
    private volatile boolean asyncStarted;
    private volatile AsyncContext async;

    HelplineRequest(HttpServletRequest request, InjectingResponse response) {
        super(request);
        this.response = response;
    }

    InjectingResponse response() {
        return response;
    }

    /** Whether the host started async processing during the current dispatch. */
    boolean asyncStartedInThisPass() {
        return asyncStarted;
    }

    void newPass() {
        asyncStarted = false;
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        RequestDispatcher real = super.getRequestDispatcher(path);
        if (real == null) {
            return null;
        }
        return new RequestDispatcher() {
            @Override
            public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
                HelplineRequest.this.response.dispatchStarting();
                real.forward(request, response);
            }

            @Override
            public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
                real.include(request, response);
            }
        };
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (names == null || !weakIfRange()) {
            return names;
        }
        List<String> kept = new ArrayList<>();
        for (String n : Collections.list(names)) {
            if (!"Range".equalsIgnoreCase(n)) {
                kept.add(n);
            }
        }
        return Collections.enumeration(kept);
    }

    private boolean hidden(String name) {
        return "Range".equalsIgnoreCase(name) && weakIfRange();
    }

    private boolean weakIfRange() {
        String ifRange = super.getHeader("If-Range");
        return ifRange != null && ifRange.trim().startsWith("W/");
    }

    @Override
    public AsyncContext startAsync() throws IllegalStateException {
        // With our wrappers, not the originals: a dispatch() then writes through the rewriter.
        return started(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) throws IllegalStateException {
        return started(super.startAsync(request, response));
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext real = super.getAsyncContext();
        AsyncContext ours = async;
        return ours != null && ours instanceof Finishing f && f.delegate == real ? ours : real;
    }

    private AsyncContext started(AsyncContext real) {
        asyncStarted = true;
        // A safety net for a filter mapped without the ASYNC dispatch: finish before the
        // response completes, if the container tells listeners in time (both do).
        real.addListener(new FinishOnComplete(response));
        Finishing ours = new Finishing(real, response);
        async = ours;
        return ours;
    }

    private static final class FinishOnComplete implements AsyncListener {
        private final InjectingResponse response;

        FinishOnComplete(InjectingResponse response) {
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            try {
                response.finish();
            } catch (IOException | RuntimeException e) {
                HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: finishing on async completion: " + e);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** Finishes the rewritten page before the container completes the response. */
    private static final class Finishing implements AsyncContext {
        final AsyncContext delegate;
        private final InjectingResponse response;

        Finishing(AsyncContext delegate, InjectingResponse response) {
            this.delegate = delegate;
            this.response = response;
        }

        @Override
        public void complete() {
            try {
                response.finish();
            } catch (IOException | RuntimeException e) {
                HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: finishing before async complete: " + e);
            }
            delegate.complete();
        }

        @Override
        public ServletRequest getRequest() {
            return delegate.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return delegate.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return delegate.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            response.dispatchStarting();
            delegate.dispatch();
        }

        @Override
        public void dispatch(String path) {
            response.dispatchStarting();
            delegate.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            response.dispatchStarting();
            delegate.dispatch(context, path);
        }

        @Override
        public void start(Runnable run) {
            delegate.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            delegate.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            delegate.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
            return delegate.createListener(clazz);
        }

        @Override
        public void setTimeout(long timeout) {
            delegate.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return delegate.getTimeout();
        }
    }
}

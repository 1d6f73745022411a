package dev.helpline.benchmarks.e2e;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outermost filter of every harness server: counts the bytes the request's thread
 * allocates inside the chain (every filter, the servlet, the container's work the servlet's
 * writes cause), with the JVM's per-thread counter. What the container allocates before and
 * after the chain (parsing the request, the connection) is not counted, and is the same for
 * every variant. Requests under {@value #PREFIX} (the statistics, SiteMesh's decorator) are
 * not counted.
 */
final class AllocationMeter implements Filter {
    static final String PREFIX = "/_e2e/";
    static final String STATS = PREFIX + "stats";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    AllocationMeter() {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (((HttpServletRequest) req).getRequestURI().startsWith(PREFIX)) {
            chain.doFilter(req, res);
            return;
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            chain.doFilter(req, res);
        } finally {
            bytes.add(THREADS.getCurrentThreadAllocatedBytes() - before);
            requests.increment();
        }
    }

    /** {@code GET /_e2e/stats}: "requests bytes" since the last {@code ?reset}; with {@code ?reset}, also starts again. */
    final class Stats extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            long n;
            long b;
            if (req.getParameter("reset") != null) {
                n = requests.sumThenReset();
                b = bytes.sumThenReset();
            } else {
                n = requests.sum();
                b = bytes.sum();
            }
            res.setContentType("text/plain;charset=US-ASCII");
            res.getWriter().write(n + " " + b + "\n");
        }
    }
}

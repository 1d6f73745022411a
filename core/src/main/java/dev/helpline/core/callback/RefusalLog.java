package dev.helpline.core.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts refused submissions by reason and logs them as one INFO line per period at most
 * ("callback submissions refused in the last 60 s: rate-limited (per IP) 118000, …"), never
 * one line per request and never with the client's address: a flood of refusals must
 * neither fill the logs nor leave a trail of visitors' IPs. Thread safe.
 */
final class RefusalLog {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");

    private final Clock clock;
    private final Duration period;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile Instant periodStart;

    RefusalLog(Clock clock, Duration period) {
        this.clock = clock;
        this.period = period;
        this.periodStart = clock.instant();
    }

    /** Counts one refusal; logs the summary of the period when it is over. Reasons are a fixed, small set. */
    void count(String reason) {
        counts.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        Instant now = clock.instant();
        Instant start = periodStart;
        if (!now.isBefore(start.plus(period))) {
            flush(now, start);
        }
    }

    private synchronized void flush(Instant now, Instant start) {
        if (periodStart != start) {
            return; // another thread logged this period
        }
        periodStart = now;
        Map<String, Long> taken = new TreeMap<>();
        counts.forEach((reason, n) -> {
            long v = n.getAndSet(0);
            if (v > 0) {
                taken.put(reason, v);
            }
        });
        if (!taken.isEmpty()) {
            StringBuilder b = new StringBuilder("callback submissions refused in the last ")
                    .append(Duration.between(start, now).toSeconds()).append(" s:");
            taken.forEach((reason, n) -> b.append(' ').append(reason).append(' ').append(n).append(','));
            b.setLength(b.length() - 1);
            LOG.log(System.Logger.Level.INFO, b.toString());
        }
    }
}

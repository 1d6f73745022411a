package dev.helpline.core.callback.internal;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per key in this process's memory, e.g. per client IP or per phone
 * number: {@code limit} events per {@code period}, refilled gradually. Keys are kept in a
 * bounded LRU map of {@value #MAX_KEYS} so a flood of distinct keys cannot exhaust memory
 * (an evicted key starts with a full bucket: a client refused a moment ago is forgotten
 * after that many other clients). Not part of the API. Thread safe.
 */
public final class LocalRateLimiter implements RateLimiter {
    public static final int MAX_KEYS = 100_000;

    private final long limit;
    private final Duration period;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LocalRateLimiter(long limit, Duration period) {
        this.limit = limit;
        this.period = period;
    }

    @Override
    public Duration tryAcquire(String key) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                    .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
                    .build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }
}

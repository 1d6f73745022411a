package dev.helpline.core.callback.internal;

import java.time.Duration;

/** Counts events per key against a limit. Not part of the API. Implementations are thread safe. */
public interface RateLimiter {
    /** Takes one event for the key: {@link Duration#ZERO} when allowed, else how long until it would be. */
    Duration tryAcquire(String key);
}

package dev.helpline.core.callback;

import java.time.Duration;

/**
 * Told about every delivery attempt the {@link DeliveryWorker} makes, for metrics and
 * health checks. Called on the delivery thread, so it must be quick and must not throw.
 *
 * <pre>{@code
 * DeliveryListener l = (id, delivered, latency, error) -> timer.record(latency);
 * }</pre>
 */
@FunctionalInterface
public interface DeliveryListener {
    /** Listens to nothing. */
    DeliveryListener NONE = (id, delivered, latency, error) -> { };

    /**
     * @param id        the request's id (its {@code webhook-id})
     * @param delivered whether the operator answered 2xx
     * @param latency   from sending the request to the answer (or the failure)
     * @param error     what went wrong ({@code "HTTP 500"}, a timeout), {@code null} when delivered
     */
    void attempted(String id, boolean delivered, Duration latency, String error);
}

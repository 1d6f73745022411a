package dev.helpline.spring.actuate;

import dev.helpline.core.html.Outcome;
import dev.helpline.servlet.HelplineListener;
import dev.helpline.servlet.HelplineStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The filter's work as Micrometer meters, all named {@code helpline.*}:
 * <ul>
 * <li>{@code helpline.responses} (tag {@code outcome}: {@code injected} or why the page passed
 *     through, e.g. {@code frameset}), {@code helpline.numbers.linked}, {@code helpline.boxes.placed};</li>
 * <li>{@code helpline.callbacks} (tags {@code result}: {@code accepted}, {@code invalid},
 *     {@code token-expired}, {@code rate-limited}, {@code unavailable}, ...; and {@code status});</li>
 * <li>{@code helpline.deliveries.attempts}, {@code .successes}, {@code .failures}, and the
 *     timer {@code helpline.deliveries.latency};</li>
 * <li>gauges {@code helpline.outbox.depth} (requests not delivered yet) and
 *     {@code helpline.delivery.lag} (how long the oldest of them has waited).</li>
 * </ul>
 * Fed by the filter's {@link HelplineListener} calls; events before the meters are bound are
 * not counted (there are none: binding happens before the server takes requests).
 */
public final class HelplineMetrics implements HelplineListener, MeterBinder {
    private final Supplier<HelplineStatus> status;
    private volatile MeterRegistry registry;
    private final Map<Outcome, Counter> responses = new EnumMap<>(Outcome.class);
    private final Map<String, Counter> callbacks = new ConcurrentHashMap<>();
    private Counter linked;
    private Counter boxes;
    private Counter attempts;
    private Counter successes;
    private Counter failures;
    private Timer latency;

    public HelplineMetrics(Supplier<HelplineStatus> status) {
        this.status = status;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.PENDING) {
                responses.put(o, Counter.builder("helpline.responses")
                        .description("HTML pages the widget went into (outcome=injected) or that passed through unchanged, by reason")
                        .tag("outcome", o.name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry));
            }
        }
        linked = Counter.builder("helpline.numbers.linked").description("The helpline's numbers in page text made into links")
                .register(registry);
        boxes = Counter.builder("helpline.boxes.placed").description("Call-to-action boxes put into pages").register(registry);
        attempts = Counter.builder("helpline.deliveries.attempts").description("Webhook delivery attempts").register(registry);
        successes = Counter.builder("helpline.deliveries.successes").description("Deliveries the operator answered 2xx")
                .register(registry);
        failures = Counter.builder("helpline.deliveries.failures").description("Delivery attempts that failed (retried later)")
                .register(registry);
        latency = Timer.builder("helpline.deliveries.latency").description("From sending a callback request to the answer")
                .register(registry);
        Gauge.builder("helpline.outbox.depth", status, s -> {
                    HelplineStatus now = s.get();
                    return now == null || now.backlog() < 0 ? Double.NaN : now.backlog();
                }).description("Callback requests stored and not delivered yet").register(registry);
        TimeGauge.builder("helpline.delivery.lag", status, TimeUnit.SECONDS, s -> {
                    HelplineStatus now = s.get();
                    return now == null ? Double.NaN : now.oldestUndelivered().toMillis() / 1000.0;
                }).description("How long the oldest undelivered callback request has waited").register(registry);
        this.registry = registry;
    }

    @Override
    public void pageFinished(Outcome outcome, int numbersLinked, int boxesPlaced) {
        if (registry == null) {
            return;
        }
        Counter c = responses.get(outcome);
        if (c != null) {
            c.increment();
        }
        if (numbersLinked > 0) {
            linked.increment(numbersLinked);
        }
        if (boxesPlaced > 0) {
            boxes.increment(boxesPlaced);
        }
    }

    @Override
    public void callbackAnswered(String result, int status) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        callbacks.computeIfAbsent(result + "|" + status, k -> Counter.builder("helpline.callbacks")
                .description("Answers of the callback form's endpoint, by result and status")
                .tag("result", result).tag("status", Integer.toString(status)).register(r)).increment();
    }

    @Override
    public void deliveryAttempted(boolean delivered, Duration took, String error) {
        if (registry == null) {
            return;
        }
        attempts.increment();
        (delivered ? successes : failures).increment();
        latency.record(took);
    }
}

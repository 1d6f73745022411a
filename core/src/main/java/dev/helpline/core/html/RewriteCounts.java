package dev.helpline.core.html;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link RewriteListener} that counts: pages per head {@link Outcome} and body stops per
 * {@link StopReason}, for one rewriter (one filter), so that "why did this site's pages get
 * no links?" has an answer. Thread safe; snapshots are immutable.
 */
public final class RewriteCounts implements RewriteListener {
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<StopReason, LongAdder> stops = new EnumMap<>(StopReason.class);

    public RewriteCounts() {
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new LongAdder());
        }
        for (StopReason r : StopReason.values()) {
            stops.put(r, new LongAdder());
        }
    }

    @Override
    public void headOutcome(String path, Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    @Override
    public void bodyStopped(String path, StopReason reason, long offset) {
        stops.get(reason).increment();
    }

    /** Pages per head outcome so far ({@link Outcome#PENDING} is never counted). */
    public Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
        outcomes.forEach((k, v) -> {
            if (k != Outcome.PENDING) {
                m.put(k, v.sum());
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /** Pages whose body features stopped, per reason, so far. */
    public Map<StopReason, Long> stops() {
        Map<StopReason, Long> m = new EnumMap<>(StopReason.class);
        stops.forEach((k, v) -> m.put(k, v.sum()));
        return Collections.unmodifiableMap(m);
    }
}

package dev.helpline.core.render;

/**
 * Told about phone numbers in page text that are not the helpline's: numbers hard-coded by
 * the host that visitors may call without seeing who answers. Called on the threads writing
 * pages; implementations must be thread safe and quick.
 *
 * <pre>{@code
 * Widgets widgets = Widgets.of(config, "").withAudit((path, masked) -> metrics.count(path));
 * }</pre>
 */
@FunctionalInterface
public interface AuditListener {

    /**
     * A number found in a page's text.
     *
     * @param path         the request path (without the context path)
     * @param maskedNumber the number with all but its last two digits masked
     */
    void hardCodedNumber(String path, String maskedNumber);

    /** Ignores everything. */
    static AuditListener none() {
        return (path, maskedNumber) -> { };
    }

    /**
     * Logs each path and number once, at INFO, through {@code System.Logger}
     * ({@code dev.helpline.audit}), within bounds visitors cannot push: at most 1,000
     * findings an hour, 20 per path template (digits and long segments folded), 10,000 pairs
     * remembered. What is over a bound is counted, the count logged when its hour ends, and
     * logged itself when seen again later: it never stops reporting for good.
     */
    static AuditListener logging() {
        return new AuditLog(10_000, 1_000, 20, java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
    }

    /** {@link #logging()} with at most {@code perHour} findings logged an hour (and per path template). */
    static AuditListener logging(int perHour) {
        return new AuditLog(Math.max(10_000, perHour), perHour, perHour, java.time.Duration.ofHours(1),
                java.time.Clock.systemUTC());
    }
}

package dev.helpline.core.render;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
     * ({@code dev.helpline.audit}). Remembers at most {@code 10 000} pairs, then logs that it
     * stopped, so that endless distinct paths cannot grow memory.
     */
    static AuditListener logging() {
        return logging(10_000);
    }

    /** {@link #logging()}, remembering at most {@code max} pairs. */
    static AuditListener logging(int max) {
        return new AuditListener() {
            private final System.Logger log = System.getLogger("dev.helpline.audit");
            // Path, then number: a pair already logged is found without building a key, so
            // that a page that keeps showing the same number costs two look-ups per view.
            private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
            private final AtomicInteger logged = new AtomicInteger();

            @Override
            public void hardCodedNumber(String path, String maskedNumber) {
                Objects.requireNonNull(path, "path");
                Set<String> numbers = seen.get(path);
                if (numbers != null && numbers.contains(maskedNumber) || logged.get() >= max) {
                    return;
                }
                if (numbers == null) {
                    numbers = seen.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet());
                }
                if (!numbers.add(maskedNumber)) {
                    return;
                }
                int n = logged.incrementAndGet();
                if (n > max) {
                    return;
                }
                log.log(System.Logger.Level.INFO, "helpline audit: " + path + " shows the number " + maskedNumber
                        + " without a disclosure of who answers it");
                if (n == max) {
                    log.log(System.Logger.Level.INFO, "helpline audit: " + max + " findings logged; no more until restart");
                }
            }
        };
    }
}

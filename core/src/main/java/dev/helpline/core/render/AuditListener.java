package dev.helpline.core.render;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
        return new AuditListener() {
            private static final int MAX = 10_000;
            private final System.Logger log = System.getLogger("dev.helpline.audit");
            private final Set<String> seen = ConcurrentHashMap.newKeySet();

            @Override
            public void hardCodedNumber(String path, String maskedNumber) {
                Objects.requireNonNull(path, "path");
                if (seen.size() >= MAX) {
                    return;
                }
                if (seen.add(path + " " + maskedNumber)) {
                    if (seen.size() == MAX) {
                        log.log(System.Logger.Level.INFO, "helpline audit: " + MAX + " findings logged; no more until restart");
                    }
                    log.log(System.Logger.Level.INFO, "helpline audit: " + path + " shows the number " + maskedNumber
                            + " without a disclosure of who answers it");
                }
            }
        };
    }
}

package dev.helpline.core.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The logging {@link AuditListener}: each (path, number) once, within bounds that visitors
 * cannot push: per time window at most {@code perWindow} findings are logged, at most
 * {@code perTemplate} of them for one path template (digits and long segments folded, so
 * {@code /item/1} and {@code /item/2} count together); what is over a bound is counted,
 * not remembered, and logged when it is seen in a later window. The suppression count is
 * logged when its window ends. It remembers at most {@code remembered} pairs, each path cut
 * to {@value #MAX_PATH} characters, and starts over when full (a pair may then be logged once
 * more), so it never stops reporting and its memory stays bounded. Thread safe; a pair
 * already logged costs two hash look-ups and no allocation.
 */
final class AuditLog implements AuditListener {
    static final int MAX_PATH = 200;
    private static final int MAX_SEGMENT = 32;
    private final System.Logger log = System.getLogger("dev.helpline.audit");
    private final int remembered;
    private final int perWindow;
    private final int perTemplate;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private final AtomicInteger seenPairs = new AtomicInteger();
    private final Map<String, AtomicInteger> byTemplate = new ConcurrentHashMap<>();
    private final AtomicInteger loggedInWindow = new AtomicInteger();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile Instant windowStart;

    AuditLog(int remembered, int perWindow, int perTemplate, Duration window, Clock clock) {
        this.remembered = remembered;
        this.perWindow = perWindow;
        this.perTemplate = perTemplate;
        this.window = window;
        this.clock = clock;
        this.windowStart = clock.instant();
    }

    @Override
    public void hardCodedNumber(String path, String maskedNumber) {
        Objects.requireNonNull(path, "path");
        Set<String> numbers = seen.get(path);
        if (numbers != null && numbers.contains(maskedNumber)) {
            return;
        }
        rollWindow();
        if (loggedInWindow.get() >= perWindow) {
            suppressed.incrementAndGet();
            return;
        }
        String template = template(path);
        String key = path.length() <= MAX_PATH ? path : template;
        // Entries only for findings within the window's budget: at most perWindow (plus races).
        AtomicInteger inTemplate = byTemplate.computeIfAbsent(template, t -> new AtomicInteger());
        if (inTemplate.get() >= perTemplate) {
            suppressed.incrementAndGet();
            return;
        }
        if (seenPairs.get() >= remembered) {
            seen.clear(); // start over rather than stop: a pair may be logged once more
            seenPairs.set(0);
        }
        if (!seen.computeIfAbsent(key, p -> ConcurrentHashMap.newKeySet()).add(maskedNumber)) {
            return;
        }
        seenPairs.incrementAndGet();
        if (loggedInWindow.incrementAndGet() > perWindow || inTemplate.incrementAndGet() > perTemplate) {
            suppressed.incrementAndGet();
            seen.get(key).remove(maskedNumber);
            return;
        }
        log.log(System.Logger.Level.INFO, "helpline audit: " + printable(key) + " shows the number " + maskedNumber
                + " without a disclosure of who answers it");
    }

    private void rollWindow() {
        Instant now = clock.instant();
        Instant start = windowStart;
        if (now.isBefore(start.plus(window))) {
            return;
        }
        synchronized (this) {
            if (windowStart != start) {
                return;
            }
            windowStart = now;
            long n = suppressed.getAndSet(0);
            loggedInWindow.set(0);
            byTemplate.clear();
            if (n > 0) {
                log.log(System.Logger.Level.INFO, "helpline audit: " + n + " findings not logged in the last " + window
                        + " (at most " + perWindow + " per window, " + perTemplate + " per path template);"
                        + " they are logged when seen again");
            }
        }
    }

    /** The path with segments holding digits, or longer than {@value #MAX_SEGMENT} characters, as {@code *}. */
    static String template(String path) {
        StringBuilder out = new StringBuilder(Math.min(path.length(), MAX_PATH));
        int i = 0;
        while (i < path.length() && out.length() < MAX_PATH) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(i, end);
            boolean fold = segment.length() > MAX_SEGMENT || segment.chars().anyMatch(Character::isDigit);
            out.append(fold ? "*" : segment);
            if (slash < 0) {
                break;
            }
            out.append('/');
            i = slash + 1;
        }
        return out.length() > MAX_PATH ? out.substring(0, MAX_PATH) : out.toString();
    }

    /** No control characters in a log line: a path cannot forge another line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}

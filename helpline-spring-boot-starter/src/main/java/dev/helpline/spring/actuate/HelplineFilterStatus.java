package dev.helpline.spring.actuate;

import dev.helpline.servlet.HelplineFilter;
import dev.helpline.servlet.HelplineStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The running filter's {@link HelplineStatus} for health checks and gauges, found lazily
 * (the filter is registered after the meters are bound) and kept for a second, so that one
 * scrape of several gauges asks the store once.
 */
final class HelplineFilterStatus implements Supplier<HelplineStatus> {
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final Supplier<HelplineFilter> filter;
    private volatile HelplineStatus last;
    private volatile long lastAt;

    HelplineFilterStatus(Supplier<HelplineFilter> filter) {
        this.filter = filter;
    }

    /** The filter of the auto-configuration's registration, else the application's own HelplineFilter bean. */
    static HelplineFilterStatus of(ObjectProvider<FilterRegistrationBean<HelplineFilter>> registrations,
                                   ObjectProvider<HelplineFilter> filters) {
        return new HelplineFilterStatus(() -> {
            FilterRegistrationBean<HelplineFilter> r = registrations.getIfUnique();
            return r != null ? r.getFilter() : filters.getIfUnique();
        });
    }

    /** The status, or {@code null} while no filter is running. */
    @Override
    public HelplineStatus get() {
        long now = System.nanoTime();
        HelplineStatus s = last;
        if (s != null && now - lastAt < FRESH.toNanos()) {
            return s;
        }
        HelplineFilter f = filter.get();
        if (f == null || f.config() == null) {
            return null;
        }
        s = f.status();
        last = s;
        lastAt = now;
        return s;
    }
}

package dev.helpline.spring.actuate;

import dev.helpline.servlet.HelplineStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.function.Supplier;

/** The {@code helpline} health indicator on Boot 4 ({@link HealthReport} says what it reports). */
final class Boot4HealthIndicator implements HealthIndicator {
    private final Supplier<HelplineStatus> status;

    Boot4HealthIndicator(Supplier<HelplineStatus> status) {
        this.status = status;
    }

    @Override
    public Health health() {
        HealthReport r = HealthReport.of(status.get());
        return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
    }
}

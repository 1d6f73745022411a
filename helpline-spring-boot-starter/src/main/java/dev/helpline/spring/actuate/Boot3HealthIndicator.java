package dev.helpline.spring.actuate;

import dev.helpline.servlet.HelplineStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.function.Supplier;

/** The {@code helpline} health indicator on Boot 3 ({@link HealthReport} says what it reports). */
final class Boot3HealthIndicator implements HealthIndicator {
    private final Supplier<HelplineStatus> status;

    Boot3HealthIndicator(Supplier<HelplineStatus> status) {
        this.status = status;
    }

    @Override
    public Health health() {
        HealthReport r = HealthReport.of(status.get());
        return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
    }
}

package dev.helpline.spring.actuate;

import dev.helpline.servlet.HelplineStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code helpline} health indicator says, apart from Boot's API (which differs
 * between Boot 3 and 4): up unless the form is switched on and its store cannot be opened
 * or asked. An undelivered backlog or a missing webhook is reported in the details, not as
 * "down": the pages and the form still work, and restarting would not help.
 */
record HealthReport(boolean up, Map<String, Object> details) {

    static HealthReport of(HelplineStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (s == null) {
            d.put("filter", "not running");
            return new HealthReport(false, d);
        }
        d.put("formAvailable", s.formAvailable());
        d.put("webhookConfigured", s.webhookConfigured());
        d.put("backlog", s.backlog());
        d.put("oldestUndelivered", s.oldestUndelivered().toString());
        d.put("oldestUndeliveredSeconds", s.oldestUndelivered().toSeconds());
        d.put("lastDeliveryError", s.lastDeliveryError() == null ? "none" : s.lastDeliveryError());
        if (s.lastDeliveryErrorAt() != null) {
            d.put("lastDeliveryErrorAt", s.lastDeliveryErrorAt().toString());
        }
        if (s.storeError() != null) {
            d.put("storeError", s.storeError());
        }
        return new HealthReport(s.storeError() == null, d);
    }
}

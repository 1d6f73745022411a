package dev.helpline.servlet;

import java.time.Duration;
import java.time.Instant;

/**
 * The state of the callback side at one moment, for health checks and gauges
 * ({@link HelplineFilter#status()}).
 *
 * @param formAvailable     the form is rendered and its store is open
 * @param webhookConfigured requests are delivered somewhere ({@code helpline.callback.webhook.url} set)
 * @param backlog           requests stored and not delivered yet; -1 when the store could not be asked
 * @param oldestUndelivered how long the oldest of them has waited; {@link Duration#ZERO} when none
 * @param lastDeliveryError the last failed attempt's error since start, or {@code null}
 * @param lastDeliveryErrorAt when it happened, or {@code null}
 * @param storeError        why the store could not be asked (or opened), or {@code null}
 */
public record HelplineStatus(boolean formAvailable, boolean webhookConfigured, long backlog,
                             Duration oldestUndelivered, String lastDeliveryError, Instant lastDeliveryErrorAt,
                             String storeError) {
}

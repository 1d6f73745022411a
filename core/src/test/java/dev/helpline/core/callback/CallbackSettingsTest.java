package dev.helpline.core.callback;

import dev.helpline.core.config.CallbackSettings;
import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigSchema;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackSettingsTest {
    private static final Map<String, String> BASE = Map.of("helpline.phone", "800-601-3889",
            "helpline.operator.name", "Example");

    private static HelplineConfig with(Map<String, String> extra) {
        var p = new java.util.HashMap<>(BASE);
        p.putAll(extra);
        return HelplineConfig.fromProperties(p);
    }

    @Test
    void defaults_documentedAndSensible() {
        CallbackSettings c = with(Map.of()).callback();
        assertTrue(c.enabled());
        assertEquals("jdbc:h2:file:./helpline-data/callbacks", c.storeUrl());
        assertNull(c.webhookUrl());
        assertNull(c.tokenSecret());
        assertEquals(Duration.ofHours(2), c.tokenMaxAge());
        assertEquals(Duration.ofSeconds(2), c.minFillTime());
        assertEquals(5, c.perMinute());
        assertEquals(3, c.perPhonePerHour());
        assertEquals(Duration.ofDays(3), c.retryHorizon());
        assertEquals(Duration.ofDays(7), c.retention());
        assertEquals(Duration.ofSeconds(10), c.bodyDeadline());
        assertEquals(32, c.maxInFlight());
        for (String key : List.of("helpline.callback.store.url", "helpline.callback.webhook.url",
                "helpline.callback.webhook.secret", "helpline.callback.rate-limit.per-minute",
                "helpline.callback.rate-limit.per-phone-per-hour", "helpline.callback.trusted-proxies",
                "helpline.callback.retry.horizon", "helpline.callback.retention", "helpline.callback.token.secret",
                "helpline.callback.token.max-age", "helpline.callback.min-fill-time", "helpline.callback.enabled",
                "helpline.callback.body-deadline", "helpline.callback.max-in-flight")) {
            assertNotNull(ConfigSchema.find(key), key);
        }
    }

    @Test
    void values_parsedIncludingSecondsAndCidrs() {
        CallbackSettings c = with(Map.of("helpline.callback.webhook.url", "https://ops.example/hook",
                "helpline.callback.webhook.secret", TestReceiver.SECRET,
                "helpline.callback.min-fill-time", "1.5",
                "helpline.callback.trusted-proxies", "10.0.0.0/8, ::1",
                "helpline.callback.store.url", "jdbc:postgresql://db/helpline")).callback();
        assertEquals(URI.create("https://ops.example/hook"), c.webhookUrl());
        assertEquals(Duration.ofMillis(1500), c.minFillTime());
        assertEquals(List.of("10.0.0.0/8", "::1"), c.trustedProxies());
        assertFalse(c.toString().contains(TestReceiver.SECRET.substring(6)), "no secret in toString");
    }

    @Test
    void badValues_allReportedWithKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> with(Map.of(
                "helpline.callback.store.url", "jdbc:mysql://x",
                "helpline.callback.webhook.url", "ftp://x",
                "helpline.callback.rate-limit.per-minute", "0",
                "helpline.callback.retry.horizon", "soon",
                "helpline.callback.trusted-proxies", "proxy.example.com",
                "helpline.callback.token.secret", "short")));
        String m = e.getMessage();
        for (String key : List.of("store.url", "webhook.url", "rate-limit.per-minute", "retry.horizon", "trusted-proxies", "token.secret")) {
            assertTrue(m.contains("helpline.callback." + key), key + " in " + m);
        }
    }

    @Test
    void webhookUrlWithoutSecret_problem() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> with(Map.of("helpline.callback.webhook.url", "https://ops.example/hook")));
        assertTrue(e.getMessage().contains("helpline.callback.webhook.secret"), e.getMessage());
    }

    @Test
    void bodyDeadlineAndMaxInFlight_parsed() {
        CallbackSettings c = with(Map.of("helpline.callback.body-deadline", "PT4S",
                "helpline.callback.max-in-flight", "8")).callback();
        assertEquals(Duration.ofSeconds(4), c.bodyDeadline());
        assertEquals(8, c.maxInFlight());
        assertEquals(Duration.ofMillis(2500), with(Map.of("helpline.callback.body-deadline", "2.5")).callback().bodyDeadline());
        assertTrue(c.toString().contains("bodyDeadline=PT4S, maxInFlight=8"), c.toString());
    }

    @Test
    void bodyDeadlineAndMaxInFlight_outOfRange_eachNamedWithItsValue() {
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("helpline.callback.body-deadline", "PT0S"),
                Map.entry("helpline.callback.body-deadline", "PT0.5S"),
                Map.entry("helpline.callback.body-deadline", "PT3M"),
                Map.entry("helpline.callback.body-deadline", "ten seconds"),
                Map.entry("helpline.callback.max-in-flight", "0"),
                Map.entry("helpline.callback.max-in-flight", "10001"),
                Map.entry("helpline.callback.max-in-flight", "many"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> with(Map.of(bad.getKey(), bad.getValue())),
                    bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey() + " = '" + bad.getValue() + "'"), e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> with(Map.of("helpline.callback.body-deadline", "PT3M")));
        assertTrue(e.getMessage().contains("must be at most PT2M"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> with(Map.of("helpline.callback.max-in-flight", "0")));
        assertTrue(e.getMessage().contains("must be a whole number from 1 to 10000"), e.getMessage());
    }
}

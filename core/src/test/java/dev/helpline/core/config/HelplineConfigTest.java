package dev.helpline.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelplineConfigTest {
    static final Map<String, String> MINIMAL = Map.of(
            "helpline.phone", "800-601-3889",
            "helpline.operator.name", "American Addiction Centers");

    static Map<String, String> with(String key, String value) {
        Map<String, String> m = new HashMap<>(MINIMAL);
        m.put(key, value);
        return m;
    }

    @Test
    void fromProperties_minimal_takesDocumentedDefaults() {
        HelplineConfig c = HelplineConfig.fromProperties(MINIMAL);
        assertTrue(c.enabled());
        assertEquals("(800) 601-3889", c.phone().display());
        assertEquals("tel:+18006013889", c.phone().telUri());
        assertEquals("24Hr Addiction Hotline", c.texts().bannerLabel());
        assertEquals("Call Now", c.texts().bannerCallText());
        assertEquals("Who Answers?", c.texts().disclosureLinkText());
        assertEquals("Where do calls go?", c.texts().disclosureTitle());
        assertEquals("/helpline/callback", c.formPath());
        assertEquals("This field is for validation purposes and should be left unchanged.", c.texts().formHoneypotLabel());
        assertEquals("Use this format: (###) ###-####", c.texts().formHint());
        assertTrue(c.paths().matches("/any/page.html"));
    }

    @Test
    void fromProperties_defaultDisclosure_saysWhoAnswersAndThatNoCommissionDepends() {
        String body = HelplineConfig.fromProperties(with("helpline.site.name", "Recovery Notes")).texts().disclosureBody();
        assertTrue(body.contains("answered by American Addiction Centers"), body);
        assertTrue(body.contains("work only for American Addiction Centers"), body);
        assertTrue(body.contains("Neither Recovery Notes nor American Addiction Centers is paid a commission"), body);
        assertTrue(body.contains("free") && body.contains("does not commit you"), body);
        assertFalse(body.contains("{"), body);
    }

    /** Every key in the schema accepts a sensible value and that value reaches the model. */
    @ParameterizedTest
    @MethodSource("everyKey")
    void fromProperties_everyKey_isBoundAndValidated(SettingInfo setting) {
        String value = switch (setting.key()) {
            case "helpline.enabled", "helpline.form.consent-required" -> "false";
            case "helpline.phone" -> "1-866-234-5678";
            case "helpline.config" -> "/dev/null";
            case "helpline.form.path" -> "/call-me";
            case "helpline.assets.path" -> "/static/hl";
            case "helpline.paths.include", "helpline.paths.exclude" -> "/blog/**, /news/*";
            case "helpline.callback.enabled" -> "false";
            case "helpline.cta.after-paragraph" -> "3";
            case "helpline.inline.enabled", "helpline.cta.enabled" -> "false";
            case "helpline.callback.store.url" -> "jdbc:h2:mem:custom";
            case "helpline.callback.webhook.url" -> "https://intake.example.org/hook";
            case "helpline.callback.webhook.secret", "helpline.callback.token.secret" -> "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0";
            case "helpline.callback.token.max-age" -> "PT7H";
            case "helpline.callback.min-fill-time" -> "PT3S";
            case "helpline.callback.retry.horizon" -> "P5D";
            case "helpline.callback.retention" -> "P9D";
            case "helpline.callback.receipt-retention" -> "P2000D";
            case "helpline.callback.receipt-key" ->
                    dev.helpline.core.callback.ConsentReceipts.encode(dev.helpline.core.callback.ConsentReceipts.generateKeyPair());
            case "helpline.callback.rate-limit.per-minute" -> "17";
            case "helpline.callback.body-deadline" -> "PT4S";
            case "helpline.callback.max-in-flight" -> "7";
            case "helpline.callback.rate-limit.per-phone-per-hour" -> "13";
            case "helpline.callback.trusted-proxies" -> "10.0.0.1, 192.168.0.0/16";
            case "helpline.locale" -> "fr";
            case "helpline.hours.schedule" -> "Mon-Fri 08:00-20:00";
            case "helpline.hours.time-zone" -> "America/Chicago";
            case "helpline.cta.stats-as-of" -> "2026-11-01";
            case "helpline.cta.stats-max-age" -> "P30D";
            case "helpline.audit.enabled" -> "false";
            case "helpline.cta.stats-as-of-text" -> "Custom {date}";
            case "helpline.disclosure.providers-url" -> "https://www.myflfamilies.com/licensed-providers";
            case "helpline.crisis.enabled" -> "false";
            case "helpline.crisis.in-banner", "helpline.crisis.in-cta" -> "true";
            case "helpline.crisis.text" -> "Custom {tel:988} or {sms:988|text}, {tel:911}";
            case "helpline.crisis.samhsa-text" -> "Custom {tel:samhsa} (TTY {tel:samhsa-tty|TTY line})";
            case "helpline.admin.token" -> "an-operator-token-of-forty-characters-xx";
            case "helpline.admin.path" -> "/ops";
            case "helpline.stop.path" -> "/stop-calls";
            default -> "Custom " + setting.key();
        };
        Map<String, String> props = with(setting.key(), value);
        if (setting.key().equals("helpline.cta.stats-as-of-text")) {
            props.put("helpline.cta.stats-as-of", "2026-11-01");
        }
        if (setting.key().equals("helpline.callback.webhook.url")) {
            props.put("helpline.callback.webhook.secret", "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0");
        }
        if (setting.key().equals("helpline.callback.webhook.secret")) {
            props.put("helpline.callback.webhook.url", "https://intake.example.org/hook"); // a secret goes with a URL
        }
        HelplineConfig c = HelplineConfig.fromProperties(props);
        String shown = c.toString();
        switch (setting.key()) {
            case "helpline.enabled" -> assertFalse(c.enabled());
            case "helpline.form.consent-required" -> assertFalse(c.consentRequired());
            case "helpline.phone" -> assertEquals("+18662345678", c.phone().e164());
            case "helpline.config" -> assertNotNull(c);
            case "helpline.paths.include" -> assertEquals(List.of("/blog/**", "/news/*"), c.paths().include());
            case "helpline.paths.exclude" -> assertEquals(List.of("/blog/**", "/news/*"), c.paths().exclude());
            case "helpline.callback.enabled" -> assertFalse(c.callback().enabled());
            case "helpline.callback.store.user" -> assertEquals(value, c.callback().storeUser());
            case "helpline.callback.store.password" -> assertEquals(value, c.callback().storePassword());
            case "helpline.callback.webhook.secret" -> assertEquals(value, c.callback().webhookSecret());
            case "helpline.callback.token.secret" -> assertEquals(value, c.callback().tokenSecret());
            case "helpline.callback.token.max-age" -> assertEquals(java.time.Duration.ofHours(7), c.callback().tokenMaxAge());
            case "helpline.callback.min-fill-time" -> assertEquals(java.time.Duration.ofSeconds(3), c.callback().minFillTime());
            case "helpline.callback.retry.horizon" -> assertEquals(java.time.Duration.ofDays(5), c.callback().retryHorizon());
            case "helpline.callback.receipt-retention" ->
                    assertEquals(java.time.Duration.ofDays(2000), c.callback().receiptRetention());
            case "helpline.callback.receipt-key" -> assertEquals(value, c.callback().receiptKey());
            case "helpline.callback.retention" -> assertEquals(java.time.Duration.ofDays(9), c.callback().retention());
            case "helpline.callback.rate-limit.per-minute" -> assertEquals(17, c.callback().perMinute());
            case "helpline.callback.body-deadline" -> assertEquals(java.time.Duration.ofSeconds(4), c.callback().bodyDeadline());
            case "helpline.callback.max-in-flight" -> assertEquals(7, c.callback().maxInFlight());
            case "helpline.callback.rate-limit.per-phone-per-hour" -> assertEquals(13, c.callback().perPhonePerHour());
            case "helpline.callback.trusted-proxies" -> assertEquals(List.of("10.0.0.1", "192.168.0.0/16"), c.callback().trustedProxies());
            case "helpline.csp.nonce-attribute" -> assertEquals(value, c.nonceAttribute());
            case "helpline.cta.after-paragraph" -> assertEquals(3, c.ctaAfterParagraph());
            case "helpline.inline.enabled" -> assertFalse(c.inlineEnabled());
            case "helpline.cta.enabled" -> assertFalse(c.ctaEnabled());
            case "helpline.locale" -> assertEquals("fr", c.locale());
            case "helpline.hours.schedule" -> assertFalse(c.hours().alwaysOpen());
            case "helpline.hours.time-zone" -> assertEquals(java.time.ZoneId.of("America/Chicago"), c.hours().zone());
            case "helpline.cta.stats-as-of" -> assertEquals(java.time.LocalDate.of(2026, 11, 1), c.statsAsOf());
            case "helpline.cta.stats-max-age" -> assertEquals(java.time.Period.ofDays(30), c.statsMaxAge());
            case "helpline.audit.enabled" -> assertFalse(c.auditEnabled());
            case "helpline.cta.stats-as-of-text" -> assertEquals("Custom November 2026", c.texts().ctaStatsAsOf());
            case "helpline.crisis.enabled" -> assertEquals(new CrisisPlacement(false, false, false), c.crisis(null));
            case "helpline.crisis.in-banner" -> assertEquals(new CrisisPlacement(true, true, false), c.crisis(null));
            case "helpline.crisis.in-cta" -> assertEquals(new CrisisPlacement(true, false, true), c.crisis(null));
            case "helpline.admin.token" -> {
                assertEquals(value, c.rights().adminToken());
                assertFalse(shown.contains(value), "the operator's token is never shown: " + shown);
            }
            default -> assertTrue(shown.contains(value), setting.key() + " did not reach the model: " + shown);
        }
    }

    /** The top-level keys; profile keys ({@code helpline.profiles.<name>.…}) have tests of their own. */
    static Stream<SettingInfo> everyKey() {
        return ConfigSchema.settings().stream().filter(s -> !s.key().contains("<"));
    }

    @Test
    void fromProperties_manyProblems_reportsEveryOneWithKeyAndValue() {
        Map<String, String> bad = new HashMap<>();
        bad.put("helpline.phone", "555-0100");
        bad.put("helpline.enabled", "yes");
        bad.put("helpline.form.path", "callback");
        bad.put("helpline.paths.exclude", "admin/**");
        bad.put("helpline.disclosure.body", "Answered by {operater}.");
        bad.put("helpline.phnoe", "800-601-3889");
        ConfigException e = assertThrows(ConfigException.class, () -> HelplineConfig.fromProperties(bad));
        List<String> keys = e.problems().stream().map(ConfigProblem::key).toList();
        assertEquals(List.of("helpline.disclosure.body", "helpline.enabled", "helpline.form.path",
                "helpline.operator.name", "helpline.paths.exclude", "helpline.phnoe", "helpline.phone"), keys);
        assertTrue(e.getMessage().contains("helpline.phone = '555-0100'"), e.getMessage());
        assertTrue(e.getMessage().contains("helpline.enabled = 'yes': must be true or false"), e.getMessage());
        assertTrue(e.getMessage().contains("helpline.operator.name (missing)"), e.getMessage());
        assertTrue(e.getMessage().contains("7 problems"), e.getMessage());
    }

    @Test
    void fromProperties_typoInKey_isAnErrorThatSuggestsTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HelplineConfig.fromProperties(with("helpline.banner.labl", "Hotline")));
        assertEquals(1, e.problems().size());
        assertEquals("helpline.banner.labl", e.problems().get(0).key());
        assertEquals("Hotline", e.problems().get(0).value());
        assertTrue(e.problems().get(0).reason().contains("did you mean helpline.banner.label?"));
    }

    @Test
    void fromProperties_valueOnAGroup_isReportedOnTheGroupKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HelplineConfig.fromProperties(with("helpline.banner", "x")));
        assertEquals("helpline.banner", e.problems().get(0).key());
        assertTrue(e.problems().get(0).reason().contains("group"));
    }

    @Test
    void fromProperties_nonHelplineKeys_areIgnored() {
        assertNotNull(HelplineConfig.fromProperties(with("server.port", "8080")));
    }

    @Test
    void fromProperties_controlCharacterInText_isRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HelplineConfig.fromProperties(with("helpline.banner.label", "Hot\u0007line")));
        assertTrue(e.getMessage().contains("U+0007"));
    }

    @Test
    void fromProperties_placeholders_areResolvedInConsentAndDisclosure() {
        HelplineConfig c = HelplineConfig.fromProperties(with("helpline.form.consent-text", "{operator} may call me."));
        assertEquals("American Addiction Centers may call me.", c.texts().formConsentText());
    }

    @Test
    void fromProperties_sameInput_givesEqualValues() {
        assertEquals(HelplineConfig.fromProperties(MINIMAL), HelplineConfig.fromProperties(MINIMAL));
        assertEquals(HelplineConfig.fromProperties(MINIMAL).toString(), HelplineConfig.fromProperties(MINIMAL).toString());
    }

    @Test
    void fromProperties_underTurkishLocale_readsBooleansAndKeysTheSame() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            HelplineConfig c = HelplineConfig.fromProperties(with("helpline.enabled", "TRUE"));
            assertTrue(c.enabled());
            assertEquals("HELPLINE_FORM_PHONE_LABEL", SettingInfo.environmentVariableOf("helpline.form.phone-label"));
            assertTrue(HelplineConfig.fromProperties(with("helpline.paths.include", "/BLOG/**")).paths().matches("/BLOG/x"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void pathRules_globs_matchSegmentsAsDocumented() {
        PathRules rules = new PathRules(List.of("/blog/**", "/guides/*.html"), List.of("/blog/drafts/**"));
        assertTrue(rules.matches("/blog"));
        assertTrue(rules.matches("/blog/2024/post"));
        assertTrue(rules.matches("/guides/detox.html"));
        assertFalse(rules.matches("/guides/a/detox.html"));
        assertFalse(rules.matches("/blog/drafts/x"));
        assertFalse(rules.matches("/about"));
        assertTrue(PathRules.all().matches("/"));
    }

    /** Issue K §4: a short operator token stops the start, naming the key and never the secret. */
    @Test
    void fromProperties_shortAdminToken_isRefusedWithoutEchoingIt() {
        String secret = "hunter2-too-short-secret";
        ConfigException e = assertThrows(ConfigException.class,
                () -> HelplineConfig.fromProperties(with("helpline.admin.token", secret)));
        assertEquals(List.of("helpline.admin.token"), e.problems().stream().map(ConfigProblem::key).toList());
        assertTrue(e.getMessage().contains("must be at least 32 characters (it has 24)"), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void fromProperties_dataRightsDefaults_adminOffStopFormOn() {
        HelplineConfig c = HelplineConfig.fromProperties(MINIMAL);
        assertFalse(c.rights().adminEnabled());
        assertEquals("/helpline/admin/delete", c.rights().adminDeletePath());
        assertEquals("/helpline/stop", c.rights().stopPath());
        assertEquals("Stop calling me / delete my request", c.texts().stopLinkText());
        assertEquals("No me llamen más / borrar mi solicitud", c.texts(null, "es").stopLinkText());
        assertTrue(c.texts().stopDoneText().contains("American Addiction Centers"), c.texts().stopDoneText());
    }

    @Test
    void fromProperties_stopPathOnTheFormPathOrUnderAdmin_refused() {
        Map<String, String> p = with("helpline.stop.path", "/helpline/callback");
        ConfigException e = assertThrows(ConfigException.class, () -> HelplineConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("helpline.stop.path = '/helpline/callback'"), e.getMessage());
        Map<String, String> q = with("helpline.stop.path", "/helpline/admin/stop");
        e = assertThrows(ConfigException.class, () -> HelplineConfig.fromProperties(q));
        assertTrue(e.getMessage().contains("must lie outside helpline.admin.path"), e.getMessage());
    }
}

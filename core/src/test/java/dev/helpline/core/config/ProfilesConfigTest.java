package dev.helpline.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Profiles, languages, opening hours and the statistics' date as configuration. */
class ProfilesConfigTest {
    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>(HelplineConfigTest.MINIMAL);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static ConfigException problems(String... kv) {
        return assertThrows(ConfigException.class, () -> HelplineConfig.fromProperties(props(kv)));
    }

    static List<String> keys(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::key).toList();
    }

    @Test
    void fromProperties_profile_bindsPathsLocalePhoneAndOperator() {
        HelplineConfig c = HelplineConfig.fromProperties(props(
                "helpline.profiles.es.paths", "/es/**, /latino/*",
                "helpline.profiles.es.locale", "es-MX",
                "helpline.profiles.es.phone", "(866) 234-5678",
                "helpline.profiles.es.operator.name", "Centros de Tratamiento"));
        Profile es = c.profiles().get(0);
        assertEquals("es", es.name());
        assertEquals(List.of("/es/**", "/latino/*"), es.paths());
        assertEquals("es", es.locale());
        assertEquals("+18662345678", es.phone().e164());
        assertEquals("Centros de Tratamiento", es.operatorName());
        assertEquals(es, c.profileFor("/es/articulo"));
        assertEquals(es, c.profileFor("/es"));
        assertNull(c.profileFor("/blog/es"));
    }

    @Test
    void fromProperties_profileWithoutPhoneOrOperator_takesTheTopLevels() {
        Profile es = HelplineConfig.fromProperties(props("helpline.profiles.es.paths", "/es/**")).profiles().get(0);
        assertEquals("+18006013889", es.phone().e164());
        assertEquals("American Addiction Centers", es.operatorName());
        assertNull(es.locale());
    }

    @Test
    void profileFor_twoProfilesMatch_firstByNameWins() {
        HelplineConfig c = HelplineConfig.fromProperties(props(
                "helpline.profiles.b-wide.paths", "/**",
                "helpline.profiles.a-es.paths", "/es/**"));
        assertEquals("a-es", c.profileFor("/es/x").name());
        assertEquals("b-wide", c.profileFor("/other").name());
    }

    @Test
    void fromProperties_unknownKeyInProfile_isAnErrorWithTheFullKeyAndASuggestion() {
        ConfigException e = problems("helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.banner.labl", "Línea");
        assertEquals(List.of("helpline.profiles.es.banner.labl"), keys(e));
        assertEquals("Línea", e.problems().get(0).value());
        assertTrue(e.problems().get(0).reason().contains("did you mean helpline.profiles.es.banner.label?"), e.getMessage());
    }

    @Test
    void fromProperties_topLevelOnlyKeyInProfile_isRefusedNamingTheTopLevelKey() {
        ConfigException e = problems("helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.form.path", "/llamar");
        assertEquals(List.of("helpline.profiles.es.form.path"), keys(e));
        assertTrue(e.problems().get(0).reason().contains("set helpline.form.path instead"), e.getMessage());
    }

    @Test
    void fromProperties_badProfileValues_everyProblemNamesTheFullKey() {
        ConfigException e = problems(
                "helpline.profiles.es.paths", "es/**",
                "helpline.profiles.es.phone", "555-0100",
                "helpline.profiles.es.locale", "español",
                "helpline.profiles.es.disclosure.body", "Atiende {operador}.",
                "helpline.profiles.fr.locale", "fr");
        assertEquals(List.of("helpline.profiles.es.disclosure.body", "helpline.profiles.es.locale",
                "helpline.profiles.es.paths", "helpline.profiles.es.phone", "helpline.profiles.fr.paths"), keys(e));
        assertTrue(e.getMessage().contains("helpline.profiles.es.phone = '555-0100'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"ES", "es_mx", "es.x"})
    void fromProperties_badProfileName_isRefused(String name) {
        ConfigException e = problems("helpline.profiles." + name + ".paths", "/es/**");
        assertTrue(e.getMessage().contains("helpline.profiles." + name.split("\\.")[0]), e.getMessage());
    }

    @Test
    void fromProperties_valueOnTheProfileItself_isReportedOnTheProfileKey() {
        ConfigException e = problems("helpline.profiles.es", "/es/**");
        assertEquals(List.of("helpline.profiles.es", "helpline.profiles.es.paths"), keys(e));
        assertTrue(e.problems().get(0).reason().contains("group"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Mon-Fri 8:00-20:00|is not hours like 08:00-20:00",
            "Mon-Fri|needs days and hours",
            "Mo-Fr 08:00-20:00|is not a day",
            "Mon 25:00-26:00|does not exist",
            "Mon 08:00-08:00|is empty",
            "always|needs days and hours",
            "Mon 08:60-09:00|does not exist"})
    void fromProperties_badSchedule_namesKeyValueAndProblem(String schedule, String reason) {
        ConfigException e = problems("helpline.hours.schedule", schedule);
        assertEquals(List.of("helpline.hours.schedule"), keys(e));
        assertEquals(schedule, e.problems().get(0).value());
        assertTrue(e.problems().get(0).reason().contains(reason), e.getMessage());
    }

    @Test
    void fromProperties_badTimeZoneDateAndPeriod_eachNamed() {
        ConfigException e = problems("helpline.hours.time-zone", "Eastern",
                "helpline.cta.stats-as-of", "11/01/2026", "helpline.cta.stats-max-age", "90 days",
                "helpline.locale", "english!", "helpline.audit.enabled", "sometimes",
                "helpline.cta.stats-as-of-text", "({when})");
        assertEquals(List.of("helpline.audit.enabled", "helpline.cta.stats-as-of", "helpline.cta.stats-as-of-text",
                "helpline.cta.stats-max-age", "helpline.hours.time-zone", "helpline.locale"), keys(e));
        assertTrue(e.getMessage().contains("helpline.hours.time-zone = 'Eastern'"), e.getMessage());
    }

    @Test
    void fromProperties_profileHours_ownScheduleZoneOrNeither() {
        HelplineConfig c = HelplineConfig.fromProperties(props(
                "helpline.hours.schedule", "Mon-Fri 08:00-20:00",
                "helpline.profiles.a.paths", "/a/**", "helpline.profiles.a.hours.schedule", "Sat-Sun 10:00-14:00",
                "helpline.profiles.b.paths", "/b/**", "helpline.profiles.b.hours.time-zone", "America/Los_Angeles",
                "helpline.profiles.c.paths", "/c/**"));
        // 2026-11-07 is a Saturday: 12:00 in New York is 17:00 UTC.
        java.time.Instant saturdayNoon = java.time.Instant.parse("2026-11-07T17:00:00Z");
        assertTrue(c.profileFor("/a/x").hours().isOpen(saturdayNoon));
        assertTrue(!c.hours().isOpen(saturdayNoon));
        // Monday 06:00 in Los Angeles is 09:00 in New York: open there, closed in the west.
        java.time.Instant monday9NewYork = java.time.Instant.parse("2026-11-02T14:00:00Z");
        assertTrue(c.hours().isOpen(monday9NewYork));
        assertTrue(!c.profileFor("/b/x").hours().isOpen(monday9NewYork));
        assertNull(c.profileFor("/c/x").hours());
    }

    @Test
    void fromProperties_badProfileHours_namedWithTheProfilesKey() {
        ConfigException e = problems("helpline.profiles.es.paths", "/es/**",
                "helpline.profiles.es.hours.schedule", "Lun-Vie 08:00-20:00",
                "helpline.profiles.mx.paths", "/mx/**",
                "helpline.profiles.mx.hours.time-zone", "Mexico City");
        assertEquals(List.of("helpline.profiles.es.hours.schedule", "helpline.profiles.mx.hours.time-zone"), keys(e));
        assertTrue(e.getMessage().contains("helpline.profiles.mx.hours.time-zone = 'Mexico City'"), e.getMessage());
    }

    @Test
    void schema_profileKeys_areDocumentedOnceWithTheNamePlaceholder() {
        List<String> keys = ConfigSchema.settings().stream().map(SettingInfo::key)
                .filter(k -> k.startsWith("helpline.profiles.")).toList();
        assertEquals(List.of("helpline.profiles.<name>.paths", "helpline.profiles.<name>.locale",
                "helpline.profiles.<name>.phone", "helpline.profiles.<name>.operator.name",
                "helpline.profiles.<name>.hours.schedule", "helpline.profiles.<name>.hours.time-zone",
                "helpline.profiles.<name>.<text key>", "helpline.profiles.<name>.crisis.enabled",
                "helpline.profiles.<name>.crisis.in-banner", "helpline.profiles.<name>.crisis.in-cta"), keys);
        assertTrue(ConfigSchema.profileKeys().containsAll(ConfigSchema.textKeys().keySet()));
        assertTrue(ConfigSchema.settings().stream().filter(s -> !s.key().contains("<"))
                .allMatch(s -> s.environmentVariable() != null && !s.doc().isBlank()));
    }

    @Test
    void builtInSpanish_hasEveryTextKeyAndEveryFieldError() {
        // Names and addresses are the same in every language; the English default serves all.
        Set<String> anyLanguage = Set.of("disclosure.providers-url", "disclosure.represented-providers");
        for (String key : ConfigSchema.textKeys().keySet()) {
            if (anyLanguage.contains(key)) {
                continue;
            }
            String es = BuiltInTexts.get("es", key);
            assertTrue(es != null && !es.isBlank(), "no Spanish for " + key);
        }
        for (var e : dev.helpline.core.callback.FieldError.values()) {
            assertTrue(BuiltInTexts.get("es", "error." + e.code()) != null, "no Spanish for error " + e.code());
        }
    }
}

package dev.helpline.core.config;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static dev.helpline.core.config.ProfilesConfigTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which text a page gets: profile's own > top level's (in its language) > built-in of the language > English. */
class TextsPrecedenceTest {
    private final HelplineConfig c = HelplineConfig.fromProperties(props(
            "helpline.banner.label", "Recovery Line",
            "helpline.banner.call-text", "Ring us",
            "helpline.profiles.es.paths", "/es/**",
            "helpline.profiles.es.locale", "es",
            "helpline.profiles.es.banner.label", "Línea de Recuperación",
            "helpline.profiles.mixed.paths", "/mixed/**",
            "helpline.profiles.mixed.banner.call-text", "Call today"));
    private final Profile es = c.profileFor("/es/");
    private final Profile mixed = c.profileFor("/mixed/");

    @Test
    void texts_profileOwnText_winsInTheProfilesLanguage() {
        assertEquals("Línea de Recuperación", c.texts(es, "es").bannerLabel());
    }

    @Test
    void texts_topLevelTextInAnotherLanguage_isNotUsedBuiltInInstead() {
        assertEquals("Llame ahora", c.texts(es, "es").bannerCallText());
        assertEquals("Llame ahora", c.texts(null, "es").bannerCallText());
        assertEquals("Línea de ayuda para adicciones 24 h", c.texts(null, "es").bannerLabel());
    }

    @Test
    void texts_topLevelTextInItsLanguage_winsOverBuiltIn() {
        assertEquals("Recovery Line", c.texts(null, "en").bannerLabel());
        assertEquals("Ring us", c.texts(null, "en").bannerCallText());
    }

    @Test
    void texts_profileWithoutLocale_ownTextsAreInTheSiteLanguage() {
        assertEquals("Call today", c.texts(mixed, "en").bannerCallText());
        assertEquals("Recovery Line", c.texts(mixed, "en").bannerLabel());
        assertEquals("Llame ahora", c.texts(mixed, "es").bannerCallText());
    }

    @Test
    void texts_spanishSiteLocale_topLevelTextsAreSpanishAndEnglishPagesGetBuiltIn() {
        HelplineConfig s = HelplineConfig.fromProperties(props("helpline.locale", "es", "helpline.banner.label", "Línea Propia"));
        assertEquals("Línea Propia", s.texts().bannerLabel());
        assertEquals("Llame ahora", s.texts().bannerCallText());
        assertEquals("24Hr Addiction Hotline", s.texts(null, "en").bannerLabel());
    }

    @Test
    void texts_languageWithoutBuiltInTexts_fallsBackToEnglish() {
        HelplineConfig fr = HelplineConfig.fromProperties(props("helpline.locale", "fr", "helpline.banner.label", "Ligne d'aide"));
        assertEquals("Ligne d'aide", fr.texts().bannerLabel());
        assertEquals("Call Now", fr.texts().bannerCallText());
    }

    @Test
    void texts_spanishDisclosure_fillsOperatorAndSpanishSiteDefault() {
        String body = c.texts(es, "es").disclosureBody();
        assertTrue(body.startsWith("Las llamadas a esta línea de ayuda las atiende American Addiction Centers."), body);
        assertTrue(body.contains("Ni este sitio ni American Addiction Centers reciben una comisión"), body);
        assertFalse(body.contains("{"), body);
    }

    @Test
    void texts_englishDefaults_areUnchanged() {
        Texts en = HelplineConfig.fromProperties(props()).texts();
        assertEquals("Call Now", en.bannerCallText());
        assertEquals("Response time about 1 min | Response rate 100%", en.ctaStats());
        assertEquals("", en.ctaStatsAsOf());
        assertEquals("Our phone line is closed right now. Request a call back and we will call you when we open.",
                en.bannerOffHoursText());
    }

    @Test
    void texts_statsAsOf_isMonthAndYearInTheLanguage() {
        HelplineConfig d = HelplineConfig.fromProperties(props("helpline.cta.stats-as-of", "2026-11-01"));
        assertEquals(LocalDate.of(2026, 11, 1), d.statsAsOf());
        assertEquals("(as of November 2026)", d.texts().ctaStatsAsOf());
        assertEquals("(datos de noviembre de 2026)", d.texts(null, "es").ctaStatsAsOf());
    }

    @Test
    void language_table_profileThenHtmlLangThenAcceptLanguageThenSiteLocale() {
        assertEquals("es", c.language(es, "en", "en"));                  // the profile says so
        assertEquals("es", c.language(null, "ES-mx", "en"));             // <html lang>, case-insensitive
        assertEquals("en", c.language(null, "en-US", "es"));
        assertEquals("es", c.language(null, "fr", "fr, es;q=0.8, en;q=0.5")); // page lang without texts: header
        assertEquals("en", c.language(null, null, "es;q=0.4, en;q=0.9"));
        assertEquals("es", c.language(null, null, "en;q=0, es"));       // q=0 refuses
        assertEquals("en", c.language(null, null, "de, fr"));            // none we have: site locale
        assertEquals("en", c.language(null, "", null));
        assertEquals("es", c.language(mixed, "es", null));              // profile without locale: page decides
    }

    @Test
    void language_underTurkishDefaultLocale_foldsTheSame() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
            assertEquals("es", Languages.primary("ES"));
            HelplineConfig i = HelplineConfig.fromProperties(props("helpline.locale", "IT"));
            assertEquals("it", i.locale());
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}

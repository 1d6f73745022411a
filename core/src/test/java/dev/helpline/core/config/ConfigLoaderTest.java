package dev.helpline.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private ClassLoader classpathWith(String content) throws IOException {
        Path root = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(root.resolve("helpline.properties"), content);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private ConfigLoader isolated(ClassLoader cl) {
        return ConfigLoader.standard().classLoader(cl).environment(Map.of()).systemProperties(new Properties());
    }

    @Test
    void load_classpathOnly_readsHelplineProperties() throws IOException {
        HelplineConfig c = isolated(classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n")).load();
        assertEquals("+18006013889", c.phone().e164());
    }

    @Test
    void load_precedence_systemOverEnvironmentOverFileOverClasspath() throws IOException {
        ClassLoader cl = classpathWith("""
                helpline.phone=800-601-3889
                helpline.operator.name=From classpath
                helpline.banner.label=From classpath
                helpline.banner.call-text=From classpath
                helpline.cta.heading=From classpath
                """);
        Path file = Files.writeString(dir.resolve("site.properties"), """
                helpline.banner.label=From file
                helpline.banner.call-text=From file
                helpline.cta.heading=From file
                """);
        Properties sys = new Properties();
        sys.setProperty("helpline.cta.heading", "From system");
        HelplineConfig c = ConfigLoader.standard().classLoader(cl).file(file)
                .environment(Map.of("HELPLINE_BANNER_CALL_TEXT", "From env", "HELPLINE_CTA_HEADING", "From env"))
                .systemProperties(sys).load();
        assertEquals("From classpath", c.operatorName());
        assertEquals("From file", c.texts().bannerLabel());
        assertEquals("From env", c.texts().bannerCallText());
        assertEquals("From system", c.texts().ctaHeading());
    }

    @Test
    void load_environmentVariable_setsRequiredPhone() throws IOException {
        HelplineConfig c = isolated(classpathWith("helpline.operator.name=AAC\n"))
                .environment(Map.of("HELPLINE_PHONE", "+1 800 601 3889")).load();
        assertEquals("(800) 601-3889", c.phone().display());
    }

    @Test
    void load_profileEnvironmentVariables_setAProfileLikeItsKeys() throws IOException {
        HelplineConfig c = isolated(classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .environment(Map.of("HELPLINE_PROFILES_ES_PATHS", "/es/**", "HELPLINE_PROFILES_ES_LOCALE", "es",
                        "HELPLINE_PROFILES_ES_PHONE", "866-234-5678",
                        "HELPLINE_PROFILES_ES_BANNER_LABEL", "Línea de ayuda")).load();
        Profile es = c.profiles().get(0);
        assertEquals("es", es.name());
        assertEquals(List.of("/es/**"), es.paths());
        assertEquals("(866) 234-5678", es.phone().display());
        assertEquals("Línea de ayuda", c.texts(es, "es").bannerLabel());
    }

    @Test
    void load_profileEnvironmentVariable_dashInTheNameIsUnderscore_andOverridesTheFile() throws IOException {
        Properties sys = new Properties();
        sys.setProperty("helpline.profiles.es-mx.operator.name", "From system");
        HelplineConfig c = isolated(classpathWith("""
                helpline.phone=800-601-3889
                helpline.operator.name=AAC
                helpline.profiles.es-mx.paths=/mx/**
                helpline.profiles.es-mx.hours.time-zone=America/New_York
                helpline.profiles.es-mx.operator.name=From file
                """))
                .environment(Map.of("HELPLINE_PROFILES_ES_MX_HOURS_TIME_ZONE", "America/Mexico_City",
                        "HELPLINE_PROFILES_ES_MX_OPERATOR_NAME", "From env"))
                .systemProperties(sys).load();
        Profile mx = c.profiles().get(0);
        assertEquals("es-mx", mx.name());
        assertEquals(java.time.ZoneId.of("America/Mexico_City"), mx.hours().zone());
        assertEquals("From system", mx.operatorName());
    }

    @Test
    void load_unknownProfileEnvironmentVariable_isAnErrorNamingIt() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> isolated(
                classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .environment(Map.of("HELPLINE_PROFILES_ES_PHNOE", "866-234-5678")).load());
        assertEquals("HELPLINE_PROFILES_ES_PHNOE", e.problems().get(0).key());
        assertTrue(e.getMessage().contains("HELPLINE_PROFILES_ES_PHONE"), e.getMessage());
    }

    @Test
    void load_unknownHelplineEnvironmentVariable_isAnError() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> isolated(
                classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .environment(Map.of("HELPLINE_PHNOE", "x")).load());
        assertEquals("HELPLINE_PHNOE", e.problems().get(0).key());
    }

    @Test
    void load_helplineConfigSystemProperty_namesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("x.properties"), "helpline.phone=800-601-3889\nhelpline.operator.name=X\n");
        Properties sys = new Properties();
        sys.setProperty("helpline.config", file.toString());
        HelplineConfig c = ConfigLoader.standard().classLoader(null).environment(Map.of()).systemProperties(sys).load();
        assertEquals("X", c.operatorName());
    }

    @Test
    void load_missingFile_isReportedWithTheOtherProblems() {
        ConfigException e = assertThrows(ConfigException.class, () -> isolated(null)
                .file(dir.resolve("nope.properties")).load());
        assertTrue(e.getMessage().contains("helpline.config = '" + dir.resolve("nope.properties") + "': no such file"),
                e.getMessage());
        assertTrue(e.getMessage().contains("helpline.phone (missing)"), e.getMessage());
    }

    @Test
    void load_utf8File_keepsNonLatinText() throws IOException {
        Path file = Files.writeString(dir.resolve("es.properties"),
                "helpline.phone=800-601-3889\nhelpline.operator.name=AAC\nhelpline.banner.label=Línea de ayuda 24 h\n");
        assertEquals("Línea de ayuda 24 h", isolated(null).file(file).load().texts().bannerLabel());
    }

    @Test
    void anySourcePresent_nothingConfigured_isFalse() {
        assertFalse(isolated(null).anySourcePresent());
    }
}

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

    /** Collects what the loader logs under dev.helpline.config (System.Logger goes to java.util.logging). */
    private static List<String> warningsDuring(Runnable r) {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.helpline.config");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord rec) {
                if (rec.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    seen.add(rec.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            r.run();
        } finally {
            jul.removeHandler(h);
        }
        return seen;
    }

    @Test
    void load_unknownProfileEnvironmentVariable_isWarnedAboutWithTheNearestOne() throws IOException {
        ConfigLoader loader = isolated(classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .environment(Map.of("HELPLINE_PROFILES_ES_PHNOE", "866-234-5678"));
        List<String> warnings = warningsDuring(loader::load);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("HELPLINE_PROFILES_ES_PHNOE"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("did you mean HELPLINE_PROFILES_ES_PHONE?"), warnings.get(0));
    }

    @Test
    void load_unknownHelplineEnvironmentVariable_startsAndWarnsWithDidYouMean() throws IOException {
        ConfigLoader loader = isolated(classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .environment(Map.of("HELPLINE_PHNOE", "x"));
        List<String> warnings = warningsDuring(() -> assertEquals("+18006013889", loader.load().phone().e164()));
        assertEquals(List.of("helpline: unknown environment variable HELPLINE_PHNOE ignored; did you mean HELPLINE_PHONE?"),
                warnings);
    }

    @Test
    void load_kubernetesServiceLinks_neitherStopTheStartNorWarn() throws IOException {
        // What Kubernetes puts into every pod of a namespace with a Service named "helpline".
        Map<String, String> env = Map.of(
                "HELPLINE_SERVICE_HOST", "10.96.12.7",
                "HELPLINE_SERVICE_PORT", "8080",
                "HELPLINE_SERVICE_PORT_HTTP", "8080",
                "HELPLINE_PORT", "tcp://10.96.12.7:8080",
                "HELPLINE_PORT_8080_TCP", "tcp://10.96.12.7:8080",
                "HELPLINE_PORT_8080_TCP_PROTO", "tcp",
                "HELPLINE_PORT_8080_TCP_PORT", "8080",
                "HELPLINE_PORT_8080_TCP_ADDR", "10.96.12.7",
                "HELPLINE_PHONE", "866-234-5678");
        ConfigLoader loader = isolated(classpathWith("helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .environment(env);
        List<String> warnings = warningsDuring(() -> assertEquals("+18662345678", loader.load().phone().e164()));
        assertEquals(List.of(), warnings);
    }

    @Test
    void load_unknownKeysInAFile_stayErrorsNamedAsWritten() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> isolated(classpathWith(
                "helpline.phone=800-601-3889\nhelpline.operator.name=AAC\nhelpline.admin.secret=abc\nhelpline.foo.bar=1\n"))
                .load());
        assertEquals(List.of("helpline.admin.secret = 'abc': unknown key", "helpline.foo.bar = '1': unknown key"),
                e.problems().stream().map(ConfigProblem::toString).toList());
        assertTrue(e.getMessage().startsWith("Invalid helpline configuration (2 problems):"), e.getMessage());
    }

    @Test
    void load_aTypoInANestedUnknownGroup_suggestsTheKey() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> isolated(classpathWith(
                "helpline.phone=800-601-3889\nhelpline.operator.name=AAC\nhelpline.banerr.label=x\n")).load());
        assertEquals("helpline.banerr.label = 'x': unknown key; did you mean helpline.banner.label?",
                e.problems().get(0).toString());
    }

    @Test
    void load_aLoaderProblemBesideAValidRest_isListedOnce() throws IOException {
        // The missing file was listed twice ("2 problems" for 1) when the rest of the configuration was valid.
        ConfigException e = assertThrows(ConfigException.class, () -> isolated(classpathWith(
                "helpline.phone=800-601-3889\nhelpline.operator.name=AAC\n"))
                .file(dir.resolve("nope.properties")).load());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid helpline configuration (1 problem):"), e.getMessage());
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

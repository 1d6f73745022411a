package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helpline.* from every kind of source Boot has, with Boot's precedence and relaxed names. */
class HelplineEnvironmentTest {

    /** An environment as Boot builds one: command line, environment variables, then application.properties. */
    private static StandardEnvironment environment(Map<String, Object> applicationProperties, Map<String, Object> variables,
                                                   String... args) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        if (args.length > 0) {
            env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        }
        env.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment", variables));
        env.getPropertySources().addLast(new MapPropertySource("Config resource 'class path resource [application.properties]'",
                applicationProperties));
        return env;
    }

    private static Map<String, Object> required() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("helpline.phone", "800-601-3889");
        m.put("helpline.operator.name", "American Addiction Centers");
        return m;
    }

    private static HelplineConfig load(StandardEnvironment env) {
        return HelplineEnvironment.of(env, null).load();
    }

    @Test
    void load_applicationProperties_bindsEveryKeyThroughTheSchema() {
        Map<String, Object> app = required();
        app.put("helpline.site.name", "Recovery Notes");
        app.put("helpline.cta.after-paragraph", 3); // YAML gives numbers as numbers
        HelplineConfig config = load(environment(app, Map.of()));
        assertEquals("(800) 601-3889", config.phone().display());
        assertEquals(3, config.ctaAfterParagraph());
        assertEquals("Recovery Notes", config.siteName());
    }

    @Test
    void load_relaxedNames_camelCaseAndUpperCaseAreTheSameKey() {
        Map<String, Object> app = required();
        app.put("helpline.banner.callText", "Ring us");
        HelplineEnvironment env = HelplineEnvironment.of(environment(app, Map.of()), null);
        assertEquals("Ring us", env.values().get("helpline.banner.call-text"));
        assertEquals("Ring us", env.load().texts(null, "en").bannerCallText());
    }

    @Test
    void load_precedence_commandLineOverVariablesOverApplicationProperties() {
        Map<String, Object> app = required();
        app.put("helpline.banner.label", "from file");
        app.put("helpline.banner.call-text", "from file");
        app.put("helpline.site.name", "from file");
        StandardEnvironment env = environment(app,
                Map.of("HELPLINE_BANNER_CALL_TEXT", "from variable", "HELPLINE_SITE_NAME", "from variable"),
                "--helpline.site.name=from command line");
        HelplineConfig config = load(env);
        assertEquals("from file", config.texts(null, "en").bannerLabel());
        assertEquals("from variable", config.texts(null, "en").bannerCallText());
        assertEquals("from command line", config.siteName());
    }

    @Test
    void load_yamlList_joinedAsTheCommaSeparatedForm() {
        Map<String, Object> app = required();
        app.put("helpline.paths.exclude[0]", "/admin/**");
        app.put("helpline.paths.exclude[1]", "/login");
        HelplineEnvironment env = HelplineEnvironment.of(environment(app, Map.of()), null);
        assertEquals("/admin/**,/login", env.values().get("helpline.paths.exclude"));
        HelplineConfig config = env.load();
        assertFalse(config.paths().matches("/admin/users"));
        assertFalse(config.paths().matches("/login"));
        assertTrue(config.paths().matches("/articles/1"));
    }

    @Test
    void load_applicationYml_throughBootsOwnLoader_nestedKeysAndLists() throws Exception {
        String yaml = """
                helpline:
                  phone: 800-601-3889
                  operator:
                    name: American Addiction Centers
                  banner:
                    callText: Ring us
                  cta:
                    after-paragraph: 2
                  paths:
                    exclude:
                      - /admin/**
                      - /login
                  profiles:
                    es:
                      paths: /es/**
                      locale: es
                """;
        StandardEnvironment env = environment(Map.of(), Map.of());
        env.getPropertySources().remove("Config resource 'class path resource [application.properties]'");
        new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("application.yml", new org.springframework.core.io.ByteArrayResource(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .forEach(env.getPropertySources()::addLast);
        HelplineConfig config = load(env);
        assertEquals("Ring us", config.texts(null, "en").bannerCallText());
        assertEquals(2, config.ctaAfterParagraph());
        assertFalse(config.paths().matches("/login"));
        assertEquals("es", config.profileFor("/es/a").name());
    }

    @Test
    void load_profileKeys_fromPropertiesAndVariables() {
        Map<String, Object> app = required();
        app.put("helpline.profiles.es.paths", "/es/**");
        app.put("helpline.profiles.es.locale", "es");
        HelplineEnvironment env = HelplineEnvironment.of(environment(app,
                Map.of("HELPLINE_PROFILES_ES_BANNER_CALL_TEXT", "Llame ya")), null);
        assertEquals("Llame ya", env.values().get("helpline.profiles.es.banner.call-text"));
        assertEquals("es", env.load().profileFor("/es/articulo").name());
    }

    @Test
    void load_kubernetesServiceLinks_neverStopTheStart() {
        HelplineConfig config = load(environment(required(), Map.of(
                "HELPLINE_SERVICE_HOST", "10.0.0.7", "HELPLINE_SERVICE_PORT", "80", "HELPLINE_PORT",
                "tcp://10.0.0.7:80", "HELPLINE_PORT_80_TCP_ADDR", "10.0.0.7")));
        assertEquals("(800) 601-3889", config.phone().display());
    }

    @Test
    void load_unknownKey_refusedWithDidYouMean_everyProblemOnce() {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("helpline.phnoe", "800-601-3889");
        app.put("helpline.operator.name", "American Addiction Centers");
        ConfigException e = assertThrows(ConfigException.class, () -> load(environment(app, Map.of())));
        assertTrue(e.getMessage().contains("helpline.phnoe = '800-601-3889': unknown key; did you mean helpline.phone?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("helpline.phone (missing)"), e.getMessage());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals(e.problems().size(), e.problems().stream().distinct().count());
    }

    @Test
    void load_unknownVariable_startsAnyway_warningSuggestsTheNearestKey() {
        HelplineConfig config = load(environment(required(), Map.of("HELPLINE_PHNOE", "800-111-2222")));
        assertEquals("(800) 601-3889", config.phone().display());
        // The starter warns by the core loader's rule: the same words, the same service-link exceptions.
        assertEquals(java.util.Optional.of("unknown environment variable HELPLINE_PHNOE ignored; did you mean HELPLINE_PHONE?"),
                dev.helpline.core.config.ConfigLoader.unknownVariableWarning("HELPLINE_PHNOE"));
        assertEquals(java.util.Optional.empty(),
                dev.helpline.core.config.ConfigLoader.unknownVariableWarning("HELPLINE_SERVICE_HOST"));
    }

    @Test
    void isSet_storeUrl_onlyWhenTheApplicationSetsIt() {
        assertFalse(HelplineEnvironment.of(environment(required(), Map.of()), null).isSet("helpline.callback.store.url"));
        assertTrue(HelplineEnvironment.of(environment(required(),
                Map.of("HELPLINE_CALLBACK_STORE_URL", "jdbc:h2:mem:x")), null).isSet("helpline.callback.store.url"));
    }

    @Test
    void load_helplinePropertiesOnTheClasspath_isTheLowestSource() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("helpline-cp");
        java.nio.file.Files.writeString(dir.resolve("helpline.properties"),
                "helpline.phone=800-601-3889\nhelpline.operator.name=From File\nhelpline.site.name=From File\n");
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("helpline.site.name", "From application.properties");
            HelplineConfig config = HelplineEnvironment.of(environment(app, Map.of()), cl).load();
            assertEquals("From File", config.operatorName());
            assertEquals("From application.properties", config.siteName());
        }
    }
}

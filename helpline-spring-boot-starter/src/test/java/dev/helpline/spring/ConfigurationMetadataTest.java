package dev.helpline.spring;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.config.ConfigSchema;
import dev.helpline.core.config.SettingInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code META-INF/spring-configuration-metadata.json} (what IDEs offer for
 * {@code helpline.*} in {@code application.properties}) is generated from
 * {@link ConfigSchema}, the schema the README's property table is checked against: this test
 * fails when the two differ. To regenerate the file after changing the schema:
 * {@code mvn -pl helpline-spring-boot-starter -am test -Dtest=ConfigurationMetadataTest -Dhelpline.metadata.write=true}.
 */
class ConfigurationMetadataTest {
    private static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The metadata for every key of the schema, in schema order. */
    static String generate() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode groups = root.putArray("groups");
        groups.addObject().put("name", "helpline").put("type", "dev.helpline.core.config.HelplineConfig")
                .put("description", "The helpline widget (banner, disclosure, callback form, calls to action).");
        ArrayNode properties = root.putArray("properties");
        StringBuilder profileKeys = new StringBuilder();
        for (SettingInfo s : ConfigSchema.settings()) {
            if (s.key().startsWith("helpline.profiles.")) {
                profileKeys.append(profileKeys.length() == 0 ? "" : ", ")
                        .append(s.key().substring(("helpline.profiles." + ConfigSchema.NAME + ".").length()));
                continue;
            }
            ObjectNode p = properties.addObject();
            p.put("name", s.key());
            p.put("type", typeOf(s));
            p.put("description", (s.required() ? "Required. " : "") + s.doc());
            if (s.defaultValue() != null && !s.defaultValue().isEmpty()) {
                putDefault(p, typeOf(s), s.defaultValue());
            }
        }
        properties.addObject().put("name", "helpline.profiles")
                .put("type", "java.util.Map<java.lang.String,java.lang.String>")
                .put("description", "Profiles: another number, operator, language or texts for the pages under some"
                        + " paths, as helpline.profiles.<name>.<key>. Keys: " + profileKeys + ".");
        root.putArray("hints");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return JSON.writer(printer).writeValueAsString(root) + "\n";
    }

    /**
     * The Java type IDEs show. The schema binds every key as text and checks it in
     * {@code HelplineConfig}; the type follows from what the key holds, seen in its default.
     */
    static String typeOf(SettingInfo s) {
        String d = s.defaultValue();
        if (d == null || d.isEmpty()) {
            return "java.lang.String";
        }
        if (d.equals("true") || d.equals("false")) {
            return "java.lang.Boolean";
        }
        if (d.matches("\\d+")) {
            return "java.lang.Integer";
        }
        if (d.matches("P(\\d+[YMWD])*(T(\\d+[HMS])+)?")) {
            // ISO-8601 either way; the schema says "period" for the one key read as a Period (in days, months)
            return s.doc().toLowerCase(java.util.Locale.ROOT).contains("period") ? "java.time.Period" : "java.time.Duration";
        }
        return "java.lang.String";
    }

    private static void putDefault(ObjectNode p, String type, String value) {
        switch (type) {
            case "java.lang.Boolean" -> p.put("defaultValue", Boolean.parseBoolean(value));
            case "java.lang.Integer" -> p.put("defaultValue", Integer.parseInt(value));
            default -> p.put("defaultValue", value);
        }
    }

    @Test
    void metadataFile_matchesTheSchema() throws Exception {
        String expected = generate();
        if (Boolean.getBoolean("helpline.metadata.write")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(FILE, StandardCharsets.UTF_8),
                "regenerate with -Dhelpline.metadata.write=true (see the class comment)");
    }

    @Test
    void metadataFile_namesEveryTopLevelKeyOnce_withTypeAndDescription() throws Exception {
        var root = JSON.readTree(FILE.toFile());
        Set<String> names = new HashSet<>();
        root.get("properties").forEach(p -> {
            assertTrue(names.add(p.get("name").asText()), "twice: " + p.get("name"));
            assertTrue(p.hasNonNull("type") && p.hasNonNull("description"), p.toString());
        });
        ConfigSchema.settings().stream().map(SettingInfo::key).filter(k -> !k.startsWith("helpline.profiles."))
                .forEach(k -> assertTrue(names.contains(k), "missing " + k));
        assertTrue(names.contains("helpline.profiles"));
        assertEquals("java.time.Duration", type(root, "helpline.callback.min-fill-time"));
        assertEquals("java.lang.Boolean", type(root, "helpline.enabled"));
        assertEquals("java.lang.Integer", type(root, "helpline.cta.after-paragraph"));
        assertEquals("java.time.Duration", type(root, "helpline.callback.retry.horizon"));
        assertEquals("java.time.Period", type(root, "helpline.cta.stats-max-age"));
    }

    private static String type(com.fasterxml.jackson.databind.JsonNode root, String name) {
        for (var p : root.get("properties")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("type").asText();
            }
        }
        throw new AssertionError("no " + name);
    }
}

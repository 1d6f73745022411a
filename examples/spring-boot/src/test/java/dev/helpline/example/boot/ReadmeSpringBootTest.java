package dev.helpline.example.boot;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Spring Boot" section is what this example does: its dependency is the one
 * this build uses, its properties are the example's, and the example has nothing else (no
 * {@code helpline.properties}), so that ExampleApplicationTest proves the copy-paste.
 */
class ReadmeSpringBootTest {
    static final Path README = Path.of("..", "..", "README.md");

    /** The fenced blocks of the Spring Boot section, in order. */
    static List<String> blocks() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int at = readme.indexOf("<!-- spring-boot-example:");
        assertTrue(at > 0, "the README's Spring Boot section has lost its marker");
        String xml = fenced(readme, at, "```xml\n");
        String properties = fenced(readme, at, "```properties\n");
        return List.of(xml, properties);
    }

    private static String fenced(String text, int from, String opening) {
        int start = text.indexOf(opening, from) + opening.length();
        return text.substring(start, text.indexOf("```", start));
    }

    @Test
    void dependency_isTheStarterAtThisBuildsVersion() throws Exception {
        String xml = blocks().get(0);
        assertTrue(xml.contains("<groupId>dev.helpline</groupId>"), xml);
        assertTrue(xml.contains("<artifactId>helpline-spring-boot-starter</artifactId>"), xml);
        String pom = Files.readString(Path.of("..", "..", "pom.xml"), StandardCharsets.UTF_8);
        String version = pom.substring(pom.indexOf("<version>", pom.indexOf("<artifactId>helpline-parent</artifactId>")) + 9);
        version = version.substring(0, version.indexOf('<'));
        assertTrue(xml.contains("<version>" + version + "</version>"), xml + " vs " + version);
    }

    @Test
    void properties_areExactlyTheExamplesHelplineKeys() throws Exception {
        Properties readme = new Properties();
        readme.load(new java.io.StringReader(blocks().get(1)));
        Properties app = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            assertNotNull(in);
            app.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertFalse(readme.isEmpty());
        for (String key : readme.stringPropertyNames()) {
            assertEquals(readme.getProperty(key), app.getProperty(key), key);
        }
        for (String key : app.stringPropertyNames()) {
            if (key.startsWith("helpline.")) {
                assertEquals(app.getProperty(key), readme.getProperty(key), "README lacks " + key);
            }
        }
        assertNull(getClass().getResource("/helpline.properties"), "the example is configured by application.properties alone");
    }
}

package dev.helpline.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keeps the README's property table true: the same keys, in the same order, with the
 * same defaults as the schema. On failure it prints the table to paste.
 */
class ReadmePropertyTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(helpline\\.[a-z0-9.<> -]+)` \\| (.*?) \\|(.*)\\|$");

    @Test
    void readme_propertyTable_matchesTheSchema() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : readme.split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                documented.put(m.group(1), m.group(2).strip());
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
        for (SettingInfo s : ConfigSchema.settings()) {
            String def = defaultCell(s);
            expected.put(s.key(), def);
            table.append("| `").append(s.key()).append("` | ").append(def).append(" | ").append(s.doc()).append(" |\n");
        }
        assertEquals(expected, documented, "README property table is out of date; expected:\n" + table);
    }

    static String defaultCell(SettingInfo s) {
        if (s.required()) {
            return "*(required)*";
        }
        if (s.defaultValue() == null) {
            return "*(none)*";
        }
        if (s.defaultValue().isEmpty()) {
            return "*(empty)*";
        }
        if (s.defaultValue().length() > 60) {
            return "*(see below)*";
        }
        return "`" + s.defaultValue().replace("|", "\\|") + "`";
    }
}

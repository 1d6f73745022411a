package dev.helpline.servlet.callback;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue §6 and §8: no test log holds a submitted number in full. Runs last (see
 * junit-platform.properties) and scans this module's surefire output files and the child
 * JVMs' logs, and the core module's, for the ten digits of every number the tests submit,
 * ignoring separators ({@code (415) 926-7381}, {@code +14159267381} and {@code 415.926.7381}
 * are all found).
 */
@Order(Integer.MAX_VALUE)
class ZzLogScanTest {

    private static List<String> submittedNationalDigits() {
        List<String> out = new ArrayList<>();
        TestNumbers.ALL.forEach(n -> out.add(n.replaceAll("[^0-9]", "").substring(n.replaceAll("[^0-9]", "").length() - 10)));
        for (int i = 0; i < 2000; i++) {
            out.add(TestNumbers.load(i).replaceAll("[^0-9]", ""));
        }
        for (int i = 0; i < 40; i++) { // DurabilityTest
            out.add(String.format("64648%d%04d", i % 10, 3100 + i));
        }
        // core tests
        out.add("2127361842");
        for (int i = 0; i < 30; i++) {
            out.add("21273618" + (10 + i));
        }
        return out;
    }

    @Test
    void logs_neverHoldAFullSubmittedNumber() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path dir : List.of(Path.of("target", "surefire-reports"), Path.of("target", "child-logs"),
                Path.of("..", "core", "target", "surefire-reports"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith("-output.txt") || f.toString().endsWith(".log")
                            || f.toString().endsWith(".txt")).forEach(logs::add);
                }
            }
        }
        assertTrue(!logs.isEmpty(), "no logs to scan");
        List<String> digits = submittedNationalDigits();
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            // separators a number may be written with are dropped; timestamps keep their ':'
            String text = Files.readString(log, StandardCharsets.UTF_8).replaceAll("[ ().+\\-]", "");
            for (String d : digits) {
                if (text.contains(d)) {
                    found.add(log.getFileName() + ": ********" + d.substring(8));
                }
            }
        }
        assertEquals(List.of(), found, "full numbers in logs (scanned " + logs.size() + " files)");
    }
}

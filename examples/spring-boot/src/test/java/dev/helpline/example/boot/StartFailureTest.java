package dev.helpline.example.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mistyped helpline.* key stops the real application's start with Boot's report: the problems, then the action. */
@ExtendWith(OutputCaptureExtension.class)
class StartFailureTest {

    @Test
    void start_unknownAndBadKeys_failsOnceWithEveryProblemAndNoStackTrace(CapturedOutput output) throws Exception {
        assertThrows(RuntimeException.class, () -> SpringApplication.run(ExampleApplication.class,
                "--server.port=0", "--server.tomcat.basedir=target/tomcat",
                "--spring.datasource.url=jdbc:h2:mem:failure-" + UUID.randomUUID(),
                "--helpline.banner.lable=Hotline", "--helpline.cta.after-paragraph=-1"));
        String out = output.getAll();
        assertTrue(out.contains("APPLICATION FAILED TO START"), out);
        assertTrue(out.contains("The helpline configuration has 2 problems:"), out);
        assertEquals(1, count(out, "helpline.banner.lable = 'Hotline': unknown key; did you mean helpline.banner.label?"), out);
        assertEquals(1, count(out, "helpline.cta.after-paragraph = '-1'"), out);
        assertTrue(out.indexOf("Action:") > out.indexOf("helpline.banner.lable"), out);
        assertFalse(out.contains("\tat dev.helpline"), "no stack trace through the SDK:\n" + out);
        // the README shows this very report
        String readme = java.nio.file.Files.readString(ReadmeSpringBootTest.README);
        String shown = readme.substring(readme.indexOf("The helpline configuration has 2 problems:"),
                readme.indexOf("Fix the helpline.* properties"));
        for (String line : shown.split("\n")) {
            assertTrue(out.contains(line.trim()), "README shows a line the report lacks: " + line);
        }
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}

package dev.helpline.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.callback.CallbackService;
import dev.helpline.core.callback.FormView;
import dev.helpline.core.callback.Submission;
import dev.helpline.core.callback.SubmissionOutcome;
import dev.helpline.core.callback.TestCallbacks;
import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code verify-receipt}: exit 0 for a receipt as delivered, 1 with the reason when it does not match. */
class VerifyReceiptCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var savedIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(savedIn);
        }
    }

    /** Two accepted requests in a file store; their webhook bodies, oldest first. */
    private List<String> deliveredBodies(Path config) throws Exception {
        return deliveredBodies(config, 2);
    }

    private List<String> deliveredBodies(Path config, int count) throws Exception {
        HelplineConfig c = ConfigLoader.standard().file(config).load();
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (CallbackService s = TestCallbacks.start(c, Clock.fixed(t0.plusSeconds(60L * i), ZoneOffset.UTC), false)) {
                String token = s.issueToken(new FormView(null, c.locale()));
                try (CallbackService later = TestCallbacks.start(c,
                        Clock.fixed(t0.plusSeconds(60L * i + 30), ZoneOffset.UTC), false)) {
                    SubmissionOutcome o = later.submit(new Submission(Map.of("phone", "(212) 736-502" + i, "consent", "yes",
                            "token", token), "192.0.2.10", "https://demo.example/", "test"));
                    assertInstanceOf(SubmissionOutcome.Accepted.class, o);
                    var due = later.outbox().claimDue(10, t0.plus(Duration.ofHours(1)), Duration.ofMinutes(1));
                    due.sort(java.util.Comparator.comparing(p -> p.payload().contains("\"sequence\":1") ? 0 : 1));
                    for (var p : due) {
                        if (bodies.stream().noneMatch(b -> b.equals(p.payload()))) {
                            bodies.add(p.payload());
                        }
                        later.outbox().markDelivered(p, t0);
                    }
                }
            }
        }
        return bodies;
    }

    @Test
    void verifyReceipt_asDelivered_exits0_editedOrForeign_exits1WithTheReason() throws Exception {
        Path config = dir.resolve("helpline.properties");
        Files.writeString(config, "helpline.callback.store.url=jdbc:h2:file:"
                + dir.resolve("store").toAbsolutePath().toString().replace('\\', '/') + "\n");
        List<String> bodies = deliveredBodies(config);
        assertEquals(2, bodies.size());

        Result first = run(bodies.get(0), "verify-receipt", "--config", config.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("valid: signature of key"), first.out());

        Result second = run(bodies.get(1), "verify-receipt", "--config", config.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("chain link to receipt 1 hold"), second.out());

        ObjectNode edited = (ObjectNode) new ObjectMapper().readTree(bodies.get(1)).at("/data/receipt");
        edited.put("pageUrl", "https://elsewhere.example/");
        Result bad = run(edited.toString(), "verify-receipt", "--config", config.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("signature does not match"), bad.err());

        Path otherConfig = dir.resolve("other.properties");
        Files.writeString(otherConfig, "helpline.callback.store.url=jdbc:h2:file:"
                + dir.resolve("other").toAbsolutePath().toString().replace('\\', '/') + "\n");
        deliveredBodies(otherConfig); // another store, with a key of its own
        Result foreign = run(bodies.get(0), "verify-receipt", "--config", otherConfig.toString());
        assertEquals(1, foreign.code());
        assertTrue(foreign.err().contains("not among the known keys"), foreign.err());

        assertEquals(2, run("", "verify-receipt", "--port", "1").code());
    }

    /** {@code --chain}: a whole export walked, in any order and with duplicates; a gap or an edit names its receipt. */
    @Test
    void verifyReceiptChain_wholeExport_exits0_gapOrEdit_exits1NamingTheReceipt() throws Exception {
        Path config = dir.resolve("helpline.properties");
        Files.writeString(config, "helpline.callback.store.url=jdbc:h2:file:"
                + dir.resolve("chain").toAbsolutePath().toString().replace('\\', '/') + "\n");
        List<String> bodies = deliveredBodies(config, 3);
        assertEquals(3, bodies.size());
        ObjectMapper json = new ObjectMapper();

        Path lines = dir.resolve("chain.jsonl");
        Files.writeString(lines, String.join("\n", bodies.get(2), bodies.get(0), bodies.get(1), bodies.get(0)) + "\n");
        Result whole = run("", "verify-receipt", "--config", config.toString(), "--chain", lines.toString());
        assertEquals(0, whole.code(), whole.err());
        assertTrue(whole.out().startsWith("valid: 3 receipts, 1 to 3, every signature and every link holds"), whole.out());

        var array = json.createArrayNode();
        bodies.forEach(b -> {
            try {
                array.add(json.readTree(b).at("/data/receipt"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path arrayFile = dir.resolve("chain.json");
        Files.writeString(arrayFile, array.toString());
        assertEquals(0, run("", "verify-receipt", "--config", config.toString(), "--chain", arrayFile.toString()).code());

        Path gap = dir.resolve("gap.jsonl");
        Files.writeString(gap, bodies.get(0) + "\n" + bodies.get(2) + "\n");
        Result missing = run("", "verify-receipt", "--config", config.toString(), "--chain", gap.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("receipt 2 is not in the chain"), missing.err());

        ObjectNode edited = (ObjectNode) json.readTree(bodies.get(1)).at("/data/receipt");
        edited.put("userAgent", "someone else");
        Path editedFile = dir.resolve("edited.jsonl");
        Files.writeString(editedFile, bodies.get(0) + "\n" + edited + "\n" + bodies.get(2) + "\n");
        Result changed = run("", "verify-receipt", "--config", config.toString(), "--chain", editedFile.toString());
        assertEquals(1, changed.code());
        assertTrue(changed.err().startsWith("receipt 2: signature does not match"), changed.err());

        assertEquals(2, run("", "verify-receipt", "--config", config.toString(), "--chain", dir.resolve("none").toString())
                .code(), "a chain file that is not there is a usage error");
    }
}

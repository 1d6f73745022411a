package dev.helpline.demo.browser;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * axe-core, the accessibility rules engine, fetched from the npm registry with
 * {@code npm pack} (npm checks the tarball against the registry's integrity hash) and run
 * inside the page. Only the WCAG 2.0/2.1/2.2 level A and AA rules run.
 *
 * <p>The tarball is unpacked into {@code target/axe/}; npm's own cache makes later runs
 * work offline. Without npm or the network the accessibility tests are skipped, except
 * under {@code CI=true}, where they fail.
 */
final class Axe {
    /** Pinned: a new axe release may add rules, which should be a deliberate upgrade. */
    static final String VERSION = "4.11.0";
    static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final Path DIR = Path.of("target", "axe");

    private static String source;

    private Axe() {
    }

    /** The source of {@code axe.min.js}, fetched on first use. */
    static synchronized String source() throws IOException, InterruptedException {
        if (source == null) {
            Path js = DIR.resolve("axe-core-" + VERSION + ".min.js");
            if (!Files.exists(js)) {
                fetch(js);
            }
            source = Files.readString(js, StandardCharsets.UTF_8);
        }
        return source;
    }

    private static void fetch(Path target) throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        String problem;
        try {
            Process p = new ProcessBuilder("npm", "pack", "axe-core@" + VERSION, "--prefer-offline", "--silent")
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            Path tgz = DIR.resolve("axe-core-" + VERSION + ".tgz");
            if (done && p.exitValue() == 0 && Files.exists(tgz)) {
                Files.write(target, untar(tgz, "package/axe.min.js"));
                return;
            }
            if (!done) {
                p.destroyForcibly();
            }
            problem = "npm pack axe-core@" + VERSION + " failed: " + out.strip();
        } catch (IOException e) {
            problem = "npm is not available: " + e.getMessage();
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(problem);
        }
        Assumptions.abort(problem);
    }

    /** One file out of a gzipped ustar archive. */
    static byte[] untar(Path tgz, String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String entry = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    entry = prefix + "/" + entry;
                }
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (entry.equals(name)) {
                    return body;
                }
            }
        }
        throw new IOException(name + " is not in " + tgz);
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    /**
     * Runs the WCAG A/AA rules on the whole document as it is now; answers one line per
     * violation and node: rule id, impact, target and axe's summary.
     */
    @SuppressWarnings("unchecked")
    static List<String> violations(Browser browser) throws IOException, InterruptedException {
        String axe = source();
        if (Boolean.FALSE.equals(browser.js("return typeof window.axe === 'object'"))) {
            browser.js(axe);
        }
        Object result = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
                  .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) =>
                      v.id + ' [' + v.impact + '] ' + n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')))))
                  .catch((e) => done(['axe failed: ' + e]));
                """, TAGS);
        List<String> out = new ArrayList<>();
        ((List<Object>) result).forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    /** Rule ids and counts, for messages. */
    static Map<String, Long> summary(List<String> violations) {
        Map<String, Long> m = new java.util.TreeMap<>();
        violations.forEach(v -> m.merge(v.substring(0, v.indexOf(' ')), 1L, Long::sum));
        return m;
    }
}

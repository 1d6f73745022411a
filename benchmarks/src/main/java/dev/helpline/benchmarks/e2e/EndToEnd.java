package dev.helpline.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end harness: one server process per {@link Variant} ({@link E2eServer}), the
 * same page served three ways ({@link PagePath}), wrk on 127.0.0.1 in rotating rounds after
 * a warm-up, then a Markdown table of requests per second, CPU per request and bytes
 * allocated per request against the server without a filter, with the targets.
 *
 * <pre>
 * benchmarks/e2e.sh            # full run, about 14 minutes on 2 cores
 * benchmarks/e2e.sh --short    # about 5 minutes, for development
 * </pre>
 *
 * <p>Each round measures every path and every variant once, the variants' order rotated
 * from round to round, so that load from elsewhere hits all of them alike. Per run: wrk's
 * requests per second; the server process's CPU time (user + system from
 * {@code /proc/PID/stat}) over wrk's request count, which does not count other processes'
 * work; the bytes the request threads allocated inside the filter chain
 * ({@link AllocationMeter}). Ratios are taken within a round, then their median and range
 * across rounds are reported. Time to first byte comes last: a raw-socket probe against a
 * host that flushes early ({@code /flush}), median of several requests.
 */
public final class EndToEnd {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern ERRORS = Pattern.compile("(Socket errors:[^\\n]*|Non-2xx or 3xx responses:[^\\n]*)");

    private final Settings settings;
    private final Map<Variant, Process> processes = new EnumMap<>(Variant.class);
    private final Map<Variant, Integer> ports = new EnumMap<>(Variant.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long ticksPerSecond;

    private EndToEnd(Settings settings) throws IOException, InterruptedException {
        this.settings = settings;
        this.ticksPerSecond = clockTicks();
    }

    /** How long and how hard: the full run and {@code --short}, each overridable. */
    record Settings(int rounds, int seconds, int warmupSeconds, int threads, int connections, int ttfbRequests,
                    List<Variant> variants, List<PagePath> paths, String heap, Path jfr, String command) {
        static Settings parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--short");
            int rounds = quick ? 3 : 5;
            int seconds = quick ? 4 : 8;
            int warmup = quick ? 6 : 10;
            int threads = 2;
            int connections = 16;
            int ttfb = quick ? 7 : 15;
            Path jfr = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--short" -> {
                    }
                    case "--rounds" -> rounds = positive(a, args, ++i);
                    case "--seconds" -> seconds = positive(a, args, ++i);
                    case "--warmup" -> warmup = positive(a, args, ++i);
                    case "--threads" -> threads = positive(a, args, ++i);
                    case "--connections" -> connections = positive(a, args, ++i);
                    case "--ttfb" -> ttfb = positive(a, args, ++i);
                    case "--jfr" -> {
                        if (++i >= args.length) {
                            throw new IllegalArgumentException("--jfr needs a directory");
                        }
                        jfr = Path.of(args[i]).toAbsolutePath();
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a
                            + "' (--short, --rounds N, --seconds N, --warmup N, --threads N, --connections N, --ttfb N, --jfr DIR)");
                }
            }
            return new Settings(rounds, seconds, warmup, threads, connections, ttfb,
                    List.of(Variant.values()), List.of(PagePath.values()), "256m", jfr,
                    ("benchmarks/e2e.sh " + String.join(" ", args)).trim());
        }

        private static int positive(String option, String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a number");
            }
            try {
                int n = Integer.parseInt(args[i]);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException(option + " must be a positive number, not '" + args[i] + "'");
        }

        String describe() {
            return String.format(Locale.ROOT, "%d rounds of %d s per path and variant after a %d s warm-up of each; "
                    + "wrk -t%d -c%d; time to first byte: median of %d requests", rounds, seconds, warmupSeconds,
                    threads, connections, ttfbRequests);
        }
    }

    /** One wrk run's results. */
    record Run(double rps, double cpuMicros, double allocBytes, String errors) {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("e2e: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("helpline-e2e");
        EndToEnd harness = new EndToEnd(settings);
        try {
            System.out.println(harness.run(work));
        } finally {
            harness.stopServers();
            E2eServer.deleteQuietly(work);
        }
    }

    private String run(Path work) throws Exception {
        Instant started = Instant.now();
        String load = loadAverage();
        startServers(work);
        E2ePage page = E2ePage.of(E2eServer.ARTICLE_BYTES);
        String checks = checkPages(page);
        progress("warm-up: %d s per path and variant", settings.warmupSeconds);
        for (PagePath path : settings.paths) {
            for (Variant v : settings.variants) {
                wrk(v, path, settings.warmupSeconds);
            }
        }
        Map<PagePath, Map<Variant, List<Run>>> runs = new EnumMap<>(PagePath.class);
        for (PagePath path : settings.paths) {
            runs.put(path, new EnumMap<>(Variant.class));
            for (Variant v : settings.variants) {
                runs.get(path).put(v, new ArrayList<>());
            }
        }
        for (int round = 0; round < settings.rounds; round++) {
            List<PagePath> paths = rotate(settings.paths, round);
            List<Variant> order = rotate(settings.variants, round);
            for (PagePath path : paths) {
                StringBuilder line = new StringBuilder();
                for (Variant v : order) {
                    Run r = measure(v, path);
                    runs.get(path).get(v).add(r);
                    line.append(String.format(Locale.ROOT, " %s %.0f req/s %.0f µs %.0f B;", v.key(), r.rps, r.cpuMicros, r.allocBytes));
                    if (!r.errors.isEmpty()) {
                        line.append(" (").append(r.errors).append(")");
                    }
                }
                progress("round %d, %s:%s", round + 1, path.key(), line);
            }
        }
        Map<Variant, Map<String, Ttfb>> ttfb = timeToFirstByte();
        String loadAfter = loadAverage();
        Duration took = Duration.between(started, Instant.now());
        return new Report(settings, page, runs, ttfb).render(checks, load, loadAfter, took);
    }

    private static <T> List<T> rotate(List<T> list, int by) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + by) % list.size()));
        }
        return out;
    }

    // ---- servers

    private void startServers(Path work) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        for (Variant v : settings.variants) {
            Path dir = work.resolve(v.key());
            Files.createDirectories(dir);
            Path log = dir.resolve("server.log");
            List<String> command = new ArrayList<>(List.of(java, "-Xms" + settings.heap, "-Xmx" + settings.heap));
            if (settings.jfr != null) {
                // A CPU profile of each server (JFR's "profile" settings), written when it stops.
                Files.createDirectories(settings.jfr);
                command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + settings.jfr.resolve(v.key() + ".jfr"));
            }
            command.addAll(List.of("-cp", classpath, E2eServer.class.getName(), v.key(), dir.toString()));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            processes.put(v, pb.start());
        }
        for (Variant v : settings.variants) {
            ports.put(v, awaitPort(v, work.resolve(v.key()).resolve("server.log")));
        }
        progress("servers: %s", ports);
    }

    private int awaitPort(Variant v, Path log) throws Exception {
        Pattern listening = Pattern.compile("^listening (\\d+)$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            Matcher m = listening.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!processes.get(v).isAlive()) {
                throw new IllegalStateException("the " + v.label() + " server exited:\n" + text);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the " + v.label() + " server did not start within 90 s; its log: " + log);
    }

    private void stopServers() {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String get(Variant v, String uri) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(url(v, uri)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() != 200) {
            throw new IllegalStateException(v.label() + " answered " + res.statusCode() + " for " + uri);
        }
        return res.body();
    }

    private URI url(Variant v, String uri) {
        return URI.create("http://127.0.0.1:" + ports.get(v) + uri);
    }

    /** Every variant serves what it should on every path, before anything is measured. */
    private String checkPages(E2ePage page) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Variant v : settings.variants) {
            for (PagePath path : settings.paths) {
                String body = get(v, path.uri());
                var problem = Expectations.problem(v, page, body);
                if (problem.isPresent()) {
                    throw new IllegalStateException(v.label() + ", " + path.label() + ": " + problem.get());
                }
                if (path == PagePath.STATIC) {
                    out.append(String.format(Locale.ROOT, "- %s: %,d bytes, %d banner, %d numbers linked, %d box%n",
                            v.label(), body.getBytes(StandardCharsets.UTF_8).length,
                            Expectations.count(body, "data-helpline=\"banner\""),
                            Expectations.count(body, "data-helpline=\"who\""),
                            Expectations.count(body, "data-helpline=\"cta\"")));
                }
                if (v == Variant.SITEMESH && path == PagePath.STATIC) {
                    int kept = Expectations.headLength(body);
                    int had = Expectations.headLength(page.html());
                    out.append(String.format(Locale.ROOT,
                            "- SiteMesh kept %,d of the page's %,d `<head>` bytes (%,d lost; the page's `<style>` holds `/* <body> in a comment */`)%n",
                            kept, had, had - kept));
                }
            }
        }
        return out.toString();
    }

    // ---- measuring

    private String wrk(Variant v, PagePath path, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t" + settings.threads, "-c" + settings.connections, "-d" + seconds + "s",
                url(v, path.uri()).toString()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed against " + v.label() + ", " + path.label() + ":\n" + out);
        }
        return out;
    }

    private Run measure(Variant v, PagePath path) throws Exception {
        get(v, AllocationMeter.STATS + "?reset");
        long pid = processes.get(v).pid();
        long cpuBefore = cpuTicks(pid);
        String out = wrk(v, path, settings.seconds);
        long cpuAfter = cpuTicks(pid);
        String[] stats = get(v, AllocationMeter.STATS).trim().split(" ");
        long requests = Long.parseLong(find(REQUESTS, out, v, path));
        double rps = Double.parseDouble(find(RATE, out, v, path));
        double cpu = (cpuAfter - cpuBefore) * 1e6 / ticksPerSecond / Math.max(1, requests);
        long served = Long.parseLong(stats[0]);
        double alloc = served == 0 ? Double.NaN : Long.parseLong(stats[1]) / (double) served;
        StringBuilder errors = new StringBuilder();
        Matcher m = ERRORS.matcher(out);
        while (m.find()) {
            errors.append(errors.length() == 0 ? "" : "; ").append(m.group(1).trim());
        }
        return new Run(rps, cpu, alloc, errors.toString());
    }

    private static String find(Pattern pattern, String text, Variant v, PagePath path) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk's output for " + v.label() + ", " + path.label() + " lacks '" + pattern + "':\n" + text);
        }
        return m.group(1);
    }

    /** user + system time of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat, after the name). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long clockTicks() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- time to first byte

    /** Median times of one variant with one flush point. */
    record Ttfb(double firstByteMs, double headMs, double completeMs, double minFirst, double maxFirst) {
    }

    private Map<Variant, Map<String, Ttfb>> timeToFirstByte() throws Exception {
        progress("time to first byte: %d requests per variant and flush point", settings.ttfbRequests);
        Map<Variant, Map<String, Ttfb>> out = new EnumMap<>(Variant.class);
        for (Variant v : settings.variants) {
            out.put(v, new java.util.LinkedHashMap<>());
        }
        for (String at : List.of("head", "paragraph")) {
            Map<Variant, double[][]> samples = new EnumMap<>(Variant.class);
            for (Variant v : settings.variants) {
                samples.put(v, new double[3][settings.ttfbRequests]);
                probe(v, at); // one unmeasured request per variant first
            }
            for (int i = 0; i < settings.ttfbRequests; i++) {
                for (Variant v : rotate(settings.variants, i)) {
                    double[] t = probe(v, at);
                    for (int k = 0; k < 3; k++) {
                        samples.get(v)[k][i] = t[k];
                    }
                }
            }
            for (Variant v : settings.variants) {
                double[][] s = samples.get(v);
                double[] first = s[0].clone();
                Arrays.sort(first);
                out.get(v).put(at, new Ttfb(median(s[0]), median(s[1]), median(s[2]), first[0], first[first.length - 1]));
            }
        }
        return out;
    }

    /** Milliseconds to the response's first byte, to {@code </head>} and to the end. */
    private double[] probe(Variant v, String at) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", ports.get(v))) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = ("GET /flush?at=" + at + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] buf = new byte[16384];
            long start = System.nanoTime();
            out.write(request);
            out.flush();
            long first = -1;
            long head = -1;
            StringBuilder seen = new StringBuilder();
            int n;
            while ((n = in.read(buf)) > 0) {
                long now = System.nanoTime();
                if (first < 0) {
                    first = now;
                }
                if (head < 0) {
                    seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    if (seen.indexOf("</head>") >= 0) {
                        head = now;
                    }
                }
            }
            long end = System.nanoTime();
            if (first < 0 || head < 0) {
                throw new IOException(v.label() + " sent no page for /flush?at=" + at);
            }
            return new double[] {(first - start) / 1e6, (head - start) / 1e6, (end - start) / 1e6};
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "e2e: " + format + "%n", args);
    }
}

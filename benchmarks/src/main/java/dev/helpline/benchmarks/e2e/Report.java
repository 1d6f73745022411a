package dev.helpline.benchmarks.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The harness's Markdown output: the settings, the page checks, the table with the targets, time to first byte. */
final class Report {
    static final double BANNER_CPU = 1.15;
    static final double FULL_CPU = 1.5;
    static final double ALLOC_OVER = 2048;
    static final double SITEMESH_FACTOR = 3;
    static final double TTFB_MS = 1;

    private final EndToEnd.Settings settings;
    private final E2ePage page;
    private final Map<PagePath, Map<Variant, List<EndToEnd.Run>>> runs;
    private final Map<Variant, Map<String, EndToEnd.Ttfb>> ttfb;

    Report(EndToEnd.Settings settings, E2ePage page, Map<PagePath, Map<Variant, List<EndToEnd.Run>>> runs,
           Map<Variant, Map<String, EndToEnd.Ttfb>> ttfb) {
        this.settings = settings;
        this.page = page;
        this.runs = runs;
        this.ttfb = ttfb;
    }

    String render(String checks, String loadBefore, String loadAfter, Duration took) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## End to end, %s%n%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atOffset(ZoneOffset.UTC))));
        out.append(String.format(Locale.ROOT, "Jetty 12.1 (ee10), JDK %s, %d cores; load average %s before, %s after; %s; took %d min %d s.%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
                settings.describe(), took.toMinutes(), took.toSecondsPart()));
        out.append("Command: `").append(settings.command()).append("`.\n");
        out.append(String.format(Locale.ROOT, "The page: %,d bytes, the helpline's number in %d paragraphs, a slot for the box. Served:%n%n",
                page.bytes().length, page.helplineNumbers()));
        out.append(checks).append('\n');
        out.append("Medians across rounds of each round's ratio to the server without a filter, (min–max) across rounds; "
                + "CPU is the server process's user + system time per request; allocation is per request, inside the filter chain.\n\n");
        out.append("| path | variant | req/s | req/s vs none | CPU µs/req | CPU vs none | CPU vs wrapper | B alloc/req | B over none "
                + "| B over wrapper | CPU target | ≤ 2 KB over none | SiteMesh CPU / this (≥ 3×) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PagePath path : settings.paths()) {
            Map<Variant, List<EndToEnd.Run>> byVariant = runs.get(path);
            List<EndToEnd.Run> none = byVariant.get(Variant.NONE);
            List<EndToEnd.Run> sitemesh = byVariant.get(Variant.SITEMESH);
            List<EndToEnd.Run> wrapper = byVariant.get(Variant.WRAPPER);
            for (Variant v : settings.variants()) {
                List<EndToEnd.Run> r = byVariant.get(v);
                boolean ours = v == Variant.BANNER || v == Variant.FULL;
                double[] rps = ratios(r, none, EndToEnd.Run::rps);
                double[] cpu = ratios(r, none, EndToEnd.Run::cpuMicros);
                double[] over = differences(r, none, EndToEnd.Run::allocBytes);
                // Beside the wrapper: what the filter costs beyond what any wrapping filter does.
                double[] cpuOverWrapper = ratios(r, wrapper, EndToEnd.Run::cpuMicros);
                double[] overWrapper = differences(r, wrapper, EndToEnd.Run::allocBytes);
                out.append("| ").append(path.label()).append(" | ").append(v.label())
                        .append(" | ").append(fmt("%,.0f", median(r, EndToEnd.Run::rps)))
                        .append(" | ").append(v == Variant.NONE ? "1" : range(rps, "%.2f×"))
                        .append(" | ").append(fmt("%,.0f", median(r, EndToEnd.Run::cpuMicros)))
                        .append(" | ").append(v == Variant.NONE ? "1" : range(cpu, "%.2f×"))
                        .append(" | ").append(ours ? range(cpuOverWrapper, "%.2f×") : "")
                        .append(" | ").append(fmt("%,.0f", median(r, EndToEnd.Run::allocBytes)))
                        .append(" | ").append(v == Variant.NONE ? "0" : fmt("%,.0f", EndToEnd.median(over)))
                        .append(" | ").append(ours ? fmt("%,.0f", EndToEnd.median(overWrapper)) : "")
                        .append(" | ").append(ours ? verdict(EndToEnd.median(cpu) <= limit(v), fmt("≤ %.2f×", limit(v))) : "")
                        .append(" | ").append(ours ? verdict(EndToEnd.median(over) <= ALLOC_OVER, "") : "")
                        .append(" | ");
                if (ours) {
                    double[] factor = ratios(sitemesh, r, EndToEnd.Run::cpuMicros);
                    out.append(verdict(EndToEnd.median(factor) >= SITEMESH_FACTOR, range(factor, "%.1f×")));
                }
                out.append(" |\n");
            }
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "Time to first byte: a host that writes the page's start, flushes, works %d ms, "
                + "then writes the rest (`/flush?at=head`: flushes after `</head>`; `at=paragraph`: after the first paragraph). "
                + "Medians of %d requests; target for our filter: the host's first byte ±%.0f ms.%n%n",
                PageServlets.PAUSE_MILLIS, settings.ttfbRequests(), TTFB_MS));
        out.append("| host flushes after | variant | first byte, ms (min–max) | `</head>` received, ms | complete, ms | first byte vs none | ±1 ms |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (String at : List.of("head", "paragraph")) {
            EndToEnd.Ttfb host = ttfb.get(Variant.NONE).get(at);
            for (Variant v : settings.variants()) {
                EndToEnd.Ttfb t = ttfb.get(v).get(at);
                double diff = t.firstByteMs() - host.firstByteMs();
                boolean ours = v == Variant.BANNER || v == Variant.FULL;
                out.append("| ").append(at.equals("head") ? "`</head>`" : "first paragraph").append(" | ").append(v.label())
                        .append(" | ").append(fmt("%.1f (%.1f–%.1f)", t.firstByteMs(), t.minFirst(), t.maxFirst()))
                        .append(" | ").append(fmt("%.1f", t.headMs()))
                        .append(" | ").append(fmt("%.1f", t.completeMs()))
                        .append(" | ").append(v == Variant.NONE ? "" : fmt("%+.1f ms", diff))
                        .append(" | ").append(ours ? verdict(Math.abs(diff) <= TTFB_MS, "") : "")
                        .append(" |\n");
            }
        }
        out.append('\n');
        String errors = errors();
        out.append(errors.isEmpty() ? "wrk reported no socket errors and no non-2xx responses.\n" : "wrk reported: " + errors + "\n");
        return out.toString();
    }

    private static double limit(Variant v) {
        return v == Variant.BANNER ? BANNER_CPU : FULL_CPU;
    }

    private String errors() {
        StringBuilder out = new StringBuilder();
        runs.forEach((path, byVariant) -> byVariant.forEach((v, list) -> {
            for (EndToEnd.Run r : list) {
                if (!r.errors().isEmpty()) {
                    out.append(v.label()).append(", ").append(path.label()).append(": ").append(r.errors()).append("; ");
                }
            }
        }));
        return out.toString();
    }

    private static double[] ratios(List<EndToEnd.Run> a, List<EndToEnd.Run> b, ToDoubleFunction<EndToEnd.Run> f) {
        double[] out = new double[Math.min(a.size(), b.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i));
        }
        return out;
    }

    private static double[] differences(List<EndToEnd.Run> a, List<EndToEnd.Run> b, ToDoubleFunction<EndToEnd.Run> f) {
        double[] out = new double[Math.min(a.size(), b.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i));
        }
        return out;
    }

    private static double median(List<EndToEnd.Run> runs, ToDoubleFunction<EndToEnd.Run> f) {
        return EndToEnd.median(runs.stream().mapToDouble(f).toArray());
    }

    private static String range(double[] values, String format) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        String number = format.substring(0, format.length() - 1);
        return fmt(format, EndToEnd.median(values)) + " (" + fmt(number, min) + "–" + fmt(number, max) + ")";
    }

    private static String verdict(boolean pass, String detail) {
        return (pass ? "pass" : "**fail**") + (detail.isEmpty() ? "" : " " + detail);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

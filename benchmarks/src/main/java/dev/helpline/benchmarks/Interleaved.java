package dev.helpline.benchmarks;

import java.util.Arrays;

/**
 * A cross-check for noisy machines: runs the floor, the rewriter, jsoup and the scan floor
 * ({@link RewriterBenchmark#scanFloor()}) in alternating short batches, so that load from
 * other processes hits all four alike, and reports the median of the per-round ratios. Not JMH: quick, and only the ratios are meant to be read.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.helpline.benchmarks.Interleaved [size] [rounds] [full]</pre>
 *
 * <p>With {@code full}, the rewriter and jsoup do the full-page path
 * ({@link RewriterBenchmark#full()}, {@link RewriterBenchmark#jsoupFull()}).
 */
public final class Interleaved {
    private Interleaved() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 102400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        boolean full = args.length > 2 && args[2].equals("full");
        RewriterBenchmark b = new RewriterBenchmark();
        b.size = size;
        b.setup();
        java.util.function.Supplier<byte[]> rewrite = () -> {
            try {
                return full ? b.full() : b.rewriter();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.function.Supplier<byte[]> dom = full ? b::jsoupFull : b::jsoup;
        if (full) {
            String out = new String(b.full(), java.nio.charset.StandardCharsets.UTF_8);
            String ref = new String(b.jsoupFull(), java.nio.charset.StandardCharsets.UTF_8);
            System.out.printf("full path: rewriter links %d, boxes %d; jsoup links %d, boxes %d%n",
                    count(out, "data-helpline=\"who\""), count(out, "data-helpline=\"cta\""),
                    count(ref, "data-helpline=\"who\""), count(ref, "data-helpline=\"cta\""));
        }
        long sink = 0;
        // warm up all four
        for (int i = 0; i < 20000; i++) {
            sink += b.floor().length + rewrite.get().length + b.scanFloor();
            if (i % 50 == 0) {
                sink += dom.get().length;
            }
        }
        int batch = 100;
        double[] floor = new double[rounds];
        double[] rewriter = new double[rounds];
        double[] jsoup = new double[rounds];
        double[] scan = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                sink += b.floor().length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                sink += rewrite.get().length;
            }
            long t2 = System.nanoTime();
            sink += dom.get().length;
            long t3 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                sink += b.scanFloor();
            }
            long t4 = System.nanoTime();
            scan[r] = (t4 - t3) / 1000.0 / batch;
            floor[r] = (t1 - t0) / 1000.0 / batch;
            rewriter[r] = (t2 - t1) / 1000.0 / batch;
            jsoup[r] = (t3 - t2) / 1000.0;
        }
        double[] rf = new double[rounds];
        double[] jr = new double[rounds];
        double[] sf = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            sf[r] = scan[r] / floor[r];
            rf[r] = rewriter[r] / floor[r];
            jr[r] = jsoup[r] / rewriter[r];
        }
        System.out.printf((full ? "full path, " : "") + "page %d bytes, %d rounds: median µs/op floor %.1f, rewriter %.1f, jsoup %.0f;"
                + " median per-round ratio rewriter/floor %.2f (p25 %.2f, p75 %.2f), jsoup/rewriter %.0f (p25 %.0f, p75 %.0f)%n",
                size, rounds, median(floor), median(rewriter), median(jsoup),
                median(rf), pct(rf, 25), pct(rf, 75), median(jr), pct(jr, 25), pct(jr, 75));
        System.out.printf("scan floor (RewriterBenchmark.scanFloor) %.1f µs/op, %.2f (p25 %.2f, p75 %.2f) x the floor%n",
                median(scan), median(sf), pct(sf, 25), pct(sf, 75));
        if (sink == 42) {
            System.out.println();
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static double median(double[] a) {
        return pct(a, 50);
    }

    static double pct(double[] a, int p) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[Math.min(c.length - 1, c.length * p / 100)];
    }
}

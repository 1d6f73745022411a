package dev.helpline.servlet.compat;

/**
 * Measures the retained heap while a host writes a big body: after a full collection, so
 * that garbage (every 8 KB chunk the containers copy) does not count, only what something
 * holds on to. The host calls {@link #reset()} before its first byte and {@link #sample()}
 * every few megabytes; the test reads {@link #maxGrowth()}.
 */
final class HeapProbe {
    private static volatile long baseline;
    private static volatile long max;

    private HeapProbe() {
    }

    static void reset() {
        baseline = retained();
        max = 0;
    }

    static void sample() {
        max = Math.max(max, retained() - baseline);
    }

    static long maxGrowth() {
        return max;
    }

    private static long retained() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}

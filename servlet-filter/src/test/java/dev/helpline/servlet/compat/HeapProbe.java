package dev.helpline.servlet.compat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

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

    /**
     * The heap in use right after a full collection, as the collector reports it: reading
     * {@code totalMemory - freeMemory} afterwards would also count the fresh allocation
     * buffers other threads (the container's, the test's client) grab in the meantime.
     */
    private static long retained() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                used += afterGc.getUsed();
            }
        }
        return used;
    }
}

package dev.helpline.servlet.callback;

import java.util.List;

/** Distinctive valid numbers the tests submit; the log scan looks for each of them in full. */
final class TestNumbers {
    static final String A = "(415) 926-7381";
    static final String B = "303-486-2957";
    static final String C = "+1 617 349 5826";
    static final List<String> ALL = List.of(A, B, C);

    /** A distinctive valid number per index, for load tests: 719-58X-XXXX. */
    static String load(int i) {
        return String.format("719-58%d-%04d", 1 + (i / 10000) % 9, i % 10000);
    }

    private TestNumbers() {
    }
}

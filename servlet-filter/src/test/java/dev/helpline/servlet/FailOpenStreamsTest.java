package dev.helpline.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The replay of a failing rewriter's held bytes: a fake rewriter that holds the last
 * {@code window} bytes it was given (and writes a fragment once {@code injectAt} bytes have
 * gone by) breaks at {@code failAt}; the output, fragment taken out, must be the input.
 */
class FailOpenStreamsTest {
    static final String FRAGMENT = "<aside>widget</aside>";

    /** Holds a sliding window like a streaming rewriter; injects once; throws at failAt. */
    static final class Fake implements PageRewriter {
        final int window;
        final long injectAt;
        final long failAt;

        Fake(int window, long injectAt, long failAt) {
            this.window = window;
            this.injectAt = injectAt;
            this.failAt = failAt;
        }

        @Override
        public ByteSink bytes(OutputStream out, Charset charset, String fragment) {
            return new ByteSink() {
                final ByteArrayOutputStream held = new ByteArrayOutputStream();
                long seen;
                long emitted;
                boolean injected;

                @Override
                public void write(int b) throws IOException {
                    if (seen == failAt) {
                        throw new IllegalStateException("broken at " + failAt);
                    }
                    seen++;
                    held.write(b);
                    byte[] h = held.toByteArray();
                    if (h.length > window) {
                        int n = h.length - window;
                        for (int i = 0; i < n; i++) {
                            if (!injected && emitted == injectAt) {
                                out.write(fragment.getBytes(StandardCharsets.UTF_8));
                                injected = true;
                            }
                            out.write(h[i]);
                            emitted++;
                        }
                        held.reset();
                        held.write(h, n, window);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int i = 0; i < len; i++) {
                        write(b[off + i]);
                    }
                }

                @Override
                void finish() throws IOException {
                    write(new byte[0], 0, 0);
                    byte[] h = held.toByteArray();
                    for (byte x : h) {
                        if (!injected && emitted == injectAt) {
                            out.write(fragment.getBytes(StandardCharsets.UTF_8));
                            injected = true;
                        }
                        out.write(x);
                        emitted++;
                    }
                    held.reset();
                }

                @Override
                boolean injected() {
                    return injected;
                }
            };
        }
    }

    static byte[] input(int size) {
        byte[] b = new byte[size];
        Random r = new Random(size);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(26));
        }
        return b;
    }

    @ParameterizedTest(name = "size {0}, chunk {1}, window {2}, inject at {3}, fail at {4}")
    @CsvSource({
            "1000, 100, 50, 10, 500",
            "1000, 100, 50, 900, 500",
            "1000, 1000, 50, 10, 999",
            "200000, 70000, 1000, 100, 150000",
            "200000, 65536, 16384, 100, 140000",
            "200000, 8192, 16384, 100000, 90000",
            "200000, 8192, 16384, 0, 0",
            "300000, 131072, 20000, 5, 262144",
            "1000, 7, 0, 10, 500",
            "1000, 100, 50, 10, 5000",
    })
    void write_rewriterBreaks_hostBytesIntact(int size, int chunk, int window, long injectAt, long failAt) throws IOException {
        byte[] in = input(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FailOpenOutputStream s = new FailOpenOutputStream(out, new Fake(window, injectAt, failAt), null, FRAGMENT);
        for (int i = 0; i < size; i += chunk) {
            s.write(in, i, Math.min(chunk, size - i));
        }
        s.finish();
        String got = out.toString(StandardCharsets.ISO_8859_1);
        assertEquals(new String(in, StandardCharsets.ISO_8859_1), got.replace(FRAGMENT, ""));

        // The Writer path: the host's chars, encoded, through the same byte path.
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        FailOpenOutputStream bytes = new FailOpenOutputStream(w, new Fake(window, injectAt, failAt),
                StandardCharsets.ISO_8859_1, FRAGMENT);
        EncodingWriter fw = new EncodingWriter(bytes, StandardCharsets.ISO_8859_1);
        String text = new String(in, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < size; i += chunk) {
            fw.write(text, i, Math.min(chunk, size - i));
        }
        fw.finish();
        bytes.finish();
        assertEquals(text, w.toString(StandardCharsets.ISO_8859_1).replace(FRAGMENT, ""));
    }

    @ParameterizedTest(name = "size {0}")
    @CsvSource({"0", "1", "70000"})
    void write_rewriterNeverBreaks_outputIsTheRewritersOwn(int size) throws IOException {
        byte[] in = input(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FailOpenOutputStream s = new FailOpenOutputStream(out, new Fake(100, 0, Long.MAX_VALUE), null, FRAGMENT);
        s.write(in, 0, in.length);
        s.finish();
        byte[] expected = size == 0 ? new byte[0]
                : (FRAGMENT + new String(in, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, out.toByteArray());
    }
}

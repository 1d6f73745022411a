package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.html.HtmlRewriter;
import jakarta.servlet.Filter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/** Reaches into the filter's package for tests in other packages (the compatibility matrix). */
public final class TestHooks {
    private TestHooks() {
    }

    /** The fragment exactly as the filter writes it into pages for this configuration. */
    public static String fragment(HelplineConfig config) {
        return dev.helpline.core.render.Widget.render(config, "").bodyStart();
    }

    /**
     * A filter whose rewriter throws a {@link RuntimeException} once {@code failAt} bytes
     * of the page have gone into it (a page written through the writer reaches it encoded): the real rewriter holds whatever it held at
     * that moment, which the filter must still deliver.
     */
    public static Filter filterWithRewriterFailingAt(HelplineConfig config, long failAt) {
        PageRewriter real = PageRewriter.of(new HtmlRewriter());
        return new HelplineFilter(config, new PageRewriter() {
            @Override
            public ByteSink bytes(OutputStream out, Charset charset, String fragment) {
                ByteSink s = real.bytes(out, charset, fragment);
                return new ByteSink() {
                    long seen;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        long room = failAt - seen;
                        if (room < len) {
                            // Feed the rewriter up to the failure point, then break mid-call.
                            s.write(b, off, (int) Math.max(0, room));
                            seen = failAt;
                            throw new IllegalStateException("test: rewriter broke at byte " + failAt);
                        }
                        s.write(b, off, len);
                        seen += len;
                    }

                    @Override
                    public void flush() throws IOException {
                        s.flush();
                    }

                    @Override
                    void finish() throws IOException {
                        s.finish();
                    }

                    @Override
                    boolean injected() {
                        return s.injected();
                    }
                };
            }
        });
    }
}

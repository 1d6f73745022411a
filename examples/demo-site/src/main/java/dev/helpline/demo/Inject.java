package dev.helpline.demo;

import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.render.RenderContext;
import dev.helpline.core.render.Widgets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code inject}: one page from stdin to stdout through the same configuration and
 * rewriter as the filter, for previews and static sites. Streams: the page is never held
 * whole.
 */
final class Inject {
    private Inject() {
    }

    static int run(Path configFile, String path, InputStream in, OutputStream out, PrintStream err) throws IOException {
        HelplineConfig config = ConfigLoader.standard().file(configFile).load();
        if (!config.enabled() || !config.paths().matches(path)) {
            in.transferTo(out);
            out.flush();
            return 0;
        }
        // The same per-page choices as the filter: profile by path, language, opening hours.
        // No form token here: a previewed form cannot be posted.
        PageWidget page = Widgets.of(config, "").forResponse(path, null, language -> RenderContext.NONE);
        HtmlRewriter.RewritingOutputStream rewriting = new HtmlRewriter(new HtmlRewriter.Options(config.ctaAfterParagraph()))
                .rewrite(out, null, page);
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            rewriting.write(buffer, 0, n);
        }
        rewriting.finish();
        out.flush();
        if (!rewriting.injected()) {
            err.println("note: the widget was not placed; the page passed through unchanged");
        }
        return 0;
    }
}

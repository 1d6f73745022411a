package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;

/** Reaches into the filter's package for tests in other packages (the compatibility matrix). */
public final class TestHooks {
    private TestHooks() {
    }

    /** The fragment exactly as the filter writes it into pages for this configuration. */
    public static String fragment(HelplineConfig config) {
        return dev.helpline.core.render.Widget.render(config, "").bodyStart();
    }
}

package dev.helpline.core.callback;

import dev.helpline.core.config.HelplineConfig;

import java.util.HashMap;
import java.util.Map;

/** Configurations for callback tests. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** A valid configuration with the given {@code helpline.*} overrides. */
    public static HelplineConfig config(String storeUrl, Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>();
        p.put("helpline.phone", "800-601-3889");
        p.put("helpline.operator.name", "Example Recovery Line");
        p.put("helpline.callback.store.url", storeUrl);
        p.put("helpline.callback.token.secret", "test-token-secret-test-token-secret");
        p.putAll(overrides);
        return HelplineConfig.fromProperties(p);
    }
}

package dev.helpline.demo.browser;

import dev.helpline.demo.DemoServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo site and one browser for a test class: started before its first test, closed
 * after its last, and after every test the page must not have broken the site's
 * Content-Security-Policy. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DemoSession demo = new DemoSession("demo.properties", true);
 * }</pre>
 */
final class DemoSession implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final String config;
    private final boolean javaScript;
    DemoServer server;
    Browser browser;

    /**
     * @param config     a properties file under the test resources' {@code browser/}
     * @param javaScript whether the browser runs scripts
     */
    DemoSession(String config, boolean javaScript) {
        this.config = config;
        this.javaScript = javaScript;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = DemoServer.start(0, Browser.config(config), null);
        browser = Browser.start(javaScript);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertEquals(List.of(), browser.cspViolations(), "CSP violations");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}

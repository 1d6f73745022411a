package dev.helpline.servlet.compat;

import dev.helpline.core.config.HelplineConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The containers of the matrix and what the scenarios share. Which containers run comes
 * from the system property {@code matrix.containers} (default {@code jetty}; {@code tomcat}
 * needs Tomcat's own Servlet API first on the classpath, see servlet-filter/pom.xml);
 * the {@code tomcat10} surefire execution runs {@code tomcat} with Tomcat 10.1 on the
 * classpath and sets {@code matrix.tomcat} to the version it must find.
 */
final class Matrix {
    private Matrix() {
    }

    /** One entry of the matrix; its {@link #toString()} names the test. */
    record Kind(String name, Supplier<Container> factory) {
        @Override
        public String toString() {
            try (Container c = factory.get()) {
                return c.version();
            } catch (Exception e) {
                return name;
            }
        }
    }

    static Stream<Kind> containers() {
        List<Kind> kinds = new ArrayList<>();
        for (String name : System.getProperty("matrix.containers", "jetty").split(",")) {
            switch (name.trim()) {
                case "jetty" -> kinds.add(new Kind("jetty", JettyContainer::new));
                case "tomcat" -> kinds.add(new Kind("tomcat", TomcatContainer::new));
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown container " + name);
            }
        }
        return kinds.stream();
    }

    static final String PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><h1>Article</h1><p>Text.</p></body></html>";
    static final String MARK = "data-helpline=\"banner\"";

    static HelplineConfig config(String... keyValues) {
        // The whole widget, form included, on a store of its own in memory; the form's token,
        // the one part that differs per response, is compared apart (withoutToken).
        Map<String, String> m = new HashMap<>(Map.of("helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.store.url", "jdbc:h2:mem:matrix-" + UUID.randomUUID()));
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return HelplineConfig.fromProperties(m);
    }

    /** The exact fragment the filter writes for {@link #config}. */
    static String fragment(HelplineConfig config) {
        return dev.helpline.servlet.TestHooks.fragment(config);
    }

    interface Handler {
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException;
    }

    static HttpServlet servlet(Handler h) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
                h.handle(req, res);
            }
        };
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static final Pattern TOKEN = Pattern.compile("<input type=\"hidden\" name=\"token\" value=\"[^\"]*\">");

    /**
     * The page without the form's token field: a signed, dated nonce, fresh in every response,
     * which {@link #fragment} leaves out. Everything else is compared byte for byte.
     */
    static String withoutToken(String body) {
        return TOKEN.matcher(body).replaceAll("");
    }

    /** The widget went in exactly once, with one form token, and, taken out again, leaves the host's page byte for byte. */
    static void assertInjectedOnce(RawHttp.Response r, String fragment, String hostPage) {
        assertEquals(1, count(r.text(), "name=\"token\" value=\"2."), () -> "one fresh form token in\n" + r);
        String body = withoutToken(r.text());
        assertEquals(1, count(body, MARK), () -> "widget once in\n" + r);
        assertTrue(body.contains(fragment), () -> "the whole fragment in\n" + r);
        assertEquals(hostPage, body.replace(fragment, ""), () -> "the host's page intact in\n" + r);
        assertTrue(body.indexOf(MARK) > body.toLowerCase(java.util.Locale.ROOT).indexOf("<body"), () -> "after <body> in\n" + r);
    }

    static void assertUntouched(RawHttp.Response r, String hostPage) {
        assertEquals(0, count(r.text(), MARK), () -> "no widget in\n" + r);
        assertEquals(hostPage, r.text(), () -> "the host's page as it was in\n" + r);
    }
}

package dev.helpline.benchmarks.e2e;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end harness's servers serve what each variant should, on every path the
 * harness measures and on the flushing host's: the page untouched without a filter and
 * through the pass-through wrapper, the banner alone, the banner with the helpline's
 * numbers linked and the box in the host's slot, SiteMesh's decoration with the widget.
 * And the allocation meter counts the page requests. No timing here: that is the harness's job.
 */
class E2eServersTest {
    private static final E2ePage PAGE = E2ePage.of(E2eServer.ARTICLE_BYTES);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @EnumSource(Variant.class)
    void servesTheVariantsPageOnEveryPath(Variant variant, @TempDir Path work) throws Exception {
        try (E2eServer server = E2eServer.start(variant, work, 0)) {
            get(server, AllocationMeter.STATS + "?reset");
            List<String> uris = List.of(PagePath.STATIC.uri(), PagePath.ONE_WRITE.uri(), PagePath.PRINTS.uri(),
                    "/flush?at=head", "/flush?at=paragraph");
            for (String uri : uris) {
                HttpResponse<String> res = get(server, uri);
                assertEquals(200, res.statusCode(), uri);
                assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), uri);
                assertEquals("", Expectations.problem(variant, PAGE, res.body()).orElse(""), variant + " " + uri);
            }
            String[] stats = get(server, AllocationMeter.STATS).body().trim().split(" ");
            assertEquals(uris.size(), Long.parseLong(stats[0]), "page requests counted (the statistics are not)");
            assertTrue(Long.parseLong(stats[1]) > 0, "bytes allocated inside the chain");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void expectationsRejectAnotherVariantsPage(Variant variant, @TempDir Path work) throws Exception {
        // The check the harness relies on can fail: the page without a filter is wrong for
        // every variant that adds something, and a widget page is wrong for the plain ones.
        Variant other = variant == Variant.NONE || variant == Variant.WRAPPER ? Variant.BANNER : Variant.NONE;
        try (E2eServer server = E2eServer.start(other, work, 0)) {
            String body = get(server, PagePath.ONE_WRITE.uri()).body();
            assertTrue(Expectations.problem(variant, PAGE, body).isPresent(), variant + " accepted " + other + "'s page");
        }
    }

    @org.junit.jupiter.api.Test
    void thePageHasTheHelplinesNumberAFewTimesAndASlot() {
        assertEquals(8, PAGE.helplineNumbers());
        assertEquals(1, Expectations.count(PAGE.html(), E2ePage.SLOT));
        assertEquals(102_469 + E2ePage.SLOT.length(), PAGE.html().getBytes(StandardCharsets.UTF_8).length);
    }

    private HttpResponse<String> get(E2eServer server, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + uri))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

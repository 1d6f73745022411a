package dev.helpline.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoTest {
    static final String PAGE = "<!doctype html><html><head><title>x</title></head><body><p>Hello</p></body></html>";

    @TempDir
    Path dir;

    private static String run(String stdin, ByteArrayOutputStream err, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        var savedIn = System.in;
        System.setIn(in);
        try {
            int code = DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return code + "\n" + out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setIn(savedIn);
        }
    }

    @Test
    void inject_bundledConfig_writesTheWidgetIntoTheBody() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String result = run(PAGE, err, "inject");
        assertTrue(result.startsWith("0\n"), result + err);
        assertTrue(result.contains("<body><link data-helpline=\"style\""), result);
        assertTrue(result.contains("<aside data-helpline=\"banner\""), result);
        assertTrue(result.contains("(800) 601-3889"), result);
        assertTrue(result.contains("American Addiction Centers"), result);
        assertTrue(result.endsWith("<p>Hello</p></body></html>"), result);
    }

    @Test
    void inject_excludedPath_passesThePageThroughUnchanged() throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.properties"), "helpline.paths.exclude=/private/**\n");
        String result = run(PAGE, new ByteArrayOutputStream(), "inject", "--config", cfg.toString(), "--path", "/private/x");
        assertEquals("0\n" + PAGE, result);
    }

    @Test
    void inject_badConfig_exitsNonZeroNamingEveryKey() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.properties"), "helpline.phone=123\nhelpline.banner.lable=x\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String result = run(PAGE, err, "inject", "--config", cfg.toString());
        assertTrue(result.startsWith("1\n"), result);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("helpline.phone = '123'"), e);
        assertTrue(e.contains("helpline.banner.lable = 'x': unknown key; did you mean helpline.banner.label?"), e);
    }

    @Test
    void main_unknownCommand_exitsWithUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertTrue(run("", err, "frobnicate").startsWith("2\n"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }

    @Test
    void serve_bundledSite_showsTheWidgetOnEveryArticle() throws Exception {
        try (DemoServer server = DemoServer.start(0, null, null)) {
            HttpClient client = HttpClient.newHttpClient();
            for (String page : new String[] {"/", "/opioid-withdrawal.html", "/talking-to-family.html", "/choosing-treatment.html"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve(page)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), page);
                assertTrue(r.body().contains("data-helpline=\"banner\""), page);
                assertTrue(r.body().contains("data-helpline=\"disclosure\""), page);
                assertTrue(r.body().contains("data-helpline=\"form\""), page);
            }
            HttpResponse<String> css = client.send(HttpRequest.newBuilder(server.uri().resolve("/site.css")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, css.statusCode());
            assertTrue(!css.body().contains("data-helpline"));
        }
    }

    @Test
    void serve_docroot_servesThatDirectoryThroughTheFilter() throws Exception {
        Files.writeString(dir.resolve("index.html"), PAGE);
        try (DemoServer server = DemoServer.start(0, null, dir)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "index.html")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("data-helpline=\"banner\""));
            assertTrue(r.body().endsWith("<p>Hello</p></body></html>"));
        }
    }
}

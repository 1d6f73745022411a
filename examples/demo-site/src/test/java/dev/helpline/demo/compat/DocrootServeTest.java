package dev.helpline.demo.compat;

import dev.helpline.demo.DemoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve --docroot DIR}: the container's own static-file handling (ETag, Range, HEAD,
 * 304) and its gzip compression stay in force with the filter in front, so that the
 * compatibility behaviours can be tried by hand with curl. The client here does not
 * decompress, so the raw Content-Encoding is what is asserted.
 */
class DocrootServeTest {
    static final String PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><h1>Article</h1>"
            + "<p>" + "Text. ".repeat(200) + "</p></body></html>";
    static final String MARK = "data-helpline=\"banner\"";

    @TempDir
    static Path dir;
    static DemoServer server;
    static byte[] bin;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("index.html"), PAGE);
        bin = new byte[200_000];
        new Random(1).nextBytes(bin);
        Files.write(dir.resolve("data.bin"), bin);
        server = DemoServer.start(0, null, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void page_getsTheWidgetOnce_withAWeakEtagAndLastModified() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/index.html");
        assertEquals(200, r.statusCode());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(1, count(body, MARK), body);
        assertNotNull(header(r, "Last-Modified"));
        String etag = header(r, "ETag");
        assertTrue(etag == null || etag.startsWith("W/"), etag);
    }

    @Test
    void page_conditionalGet_answers304WithoutABody() throws Exception {
        HttpResponse<byte[]> first = send("GET", "/index.html");
        HttpResponse<byte[]> byTag = send("GET", "/index.html", "If-None-Match", header(first, "ETag"));
        assertEquals(304, byTag.statusCode());
        assertEquals(0, byTag.body().length);
        HttpResponse<byte[]> byDate = send("GET", "/index.html", "If-Modified-Since", header(first, "Last-Modified"));
        assertEquals(304, byDate.statusCode());
    }

    @Test
    void page_head_sameValidatorsNoBody() throws Exception {
        HttpResponse<byte[]> get = send("GET", "/index.html");
        HttpResponse<byte[]> head = send("HEAD", "/index.html");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(header(get, "ETag"), header(head, "ETag"));
        assertEquals(header(get, "Content-Type"), header(head, "Content-Type"));
        String cl = header(head, "Content-Length");
        assertTrue(cl == null || Integer.parseInt(cl) == get.body().length, "HEAD length " + cl + " vs GET " + get.body().length);
    }

    @Test
    void page_gzip_decompressesToThePageWithTheWidget() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/index.html", "Accept-Encoding", "gzip");
        assertEquals("gzip", header(r, "Content-Encoding"));
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(1, count(body, MARK));
        assertTrue(body.endsWith("</p></body></html>"), body);
    }

    @Test
    void binary_rangeAndValidators_fromTheContainer() throws Exception {
        HttpResponse<byte[]> whole = send("GET", "/data.bin");
        assertArrayEquals(bin, whole.body());
        assertFalse(new String(whole.body(), StandardCharsets.ISO_8859_1).contains(MARK));
        HttpResponse<byte[]> range = send("GET", "/data.bin", "Range", "bytes=100-199");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 100-199/" + bin.length, header(range, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bin, 100, 200), range.body());
        HttpResponse<byte[]> notModified = send("GET", "/data.bin", "If-None-Match", header(whole, "ETag"));
        assertEquals(304, notModified.statusCode());
    }
}

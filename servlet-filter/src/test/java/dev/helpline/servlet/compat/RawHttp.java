package dev.helpline.servlet.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A raw HTTP/1.1 client over a socket: it answers exactly what the wire carried (status
 * line, headers in order with their case, body bytes), de-chunks the body itself and
 * fails on any framing error: a chunk shorter than announced, a body shorter or longer than
 * its Content-Length, bytes after the end of the response. Every request is sent with
 * {@code Connection: close}, so anything after the framed body is seen.
 */
final class RawHttp {
    private RawHttp() {
    }

    record Header(String name, String value) {
    }

    /** One response as the wire carried it. */
    record Response(String statusLine, List<Header> headers, byte[] body, boolean chunked, String raw) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    out.add(h.value());
                }
            }
            return out;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String text(Charset cs) {
            return new String(body, cs);
        }

        /** The body, gunzipped when its Content-Encoding says gzip. */
        byte[] decoded() throws IOException {
            if ("gzip".equalsIgnoreCase(header("Content-Encoding"))) {
                try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    return in.readAllBytes();
                }
            }
            return body;
        }

        @Override
        public String toString() {
            return raw + (body.length > 2000 ? "<" + body.length + " bytes>" : new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    /** Reads a body without keeping it: for pages too big to hold in the test. */
    interface BodySink {
        void accept(byte[] b, int off, int len);
    }

    static Response get(int port, String path, String... headers) throws IOException {
        return request(port, "GET", path, headers);
    }

    static Response request(int port, String method, String path, String... headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Response r = exchange(port, method, path, (b, off, len) -> body.write(b, off, len), headers);
        return new Response(r.statusLine(), r.headers(), body.toByteArray(), r.chunked(), r.raw());
    }

    /** Sends one request; the body goes to {@code sink}; the answer's body is empty. */
    static Response exchange(int port, String method, String path, BodySink sink, String... headers) throws IOException {
        StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);

            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.1 ")) {
                throw new AssertionError("not an HTTP/1.1 status line: " + statusLine);
            }
            List<Header> hs = new ArrayList<>();
            StringBuilder raw = new StringBuilder(statusLine).append("\r\n");
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                hs.add(new Header(l.substring(0, colon), l.substring(colon + 1).trim()));
                raw.append(l).append("\r\n");
            }
            raw.append("\r\n");
            Response head = new Response(statusLine, hs, new byte[0], false, raw.toString());
            int status = head.status();
            String te = head.header("Transfer-Encoding");
            String cl = head.header("Content-Length");
            boolean chunked = te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
            if (te != null && cl != null) {
                throw new AssertionError("both Transfer-Encoding and Content-Length:\n" + raw);
            }
            if (head.all("Content-Length").size() > 1) {
                throw new AssertionError("more than one Content-Length:\n" + raw);
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1;
            if (noBody) {
                assertEof(in, raw);
            } else if (chunked) {
                dechunk(in, sink, raw);
                assertEof(in, raw);
            } else if (cl != null) {
                long n = Long.parseLong(cl);
                copy(in, sink, n, raw);
                assertEof(in, raw);
            } else {
                // Delimited by the end of the connection, which HTTP/1.1 allows with Connection: close.
                copy(in, sink, Long.MAX_VALUE, raw);
            }
            return new Response(statusLine, hs, new byte[0], chunked, raw.toString());
        }
    }

    private static void dechunk(InputStream in, BodySink sink, CharSequence raw) throws IOException {
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
            if (hex.isEmpty() || !hex.matches("[0-9a-fA-F]+")) {
                throw new AssertionError("bad chunk size line '" + sizeLine + "' in\n" + raw);
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are allowed and ignored
                }
                return;
            }
            copy(in, sink, size, raw);
            if (in.read() != '\r' || in.read() != '\n') {
                throw new AssertionError("chunk not followed by CRLF in\n" + raw);
            }
        }
    }

    private static void copy(InputStream in, BodySink sink, long n, CharSequence raw) throws IOException {
        byte[] buf = new byte[16384];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new AssertionError("body ended " + left + " bytes short of " + n + " in\n" + raw);
            }
            sink.accept(buf, 0, r);
            left -= r;
        }
    }

    private static void assertEof(InputStream in, CharSequence raw) throws IOException {
        byte[] extra = in.readNBytes(200);
        if (extra.length > 0) {
            throw new AssertionError("bytes after the end of the response: '"
                    + new String(extra, StandardCharsets.ISO_8859_1) + "' in\n" + raw);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new AssertionError("CR without LF after '" + sb + "'");
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new AssertionError("connection closed inside a line: '" + sb + "'");
    }
}

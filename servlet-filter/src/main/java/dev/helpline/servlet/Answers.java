package dev.helpline.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the endpoints write their answers: JSON for JSON clients, plain text or a page
 * otherwise; and how a refusal before the body is read closes its connection.
 */
final class Answers {
    static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** One answer, written to the response. */
    @FunctionalInterface
    interface Answer {
        void write() throws IOException;
    }

    /**
     * Answers a refusal before the body is read, and has the container close the connection
     * without reading that body. Answered on the request thread, Tomcat (10.1 and 11) reads
     * ("swallows") the rest of a declared body before it closes the connection, on that thread
     * and up to its {@code maxSwallowSize}: a refused client trickling its body would hold the
     * thread. A response completed through {@link AsyncContext#complete()} that says
     * {@code Connection: close} is closed without that (Tomcat's
     * {@code Http11Processor.dispatchEndRequest}); Jetty closes at once either way. So the
     * answer goes through a started and at once completed {@code AsyncContext} whenever the
     * filter is async-supported; without, it is the same answer and Tomcat still drains.
     */
    static void refuseBeforeBody(HttpServletRequest req, HttpServletResponse res, Answer answer) throws IOException {
        res.setHeader("Connection", "close");
        if (!req.isAsyncSupported() || req.isAsyncStarted()) {
            answer.write();
            return;
        }
        AsyncContext async = req.startAsync(req, res);
        try {
            answer.write();
        } finally {
            async.complete();
        }
    }

    /** Headers every data-rights answer carries: nothing cached, nothing sniffed. */
    static void noStore(HttpServletResponse res) {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
    }

    static boolean acceptsJson(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static void error(HttpServletResponse res, boolean json, int status, String code, String message) throws IOException {
        if (json) {
            json(res, status, JSON.createObjectNode().put("error", code).put("message", message));
        } else {
            res.setStatus(status);
            res.setContentType("text/plain;charset=utf-8");
            res.getWriter().write(message + "\n");
        }
    }

    static void json(HttpServletResponse res, int status, ObjectNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        res.setStatus(status);
        res.setContentType("application/json;charset=utf-8");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    static void html(HttpServletResponse res, int status, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType("text/html;charset=utf-8");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}

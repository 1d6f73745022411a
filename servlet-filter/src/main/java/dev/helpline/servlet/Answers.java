package dev.helpline.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** How the data-rights endpoints write their answers: JSON for JSON clients, plain text or a page otherwise. */
final class Answers {
    static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
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

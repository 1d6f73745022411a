package dev.helpline.servlet;

import dev.helpline.core.render.Asset;
import dev.helpline.core.render.Widget;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Serves the widget's CSS and JS under {@code helpline.assets.path}. Their names carry a
 * content hash, so they are cached for a year and never revalidated in practice.
 */
final class AssetsEndpoint {
    private final Widget widget;

    AssetsEndpoint(Widget widget) {
        this.widget = widget;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, String fileName) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        Optional<Asset> found = widget.asset(fileName);
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Asset asset = found.get();
        String etag = "\"" + asset.integrity() + "\"";
        response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        response.setHeader("ETag", etag);
        response.setHeader("X-Content-Type-Options", "nosniff");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.contentType());
        response.setContentLength(asset.bytes().length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(asset.bytes());
        }
    }
}

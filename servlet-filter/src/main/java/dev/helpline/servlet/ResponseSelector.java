package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;

/**
 * Decides whether a response gets the widget. It only answers questions; the rewriting
 * itself is {@link InjectingResponse}'s. Immutable and thread safe.
 *
 * <p>The decision has two halves. Before the host runs ({@link #wantsRequest}): the
 * method, the dispatch, the path rules and the host's opt-out. When the host starts its
 * body ({@link #wantsResponse}): the status, the content type and the encoding.
 */
final class ResponseSelector {
    /** Set by the host (to {@code Boolean.TRUE}) to keep the widget off one response. */
    static final String OPT_OUT_ATTRIBUTE = HelplineFilter.OPT_OUT_ATTRIBUTE;

    private final HelplineConfig config;

    ResponseSelector(HelplineConfig config) {
        this.config = config;
    }

    boolean wantsRequest(HttpServletRequest request, String path) {
        if (!config.enabled() || request.getDispatcherType() != DispatcherType.REQUEST) {
            return false;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        if (Boolean.TRUE.equals(request.getAttribute(OPT_OUT_ATTRIBUTE))) {
            return false;
        }
        if (path.startsWith(config.assetsPath() + "/") || path.equals(config.formPath())
                || path.equals(config.rights().stopPath()) || path.equals(config.rights().adminDeletePath())) {
            return false;
        }
        if (!config.paths().matches(path)) {
            return false;
        }
        // A path whose extension the container maps to another type (.css, .js, .png, .pdf)
        // is not a page: leaving it unwrapped keeps the container's fast path for files.
        String mime = lastSegmentHasExtension(path) ? request.getServletContext().getMimeType(path) : null;
        return mime == null || "text/html".equals(mimeType(mime));
    }

    private static boolean lastSegmentHasExtension(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && dot < path.length() - 1;
    }

    /**
     * @param status             the status the host set
     * @param contentType        the Content-Type the host set, or null
     * @param contentEncoding    the Content-Encoding the host set, or null
     * @param contentDisposition the Content-Disposition the host set, or null
     * @param contentRange       the Content-Range the host set, or null
     */
    boolean wantsResponse(int status, String contentType, String contentEncoding, String contentDisposition,
                          String contentRange, Object optOut) {
        if (status != 200 || contentType == null || contentRange != null || Boolean.TRUE.equals(optOut)) {
            return false;
        }
        if (contentEncoding != null && !contentEncoding.isBlank() && !"identity".equalsIgnoreCase(contentEncoding.trim())) {
            return false;
        }
        if (contentDisposition != null && contentDisposition.trim().toLowerCase(Locale.ROOT).startsWith("attachment")) {
            return false;
        }
        return "text/html".equals(mimeType(contentType));
    }

    static String mimeType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The charset the Content-Type declares, or null when it declares none. Read in place
     * (asked once per rewritten response): only the charset's name is copied out.
     */
    static String declaredCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        int from = 0;
        while (true) {
            int semi = contentType.indexOf(';', from);
            int start = from;
            int end = semi < 0 ? contentType.length() : semi;
            // trimmed as String.trim() would
            while (start < end && contentType.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && contentType.charAt(end - 1) <= ' ') {
                end--;
            }
            if (end - start >= 8 && contentType.regionMatches(true, start, "charset=", 0, 8)) {
                int value = start + 8;
                while (value < end && contentType.charAt(value) <= ' ') {
                    value++;
                }
                if (end - value >= 2 && contentType.charAt(value) == '"' && contentType.charAt(end - 1) == '"') {
                    value++;
                    end--;
                }
                return value == end ? null : contentType.substring(value, end);
            }
            if (semi < 0) {
                return null;
            }
            from = semi + 1;
        }
    }
}

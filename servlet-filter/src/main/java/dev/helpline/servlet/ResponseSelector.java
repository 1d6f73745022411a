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
 * body ({@link #wantsResponse}): the status, the content type and the encoding. Each answers
 * with a {@link Reason}: {@link Reason#REWRITE}, or why the response passes untouched.
 */
final class ResponseSelector {
    /** Why a response is rewritten ({@link #REWRITE}) or passes through untouched (everything else). */
    enum Reason {
        REWRITE("rewritten"),
        UNDECIDED("not decided yet"),
        // before the host runs
        DISABLED("the widget is switched off"),
        NOT_A_REQUEST_DISPATCH("a forward, include, error or async dispatch"),
        METHOD("a method other than GET and HEAD"),
        OPTED_OUT("the host opted out"),
        OWN_ENDPOINT("one of the widget's own paths"),
        PATH_EXCLUDED("not a path the configuration includes"),
        NOT_A_PAGE_PATH("an extension the container maps to a type other than text/html"),
        // when the body starts
        STATUS("a status other than 200"),
        NO_CONTENT_TYPE("no Content-Type"),
        PARTIAL("a partial body (Content-Range)"),
        ENCODED("a Content-Encoding other than identity"),
        ATTACHMENT("a download (Content-Disposition: attachment)"),
        NOT_HTML("a Content-Type other than text/html"),
        // around the selector, in the response wrapper
        COMMITTED("committed before its first body byte"),
        DISPATCH_PENDING("a forward or async dispatch the filter does not meet"),
        SELECTOR_FAILED("deciding failed"),
        NO_BODY("no body"),
        NON_BLOCKING("written non-blocking (a write listener)"),
        UNSUPPORTED_CHARSET("a writer charset this JVM cannot encode"),
        WRITER_TAKEN("the container's writer was already in use"),
        REPLACED("an error page or a redirect replaced the body");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** Set by the host (to {@code Boolean.TRUE}) to keep the widget off one response. */
    static final String OPT_OUT_ATTRIBUTE = HelplineFilter.OPT_OUT_ATTRIBUTE;

    private final HelplineConfig config;

    ResponseSelector(HelplineConfig config) {
        this.config = config;
    }

    /** Whether the request may get the widget ({@link Reason#REWRITE}), or why not; the response is not wrapped when not. */
    Reason wantsRequest(HttpServletRequest request, String path) {
        if (!config.enabled()) {
            return Reason.DISABLED;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return Reason.NOT_A_REQUEST_DISPATCH;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Reason.METHOD;
        }
        if (Boolean.TRUE.equals(request.getAttribute(OPT_OUT_ATTRIBUTE))) {
            return Reason.OPTED_OUT;
        }
        if (path.startsWith(config.assetsPath() + "/") || path.equals(config.formPath())
                || path.equals(config.rights().stopPath()) || path.equals(config.rights().adminDeletePath())) {
            return Reason.OWN_ENDPOINT;
        }
        if (!config.paths().matches(path)) {
            return Reason.PATH_EXCLUDED;
        }
        // A path whose extension the container maps to another type (.css, .js, .png, .pdf)
        // is not a page: leaving it unwrapped keeps the container's fast path for files.
        String mime = lastSegmentHasExtension(path) ? request.getServletContext().getMimeType(path) : null;
        return mime == null || isHtml(mime) ? Reason.REWRITE : Reason.NOT_A_PAGE_PATH;
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
     * @param optOut             the request's opt-out attribute, or null
     * @return {@link Reason#REWRITE}, or why the response passes untouched
     */
    Reason wantsResponse(int status, String contentType, String contentEncoding, String contentDisposition,
                         String contentRange, Object optOut) {
        if (status != 200) {
            return Reason.STATUS;
        }
        if (contentType == null) {
            return Reason.NO_CONTENT_TYPE;
        }
        if (contentRange != null) {
            return Reason.PARTIAL;
        }
        if (Boolean.TRUE.equals(optOut)) {
            return Reason.OPTED_OUT;
        }
        if (contentEncoding != null && !contentEncoding.isBlank() && !"identity".equalsIgnoreCase(contentEncoding.trim())) {
            return Reason.ENCODED;
        }
        if (contentDisposition != null && contentDisposition.trim().toLowerCase(Locale.ROOT).startsWith("attachment")) {
            return Reason.ATTACHMENT;
        }
        return isHtml(contentType) ? Reason.REWRITE : Reason.NOT_HTML;
    }

    /**
     * {@code type} without its charset parameter: what a container keeps of a
     * {@code setContentType} made after {@code getWriter()}.
     */
    static String withoutCharset(String type) {
        if (declaredCharset(type) == null) {
            return type;
        }
        StringBuilder kept = new StringBuilder(type.length());
        for (String part : type.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset", 0, 7) && p.substring(7).trim().startsWith("=")) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append(';');
            }
            kept.append(part);
        }
        return kept.toString();
    }

    /**
     * Whether the Content-Type's media type, before any parameter, is {@code text/html} in any
     * case. Read in place: asked for every response, it copies nothing.
     */
    static boolean isHtml(String contentType) {
        int start = 0;
        int semi = contentType.indexOf(';');
        int end = semi < 0 ? contentType.length() : semi;
        // trimmed as String.trim() would
        while (start < end && contentType.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && contentType.charAt(end - 1) <= ' ') {
            end--;
        }
        return end - start == 9 && contentType.regionMatches(true, start, "text/html", 0, 9);
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

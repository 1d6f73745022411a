package dev.helpline.core.callback;

import java.util.Map;
import java.util.Objects;

/**
 * One form submission as the HTTP side received it, before any check. Nothing here says
 * which page's texts the form showed: that travels, signed, in the form's token
 * ({@link FormView}), never in what the request claims.
 *
 * @param fields    the posted fields: {@code phone}, {@code consent}, {@code website} (honeypot), {@code token}
 * @param clientIp  the client's address (after trusted-proxy resolution)
 * @param pageUrl   the page the form was on, "" when unknown
 * @param userAgent the {@code User-Agent}, "" when absent
 */
public record Submission(Map<String, String> fields, String clientIp, String pageUrl, String userAgent) {
    public Submission {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(clientIp, "clientIp");
        pageUrl = pageUrl == null ? "" : pageUrl;
        userAgent = userAgent == null ? "" : userAgent;
    }

    /** Masked on purpose: the fields hold a phone number. */
    @Override
    public String toString() {
        return "Submission[fields=" + fields.keySet() + ", clientIp=" + clientIp + "]";
    }
}

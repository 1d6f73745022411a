package dev.helpline.servlet.compat;

import java.util.Locale;

/** The charset a Content-Type header names, ISO-8859-1 (the servlet default) when none. */
final class Charsets {
    private Charsets() {
    }

    static String of(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    return p.substring(8).replace("\"", "").trim();
                }
            }
        }
        return "ISO-8859-1";
    }
}

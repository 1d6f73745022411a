package dev.helpline.servlet;

import java.util.Locale;

/** What the filter does to the renderer's fragments before they meet a host's page. */
final class Fragments {
    private Fragments() {
    }

    /**
     * The fragment with every non-ASCII character written as a numeric character reference,
     * outside {@code <script>} and {@code <style>} content (where references are not
     * decoded). The page's charset is the host's: Latin-1, windows-1252, Shift_JIS, a writer
     * obtained before any charset was set. In ASCII the widget reads the same in all of them.
     */
    static String asciiSafe(String html) {
        StringBuilder out = null;
        String lower = html.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<' && (lower.startsWith("<script", i) || lower.startsWith("<style", i))) {
                String end = lower.startsWith("<script", i) ? "</script" : "</style";
                int close = lower.indexOf(end, i);
                int stop = close < 0 ? html.length() : close;
                if (out != null) {
                    out.append(html, i, stop);
                }
                i = stop;
                if (close >= 0) {
                    if (out != null) {
                        out.append(html, i, i + end.length());
                    }
                    i += end.length();
                }
                continue;
            }
            if (c > 0x7F) {
                if (out == null) {
                    out = new StringBuilder(html.length() + 32).append(html, 0, i);
                }
                int cp = html.codePointAt(i);
                out.append("&#x").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append(';');
                i += Character.charCount(cp);
                continue;
            }
            if (out != null) {
                out.append(c);
            }
            i++;
        }
        return out == null ? html : out.toString();
    }
}

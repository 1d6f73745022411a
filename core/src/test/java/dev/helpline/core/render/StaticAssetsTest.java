package dev.helpline.core.render;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticAssetsTest {
    /** JS and CSS together, each gzipped as a server would send it. */
    private static final int GZIP_BUDGET = 8 * 1024;

    private static final String CSS = new String(StaticAssets.CSS.bytes(), StandardCharsets.UTF_8);
    private static final String JS = new String(StaticAssets.JS.bytes(), StandardCharsets.UTF_8);

    private static int gzipped(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.size();
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "");
    }

    @Test
    void assets_each_integrityIsSha384OfTheBytes() throws Exception {
        for (Asset a : StaticAssets.ALL) {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(a.bytes());
            assertEquals("sha384-" + Base64.getEncoder().encodeToString(digest), a.integrity(), a.fileName());
        }
    }

    @Test
    void assets_each_fileNameCarriesContentHash() throws Exception {
        for (Asset a : StaticAssets.ALL) {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(a.bytes());
            String hash = HexFormat.of().formatHex(digest, 0, 4);
            assertTrue(a.fileName().matches("helpline-" + hash + "\\.(css|js)"), a.fileName());
        }
    }

    @Test
    void assets_each_areTheClasspathFiles() throws IOException {
        for (String name : List.of("helpline.css", "helpline.js")) {
            try (InputStream in = Widget.class.getResourceAsStream(name)) {
                byte[] expected = in.readAllBytes();
                Asset a = name.endsWith(".css") ? StaticAssets.CSS : StaticAssets.JS;
                assertArrayEquals(expected, a.bytes());
            }
        }
    }

    @Test
    void assets_cssAndJsGzipped_fitTheBudget() throws IOException {
        int css = gzipped(StaticAssets.CSS.bytes());
        int js = gzipped(StaticAssets.JS.bytes());
        System.out.printf("helpline assets gzipped: css=%d js=%d total=%d bytes%n", css, js, css + js);
        assertTrue(css + js <= GZIP_BUDGET, "css " + css + " + js " + js + " > " + GZIP_BUDGET);
    }

    @Test
    void css_everySelector_isScopedToTheWidget() {
        List<String> selectors = new ArrayList<>();
        Matcher m = Pattern.compile("([^{}]+)\\{").matcher(withoutComments(CSS));
        while (m.find()) {
            String prelude = m.group(1).trim();
            if (!prelude.startsWith("@")) {
                selectors.addAll(List.of(prelude.split(",")));
            }
        }
        assertTrue(selectors.size() > 20, "parsed " + selectors);
        for (String s : selectors) {
            assertTrue(s.contains("[data-helpline") || s.contains(".helpline-"), () -> "unscoped selector: " + s.trim());
        }
    }

    @Test
    void css_reducedMotion_turnsTransitionsOff() {
        Matcher m = Pattern.compile("@media\\s*\\(prefers-reduced-motion:\\s*reduce\\)\\s*\\{(.*?\\})\\s*\\}", Pattern.DOTALL).matcher(CSS);
        assertTrue(m.find(), "no reduced-motion block");
        assertTrue(m.group(1).contains("transition:none"), m.group(1));
    }

    @Test
    void css_any_loadsNothingFromElsewhere() {
        String css = withoutComments(CSS).toLowerCase(Locale.ROOT);
        for (String banned : List.of("url(", "@import", "@font-face", "http:", "https:")) {
            assertFalse(css.contains(banned), banned);
        }
    }

    @Test
    void css_rulesSettingBothColours_meetContrastMinimum() {
        Matcher rule = Pattern.compile("([^{}]+)\\{([^{}]*)}").matcher(withoutComments(CSS));
        int checked = 0;
        while (rule.find()) {
            Matcher fg = Pattern.compile("(?:^|;)color:(#[0-9a-f]{3,6})").matcher(rule.group(2));
            Matcher bg = Pattern.compile("background(?:-color)?:(#[0-9a-f]{3,6})").matcher(rule.group(2));
            if (fg.find() && bg.find()) {
                double ratio = contrast(fg.group(1), bg.group(1));
                assertTrue(ratio >= 4.5, rule.group(1).trim() + ": " + ratio);
                checked++;
            }
        }
        assertTrue(checked >= 3, "checked only " + checked);
    }

    @Test
    void css_bannerHeightProperty_isDocumented() {
        assertTrue(CSS.contains("--helpline-banner-height"));
        assertTrue(JS.contains("'--helpline-banner-height'"));
    }

    @Test
    void js_any_isOneGuardedIifeWithoutRemoteCallsOrEval() {
        String code = withoutComments(JS).strip();
        assertTrue(code.startsWith("(() => {"), "IIFE");
        assertTrue(code.endsWith("})();"), "IIFE");
        assertTrue(code.contains("if (window.helplineWidget) return;"), "loads twice safely");
        for (String banned : List.of("http:", "https:", "eval(", "new Function", "innerHTML", "document.write", "setAttribute('style'")) {
            assertFalse(code.contains(banned), banned);
        }
    }

    @Test
    void js_any_usesTheIdsAndClassesTheMarkupHas() {
        String bodyStart = Fragments.widget().bodyStart(new RenderContext(null, null, FormState.SUCCESS));
        for (String token : List.of(Widget.DISCLOSURE_ID, Widget.PANEL_ID, Widget.OPEN_CLASS, "helpline-close",
                "helpline-phone-hint", "helpline-check", "data-helpline-success", "form[data-helpline=\"form\"]")) {
            assertTrue(JS.contains(token), "script misses " + token);
            assertTrue(bodyStart.contains(token.replace("form[data-helpline=\"form\"]", "data-helpline=\"form\"")),
                    "markup misses " + token);
        }
    }

    private static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        String h = hex.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}

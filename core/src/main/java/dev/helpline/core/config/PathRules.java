package dev.helpline.core.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which request paths get the widget: a path must match an include glob and no exclude
 * glob. In a glob, {@code *} matches within one path segment and {@code **} matches any
 * run of segments, so {@code /blog/**} covers {@code /blog} and everything below it.
 *
 * <p>Immutable and thread safe; the globs are compiled once.
 */
public record PathRules(List<String> include, List<String> exclude) {
    public PathRules {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        include.forEach(PathRules::checkGlob);
        exclude.forEach(PathRules::checkGlob);
    }

    /** Every path gets the widget. */
    public static PathRules all() {
        return new PathRules(List.of("/**"), List.of());
    }

    /**
     * Whether the widget belongs on this path: the path inside the web application as the
     * container dispatches it (decoded once, without path parameters and dot segments), not
     * the raw request URI, so that {@code /%69ntake} or {@code /intake;x} is {@code /intake}.
     */
    public boolean matches(String path) {
        return anyMatches(include, path) && !anyMatches(exclude, path);
    }

    /** Whether any of {@code globs} matches {@code path} (null or empty is {@code /}). */
    static boolean anyMatches(List<String> globs, String path) {
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        for (String g : globs) {
            // "/**" (the default include) matches every path; no need to run a pattern for it.
            if ((g.equals("/**") && path.startsWith("/")) || compile(g).matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    // Globs are few and short; a small cache keeps compilation off the request path.
    private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> COMPILED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern compile(String glob) {
        return COMPILED.computeIfAbsent(glob, PathRules::toRegex);
    }

    private static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("/**", i)) {
                re.append("(?:/.*)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(re.toString());
    }

    static void checkGlob(String glob) {
        if (glob.isEmpty() || glob.charAt(0) != '/') {
            throw new IllegalArgumentException("a path glob must start with '/'");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c <= ' ' || c == '?' || c == '#' || c == '\\') {
                throw new IllegalArgumentException("a path glob may not contain '" + describe(c) + "'");
            }
        }
        if (glob.toLowerCase(Locale.ROOT).contains("***")) {
            throw new IllegalArgumentException("'***' is not a glob; use '**'");
        }
    }

    private static String describe(char c) {
        return c <= ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}

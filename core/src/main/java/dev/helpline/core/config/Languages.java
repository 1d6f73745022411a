package dev.helpline.core.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Language tags as the widget uses them: only the primary subtag counts ({@code es-MX} is
 * {@code es}), folded with {@link Locale#ROOT}.
 *
 * <pre>{@code
 * Languages.primary("ES-mx");                                          // "es"
 * Languages.bestOf("fr;q=1, es-MX;q=0.8, en;q=0.5", Set.of("en", "es")); // "es"
 * }</pre>
 */
public final class Languages {
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*");

    private Languages() {
    }

    /** The primary subtag in lower case, or {@code null} when {@code tag} is not a language tag. */
    public static String primary(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip();
        if (!TAG.matcher(t).matches()) {
            return null;
        }
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return t.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /**
     * The language among {@code available} that an {@code Accept-Language} header likes best
     * (highest q; the earlier one on a tie; {@code q=0} refuses), or {@code null}.
     */
    public static String bestOf(String acceptLanguage, Set<String> available) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return null;
        }
        String best = null;
        double bestQ = 0;
        for (String item : acceptLanguage.split(",")) {
            String[] parts = item.split(";");
            String lang = primary(parts[0]);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0; // unreadable: not a preference we can rank
                    }
                }
            }
            if (lang != null && available.contains(lang) && q > bestQ && q <= 1) {
                best = lang;
                bestQ = q;
            }
        }
        return best;
    }
}

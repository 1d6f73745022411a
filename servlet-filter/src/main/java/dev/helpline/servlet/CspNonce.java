package dev.helpline.servlet;

import java.util.Locale;

/**
 * Finds the nonce a host's Content-Security-Policy grants to scripts, so that the widget's
 * own tags can carry it. Only a nonce the policy already names is used: the widget never
 * widens a host's policy.
 */
final class CspNonce {
    // Compiled once: this runs for every rewritten page that carries a policy.
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    private static final java.util.regex.Pattern NONCE_VALUE = java.util.regex.Pattern.compile("[A-Za-z0-9+/_=-]+");

    /** A policy and its answer. */
    private record Parsed(String policy, String nonce) {
    }

    /**
     * The last policy read. Most sites send one fixed policy on every page, so this spares
     * parsing it per response; a per-response nonce simply replaces it each time.
     */
    private static volatile Parsed last = new Parsed("", null);

    private CspNonce() {
    }

    /**
     * The nonce of {@code script-src} (else {@code default-src}) in a policy, or null.
     * A policy like {@code script-src 'self' 'nonce-r4nd0m'} answers {@code r4nd0m}.
     */
    static String fromPolicy(String policy) {
        if (policy == null || policy.isBlank()) {
            return null;
        }
        Parsed seen = last;
        if (seen.policy().equals(policy)) {
            return seen.nonce();
        }
        String nonce = parse(policy);
        last = new Parsed(policy, nonce);
        return nonce;
    }

    private static String parse(String policy) {
        String fallback = null;
        for (String directive : policy.split(";")) {
            String[] tokens = WHITESPACE.split(directive.trim());
            if (tokens.length < 2) {
                continue;
            }
            String name = tokens[0].toLowerCase(Locale.ROOT);
            String nonce = nonceIn(tokens);
            if (nonce != null && (name.equals("script-src") || name.equals("script-src-elem"))) {
                return nonce;
            }
            if (nonce != null && name.equals("default-src")) {
                fallback = nonce;
            }
        }
        return fallback;
    }

    private static String nonceIn(String[] tokens) {
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.length() > 8 && t.regionMatches(true, 0, "'nonce-", 0, 7) && t.endsWith("'")) {
                String value = t.substring(7, t.length() - 1);
                // base64 or base64url characters only; anything else is not a nonce we echo.
                return NONCE_VALUE.matcher(value).matches() ? value : null;
            }
        }
        return null;
    }
}

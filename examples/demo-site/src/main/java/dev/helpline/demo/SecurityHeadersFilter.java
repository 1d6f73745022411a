package dev.helpline.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Serves every demo response with a strict Content-Security-Policy, so the demo proves the
 * widget needs no {@code 'unsafe-inline'} and no third party. Registered before the helpline
 * filter, which reads the policy from the response to find a nonce.
 *
 * <p>A request with the query parameter {@code csp=nonce} gets a policy the way nonce-based
 * hosts write it: scripts only with a fresh per-response nonce ({@code 'strict-dynamic'}
 * makes browsers ignore {@code 'self'}), so the widget's script runs only if its tag
 * carries the host's nonce.
 *
 * <p>Thread safe.
 */
public final class SecurityHeadersFilter implements Filter {
    /** The policy of every page: same-origin everything, no inline script or style. */
    public static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private final SecureRandom random = new SecureRandom();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
            response.setHeader("Content-Security-Policy", policyFor(request));
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "same-origin");
        }
        chain.doFilter(req, res);
    }

    private String policyFor(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null || !("&" + query + "&").contains("&csp=nonce&")) {
            return POLICY;
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        return POLICY.replace("script-src 'self'", "script-src 'nonce-" + nonce + "' 'strict-dynamic'")
                .replace("style-src 'self'", "style-src 'self' 'nonce-" + nonce + "'");
    }
}

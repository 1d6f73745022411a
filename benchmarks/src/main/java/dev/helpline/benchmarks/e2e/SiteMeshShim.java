package dev.helpline.benchmarks.e2e;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

/**
 * What SiteMesh 3.2.2 needs to decorate static files on Jetty 12 (ee10), and nothing more:
 * a response wrapper mapped right inside SiteMesh's filter (for the request and for the
 * decorator's forward) that drops attempts to clear the content type.
 *
 * <p>Why: Jetty 12's default servlet clears the content type
 * ({@code setHeader("Content-Type", null)}) before it adds the file's. SiteMesh 3.2.2's
 * response buffer routes every Content-Type header to its {@code setContentType}, where a
 * {@code null} type turns buffering off, and the {@code text/html} that follows does not
 * turn it back on: without this wrapper the static page passes undecorated (reported as
 * fixed in SiteMesh's sources after 3.2.2; no release has the fix yet).
 *
 * <p>SiteMesh's server also runs with async support off: with it on, Jetty's default
 * servlet fails the decorated static page with a 500 ("written 0 &lt; 102506
 * content-length"). Neither change alters what SiteMesh does with a page once it has it.
 */
final class SiteMeshShim implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) res) {
            @Override
            public void setContentType(String type) {
                if (type != null) {
                    super.setContentType(type);
                }
            }

            @Override
            public void setHeader(String name, String value) {
                if (value != null || !"content-type".equalsIgnoreCase(name)) {
                    super.setHeader(name, value);
                }
            }
        });
    }
}

package dev.helpline.servlet;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.EnumSet;
import java.util.Set;

/**
 * Registers {@link HelplineFilter} in every web application that has the library and a
 * configuration: a {@code helpline.properties} on its classpath, or the
 * {@code helpline.config} system property or {@code HELPLINE_CONFIG} variable. Without one
 * it does nothing, so the jar is harmless where it is not configured.
 *
 * <p>The filter goes first in the chain ({@code isMatchAfter=false}), so that it sees the
 * page as the other filters leave it. A bad configuration stops the application's start
 * with every problem listed.
 */
public final class HelplineInitializer implements ServletContainerInitializer {
    /** The name the filter is registered under; a {@code web.xml} entry of that name wins. */
    public static final String FILTER_NAME = "helpline";

    /** For the container, which finds the initializer as a service. */
    public HelplineInitializer() {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        ConfigLoader loader = ConfigLoader.standard();
        if (context.getClassLoader() != null) {
            loader = loader.classLoader(context.getClassLoader());
        }
        if (!loader.anySourcePresent()) {
            context.log("helpline: no helpline.properties or helpline.config; filter not registered");
            return;
        }
        HelplineConfig config;
        try {
            config = loader.load();
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, new HelplineFilter(config));
        if (registration == null) {
            // web.xml's entry, or the jar's own web-fragment.xml (which this initializer stands in for where it runs).
            context.log("helpline: using the filter '" + FILTER_NAME + "' declared in web.xml or the jar's web-fragment.xml");
            return;
        }
        registration.setAsyncSupported(true);
        // FORWARD and ASYNC too: a forwarded page, or one written after AsyncContext.dispatch(),
        // is finished at the end of that pass (see HelplineFilter.doFilter).
        registration.addMappingForUrlPatterns(
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC), false, "/*");
    }
}

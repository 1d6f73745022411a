package dev.helpline.servlet.compat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a container runs: the same description on Jetty and on Tomcat. */
final class App {
    Filter filter;
    EnumSet<DispatcherType> dispatch = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
    ServletContainerInitializer initializer;
    /** URL pattern to servlet; every servlet is async-supported. */
    final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    /** Status to error-page path. */
    final Map<Integer, String> errorPages = new LinkedHashMap<>();
    /** Served by the container's own static-file servlet on "/" when set. */
    Path docroot;
    /** The container's compression (Jetty GzipHandler, Tomcat connector compression). */
    boolean compression;
    /** A WAR-layout folder deployed with its WEB-INF/web.xml (instead of everything above). */
    Path webapp;

    App filter(Filter f, DispatcherType... types) {
        this.filter = f;
        if (types.length > 0) {
            this.dispatch = EnumSet.of(types[0], types);
        }
        return this;
    }

    App servlet(String pattern, HttpServlet s) {
        servlets.put(pattern, s);
        return this;
    }
}

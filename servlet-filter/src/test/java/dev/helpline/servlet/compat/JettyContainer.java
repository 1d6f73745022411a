package dev.helpline.servlet.compat;

import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

/** Embedded Jetty 12.1 (ee10). */
final class JettyContainer implements Container {
    private Server server;

    @Override
    public int start(App app) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context;
        if (app.webapp != null) {
            WebAppContext webapp = new WebAppContext();
            webapp.setContextPath("/");
            webapp.setBaseResource(ResourceFactory.of(webapp).newResource(app.webapp.toAbsolutePath()));
            webapp.setParentLoaderPriority(false);
            context = webapp;
        } else {
            context = new ServletContextHandler("/");
            if (app.initializer != null) {
                context.addServletContainerInitializer(app.initializer);
            }
            if (app.filter != null) {
                FilterHolder holder = new FilterHolder(app.filter);
                holder.setName("helpline");
                holder.setAsyncSupported(true);
                context.addFilter(holder, "/*", app.dispatch);
            }
            app.servlets.forEach((pattern, servlet) -> {
                ServletHolder h = new ServletHolder(servlet);
                h.setAsyncSupported(true);
                context.addServlet(h, pattern);
            });
            if (app.docroot != null) {
                context.setBaseResource(ResourceFactory.of(context).newResource(app.docroot.toAbsolutePath()));
                ServletHolder files = new ServletHolder("default", DefaultServlet.class);
                files.setInitParameter("dirAllowed", "false");
                files.setInitParameter("etags", "true");
                files.setInitParameter("acceptRanges", "true");
                files.setAsyncSupported(true);
                context.addServlet(files, "/");
            }
            if (!app.errorPages.isEmpty()) {
                ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
                app.errorPages.forEach(errors::addErrorPage);
                context.setErrorHandler(errors);
            }
        }
        Handler top = context;
        if (app.compression) {
            GzipHandler gzip = new GzipHandler();
            gzip.setMinGzipSize(0);
            gzip.setHandler(context);
            top = gzip;
        }
        server.setHandler(top);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    public String version() {
        return "jetty-" + Server.getVersion();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
